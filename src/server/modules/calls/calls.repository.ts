/**
 * The only SQL of the calls area. Reads join the names of the customer, contact, users and group a
 * call refers to (a read model for the lists), so a page is one query.
 */
import { type ExpressionBuilder, type Insertable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { type DialectName, dialectOf, forUpdate, fromJsonRows, jsonRows, lockAgainstWrites } from '../../db/dialect.ts';
import { type Companion, insertWithCompanions } from '../../db/companions.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import { type Params, precompiled, precompiledBy } from '../../db/precompiled.ts';
import type { DB } from '../../db/schema.ts';
import type { CallNotesTable, CallPostponementsTable, CallsTable } from './calls.tables.ts';

type CallsEb = ExpressionBuilder<DB & { c: CallsTable }, 'c'>;

/**
 * The call with its customer's code and name and its contact's name, from scalar subqueries on
 * primary keys rather than LEFT JOINs (PostgreSQL no longer searches join orders on every list).
 * The names of users and groups are not read here: the service takes them from the configuration
 * cache (users.service.ts userNames/groupNames), four lookups per row fewer.
 */
function selectCalls(db: Queryable) {
  return db
    .selectFrom('calls as c')
    .selectAll('c')
    .select((eb) => [
      eb.selectFrom('customers as cu').select('cu.code').whereRef('cu.id', '=', 'c.customer_id').as('customer_code'),
      eb.selectFrom('customers as cu').select('cu.name').whereRef('cu.id', '=', 'c.customer_id').as('customer_name'),
      eb.selectFrom('contacts as ct').select('ct.name').whereRef('ct.id', '=', 'c.contact_id').as('contact_name'),
    ]);
}

/** The columns of a list row (`callListItemSchema`, plus the priority order's key). */
const LIST_COLUMNS = ['c.id', 'c.status_code', 'c.customer_id', 'c.unit_id', 'c.phone', 'c.tax_id', 'c.serial_number', 'c.to_user_id', 'c.to_group_id', 'c.type_code', 'c.priority_code', 'c.priority_rank', 'c.description', 'c.registered_at', 'c.finished_at', 'c.postponed_until'] as const;

/** A list row: only what the lists show (customer's and contact's names by subquery, as selectCalls). */
function selectCallRows(db: Queryable) {
  return db
    .selectFrom('calls as c')
    .select(LIST_COLUMNS)
    .select((eb) => [
      eb.selectFrom('customers as cu').select('cu.name').whereRef('cu.id', '=', 'c.customer_id').as('customer_name'),
      eb.selectFrom('contacts as ct').select('ct.name').whereRef('ct.id', '=', 'c.contact_id').as('contact_name'),
    ]);
}

// The detail and the page rows are built and compiled once (db/precompiled.ts): building this
// select with its seven subqueries cost more CPU than running it.
const callById = precompiled((db, p: Params<{ id: number }>) => selectCalls(db).where('c.id', '=', p('id')), { pipelined: 'key' });
const callsByIds = precompiledBy(
  (n: number) => (db, p: Params<Record<string, number>>) =>
    selectCallRows(db).where(
      'c.id',
      'in',
      Array.from({ length: n }, (_, i) => p(`i${i}`)),
    ),
  (n) => String(n),
);

export type CallRow = NonNullable<Awaited<ReturnType<typeof callById.takeFirst>>>;
export type CallListRow = Awaited<ReturnType<ReturnType<typeof callsByIds>['all']>>[number];

export function findCall(db: Queryable, id: number) {
  return callById.takeFirst(db, { id });
}

const NOTE_COLUMNS = ['id', 'call_id', 'at', 'user_id', 'text'] as const satisfies ReadonlyArray<keyof CallNotesTable>;
const POSTPONEMENT_COLUMNS = ['id', 'call_id', 'at', 'user_id', 'until', 'reason', 'from_user_id', 'from_group_id', 'to_user_id', 'to_group_id'] as const satisfies ReadonlyArray<keyof CallPostponementsTable>;

/**
 * The call with its notes and its postponements in one statement (each a JSON array of its rows in
 * id order, db/dialect.ts jsonRows): one round trip instead of three. The notes and postponements
 * are the rows listNotes and listPostponements answer.
 */
const callDetailById = precompiled((db, p: Params<{ id: number }>) =>
  selectCalls(db)
    .select([
      jsonRows(db, { table: 'call_notes', columns: NOTE_COLUMNS, key: 'call_id', equals: sql.ref('c.id'), orderBy: 'id' }).as('notes_json'),
      jsonRows(db, { table: 'call_postponements', columns: POSTPONEMENT_COLUMNS, key: 'call_id', equals: sql.ref('c.id'), orderBy: 'id' }).as('postponements_json'),
    ])
    .where('c.id', '=', p('id')),
  { pipelined: 'key' },
);

export async function findCallDetail(db: Queryable, id: number): Promise<{ call: CallRow; notes: NoteRow[]; postponements: PostponementRow[] } | undefined> {
  const r = await callDetailById.takeFirst(db, { id });
  if (!r) return undefined;
  const { notes_json, postponements_json, ...call } = r;
  return { call, notes: fromJsonRows<NoteRow>(db, notes_json, ['at']), postponements: fromJsonRows<PostponementRow>(db, postponements_json, ['at', 'until']) };
}

/** The bare row, locked for update on PostgreSQL (SQLite serialises writers). */
/**
 * A registration's caller by phone, in one statement (one round trip instead of three or four):
 * the phone's rows (as customers.repository customerIdsByPhone: by id, at most 20); when they all
 * name one customer, that customer's name and code, the contact's name when they name exactly one
 * contact (as customers.repository findContact), and the priority codes of the customer's contracts
 * in force on `day` (as products.repository contractPrioritiesInForce). One row per answer, `kind`
 * telling them apart: 0 a phone row, 1 the customer, 2 the contact, 3 a contract's priority.
 */
const callerByPhoneQuery = precompiled((db, p: Params<{ normalized: string; day: string }>) => ({
  compile: () =>
    sql<{ kind: number; ord: number; id: number | null; id2: number | null; name: string | null; code: string | null }>`
      with p as (select id, customer_id, contact_id from phone_numbers where normalized = ${p('normalized')} order by id limit 20),
      one as (
        select min(customer_id) as customer_id, case when count(distinct contact_id) = 1 then min(contact_id) end as contact_id
        from p having count(distinct customer_id) = 1
      )
      select 0 as kind, p.id as ord, p.customer_id as id, p.contact_id as id2, cast(null as text) as name, cast(null as text) as code from p
      union all
      select 1, 0, cu.id, null, cu.name, cu.code from customers cu where cu.id = (select customer_id from one)
      union all
      select 2, 0, k.id, null, k.name, null from contacts k inner join customers c on c.id = k.customer_id where k.id = (select contact_id from one)
      union all
      select 3, row_number() over (order by k.code), null, null, null, k.priority_code from (
        select code, priority_code from contracts
        where customer_id = (select customer_id from one) and active = ${true} and start_date <= ${p('day')} and end_date >= ${p('day')}
        order by code limit 50
      ) k
      order by 1, 2`.compile(db),
}), { pipelined: true });

export type CallerByPhone = {
  /** The phone's rows, as customerIdsByPhone answers them. */
  rows: Array<{ customer_id: number; contact_id: number | null }>;
  /** Only when the rows name one customer (undefined if it is not found). */
  customer?: { name: string; code: string };
  /** Only when the rows name one customer and one contact, and the contact is found. */
  contactName?: string;
  /** The priority codes of the one customer's contracts in force, by contract code (nulls left out). */
  priorities: string[];
};

export async function callerByPhone(db: Queryable, normalized: string, day: string): Promise<CallerByPhone> {
  const out: CallerByPhone = { rows: [], priorities: [] };
  for (const r of await callerByPhoneQuery.all(db, { normalized, day })) {
    const kind = Number(r.kind);
    if (kind === 0) out.rows.push({ customer_id: Number(r.id), contact_id: r.id2 === null ? null : Number(r.id2) });
    else if (kind === 1) out.customer = { name: r.name!, code: r.code! };
    else if (kind === 2) out.contactName = r.name!;
    else if (r.code !== null) out.priorities.push(r.code);
  }
  return out;
}

export function lockCall(db: Queryable, id: number) {
  const dialect = dialectOf(db);
  return forUpdate(dialect, db.selectFrom('calls').selectAll().where('id', '=', id)).executeTakeFirst();
}

/** The call with its companion rows (audit, search), grouped with concurrent registrations (db/companions.ts). */
export function insertCall(db: Queryable, row: Insertable<CallsTable>, companions: (id: number) => Companion[]): Promise<number> {
  return insertWithCompanions(db, 'calls', row, companions);
}

export async function updateCall(db: Queryable, id: number, set: Updateable<CallsTable>): Promise<void> {
  await db.updateTable('calls').set(set).where('id', '=', id).execute();
}

/**
 * Sets the finish stamps only if the call is still pending; answers whether it did. The condition
 * in the UPDATE itself makes two concurrent finishes safe on both engines: the second one sees
 * `finished_at` already set and changes nothing.
 */
export async function finishIfPending(db: Queryable, id: number, set: Updateable<CallsTable>): Promise<boolean> {
  const r = await db.updateTable('calls').set(set).where('id', '=', id).where('finished_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Clears the finish stamps only if the call is still finished; answers whether it did (same guard as finishing). */
export async function reopenIfFinished(db: Queryable, id: number, set: Updateable<CallsTable>): Promise<boolean> {
  const r = await db.updateTable('calls').set(set).where('id', '=', id).where('finished_at', 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Postpones only a pending call (same guard as finishing). */
export async function postponeIfPending(db: Queryable, id: number, set: Updateable<CallsTable>): Promise<boolean> {
  const r = await db
    .updateTable('calls')
    .set({ ...set, postpone_count: sql`postpone_count + 1` })
    .where('id', '=', id)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function callExists(db: Queryable, id: number) {
  return db.selectFrom('calls').select('id').where('id', '=', id).executeTakeFirst();
}

export type CallFilter = {
  view: 'now' | 'postponed' | 'finished' | 'all';
  /** ISO instant that "now" means for postponements. */
  now: string;
  /** Addressed to this user or one of these groups. */
  mine?: { userId: number; groupIds: number[] };
  /** Addressed to exactly this destination (how `mine` is read: one index range per destination). */
  destination?: { userId?: number; groupId?: number };
  pending?: boolean;
  typeCode?: string;
  toUserId?: number;
  toGroupId?: number;
  customerId?: number;
  unitId?: number;
  /** registered_at >= fromAt and < toAt (UTC instants) */
  fromAt?: string;
  toAt?: string;
  /** ids matching a text search (a subquery from the search service) */
  ids?: SelectQueryBuilder<any, any, { entity_id: number }>;
};

function applyFilter<QB extends { where: (...args: any[]) => QB }>(qb: QB, f: CallFilter): QB {
  let q = qb;
  if (f.view === 'now') {
    q = q.where('c.finished_at', 'is', null).where((eb: CallsEb) => eb.or([eb('c.postponed_until', 'is', null), eb('c.postponed_until', '<=', f.now)]));
  } else if (f.view === 'postponed') {
    q = q.where('c.finished_at', 'is', null).where('c.postponed_until', '>', f.now);
  } else if (f.view === 'finished') {
    q = q.where('c.finished_at', 'is not', null);
  }
  if (f.pending === true) q = q.where('c.finished_at', 'is', null);
  if (f.pending === false) q = q.where('c.finished_at', 'is not', null);
  if (f.mine) {
    const { userId, groupIds } = f.mine;
    q = q.where((eb: CallsEb) =>
      groupIds.length ? eb.or([eb('c.to_user_id', '=', userId), eb('c.to_group_id', 'in', groupIds)]) : eb('c.to_user_id', '=', userId),
    );
  }
  if (f.destination?.userId) q = q.where('c.to_user_id', '=', f.destination.userId);
  if (f.destination?.groupId) q = q.where('c.to_group_id', '=', f.destination.groupId);
  if (f.typeCode) q = q.where('c.type_code', '=', f.typeCode);
  if (f.toUserId) q = q.where('c.to_user_id', '=', f.toUserId);
  if (f.toGroupId) q = q.where('c.to_group_id', '=', f.toGroupId);
  if (f.customerId) q = q.where('c.customer_id', '=', f.customerId);
  if (f.unitId) q = q.where('c.unit_id', '=', f.unitId);
  if (f.fromAt) q = q.where('c.registered_at', '>=', f.fromAt);
  if (f.toAt) q = q.where('c.registered_at', '<', f.toAt);
  if (f.ids) q = q.where('c.id', 'in', f.ids);
  return q;
}

/** "Mine" as its destinations: me, then each of my groups. A call has exactly one destination. */
function destinationsOf(f: CallFilter): CallFilter[] | undefined {
  if (!f.mine) return undefined;
  const { mine: _, ...rest } = f;
  return [{ ...rest, destination: { userId: f.mine.userId } }, ...f.mine.groupIds.map((groupId) => ({ ...rest, destination: { groupId } }))];
}

/** How a list is ordered: newest first, or most urgent first (priority rank, then oldest first). */
export type CallOrder = 'newest' | 'priority';

const ORDERS = {
  newest: { columns: ['c.registered_at', 'c.id'], direction: 'desc' as const },
  priority: { columns: ['c.priority_rank', 'c.registered_at', 'c.id'], direction: 'asc' as const },
};

type SortKey = { priority_rank: number; registered_at: string; id: number };

function compareKeys(order: CallOrder) {
  const newest = (a: SortKey, b: SortKey) => (a.registered_at < b.registered_at ? 1 : a.registered_at > b.registered_at ? -1 : Number(b.id) - Number(a.id));
  if (order === 'newest') return newest;
  return (a: SortKey, b: SortKey) => Number(a.priority_rank) - Number(b.priority_rank) || -newest(a, b);
}

/**
 * One page in the given order. For "mine" each destination is its own ordered range of a partial
 * index (an OR across two columns would make either engine scan and sort every pending call):
 * the keys of each range come straight from the index, are merged here, and only the page's rows
 * are then read with their names.
 */
export async function listCalls(db: Queryable, f: CallFilter, page: { cursor?: CursorValue[]; limit: number; order?: CallOrder }): Promise<CallListRow[]> {
  const order = page.order ?? 'newest';
  if (isInboxOnly(f)) return inboxPage(db, f, { ...page, order });
  const keyset = { ...ORDERS[order], cursor: page.cursor, limit: page.limit };
  const compare = compareKeys(order);
  const split = destinationsOf(f);
  if (!split) return applyKeyset(applyFilter(selectCallRows(db) as any, f), keyset).execute() as Promise<CallListRow[]>;
  // Only the order's own columns, so each range is read from its (covering) index alone: the
  // newest-first ranges do not hold priority_rank, and reading it sent every key to the table.
  const keyColumns = order === 'priority' ? (['c.priority_rank', 'c.registered_at', 'c.id'] as const) : (['c.registered_at', 'c.id'] as const);
  const keys = await Promise.all(
    split.map((x) => applyKeyset(applyFilter(db.selectFrom('calls as c').select([...keyColumns]) as any, x), keyset).execute() as Promise<SortKey[]>),
  );
  const ids = keys
    .flat()
    .sort(compare)
    .slice(0, page.limit + 1)
    .map((k) => Number(k.id));
  if (!ids.length) return [];
  const rows = await callsByIds(ids.length).all(db, Object.fromEntries(ids.map((id, i) => [`i${i}`, id])));
  return rows.sort(compare);
}

/** "Mine" in one view and nothing else: the inbox's pages (the agents' hot path), one precompiled statement. */
function isInboxOnly(f: CallFilter): f is CallFilter & { mine: NonNullable<CallFilter['mine']> } {
  return (
    f.mine !== undefined &&
    f.destination === undefined &&
    f.pending === undefined &&
    f.typeCode === undefined &&
    f.toUserId === undefined &&
    f.toGroupId === undefined &&
    f.customerId === undefined &&
    f.unitId === undefined &&
    f.fromAt === undefined &&
    f.toAt === undefined &&
    f.ids === undefined
  );
}

type InboxShape = { view: CallFilter['view']; order: CallOrder; groups: number; cursor: boolean };

/**
 * A page of "mine" as ONE statement, built and compiled once per shape (view, order, number of
 * groups, first page or not): the same ordered index range per destination as listCalls (me, then
 * each group; each `limit` keys from its partial index), merged in SQL, and the page's rows read
 * with their customer and contact names. Four statements (three ranges, then the rows) were most
 * of the page's CPU on both engines; the answer is the same rows in the same order. On PostgreSQL a
 * pipelined read (pg-statements.ts): ~0.4 ms of SQL, and with several agents at once one backend
 * answers the pages back to back (5 at once: ~20 % less CPU per request, Node and backend).
 */
const inboxPages = precompiledBy(
  (shape: InboxShape) => (db, p: Params<Record<string, string | number>>) => {
    const { columns, direction } = ORDERS[shape.order];
    const keyColumns = shape.order === 'priority' ? (['c.priority_rank', 'c.registered_at', 'c.id'] as const) : (['c.registered_at', 'c.id'] as const);
    const destinations: CallFilter['destination'][] = [{ userId: p('userId') as number }, ...Array.from({ length: shape.groups }, (_, i) => ({ groupId: p(`g${i}`) as number }))];
    const ranges = destinations.map((destination, n) => {
      let q = applyFilter(db.selectFrom('calls as c').select([...keyColumns]) as any, { view: shape.view, now: p('now') as string, destination }) as SelectQueryBuilder<any, any, SortKey>;
      if (shape.cursor) {
        const cols = sql.join(columns.map((c) => sql.ref(c)));
        const vals = sql.join(columns.map((_, i) => sql`${p(`k${i}`)}`));
        q = q.where(sql<boolean>`(${cols}) ${sql.raw(direction === 'asc' ? '>' : '<')} (${vals})`);
      }
      for (const c of columns) q = q.orderBy(sql.ref(c), direction);
      return sql`select * from (${q.limit(p('limit') as number)}) as ${sql.id(`r${n}`)}`;
    });
    const dir = sql.raw(direction);
    const orderOf = (alias: string) => sql.join(keyColumns.map((c) => sql`${sql.id(alias)}.${sql.id(c.slice(2))} ${dir}`));
    const q = sql<CallListRow>`select ${sql.join(LIST_COLUMNS.map((c) => sql.ref(c)))},
        (select cu.name from customers as cu where cu.id = c.customer_id) as customer_name,
        (select ct.name from contacts as ct where ct.id = c.contact_id) as contact_name
      from (select * from (${sql.join(ranges, sql` union all `)}) as m order by ${orderOf('m')} limit ${p('limit')}) as k
      cross join calls as c
      where c.id = k.id
      order by ${orderOf('k')}`;
    return { compile: () => q.compile(db) };
  },
  (shape) => `${shape.view}/${shape.order}/${shape.groups}/${shape.cursor ? 1 : 0}`,
  200,
  { pipelined: true },
);

function inboxStatement(f: CallFilter & { mine: NonNullable<CallFilter['mine']> }, page: { cursor?: CursorValue[]; limit: number; order: CallOrder }) {
  const params: Record<string, string | number> = { userId: f.mine.userId, now: f.now, limit: page.limit + 1 };
  f.mine.groupIds.forEach((g, i) => (params[`g${i}`] = g));
  page.cursor?.forEach((v, i) => (params[`k${i}`] = v as string | number));
  return { query: inboxPages({ view: f.view, order: page.order, groups: f.mine.groupIds.length, cursor: Boolean(page.cursor) }), params };
}

function inboxPage(db: Queryable, f: CallFilter & { mine: NonNullable<CallFilter['mine']> }, page: { cursor?: CursorValue[]; limit: number; order: CallOrder }): Promise<CallListRow[]> {
  const { query, params } = inboxStatement(f, page);
  return query.all(db, params);
}

/** The SQL and parameters of an inbox page ("mine" in one view), for EXPLAIN (bench/explain.ts). */
export function compileInboxPage(db: Queryable, mine: { userId: number; groupIds: number[] }, page: { view: CallFilter['view']; now: string; cursor?: CursorValue[]; limit: number; order?: CallOrder }) {
  const { query, params } = inboxStatement({ view: page.view, now: page.now, mine }, { cursor: page.cursor, limit: page.limit, order: page.order ?? 'newest' });
  return query.compile(db, params);
}

/**
 * Pending calls addressed to me or my groups: how many are due now and how many postponed to a
 * moment still to come, in one statement that counts no calls: the pending ones from the counters
 * kept on write (`call_inbox_counts`, inbox-counts.ts), the postponed ones from the partial indexes
 * holding only pending postponed calls (`calls_postponed_user_idx` / `_group_idx`), a range bounded
 * by how many are postponed into the future. Due now = pending − postponed.
 */
const countMineOf = precompiledBy(
  (groups: number) => (db, p: Params<Record<string, string | number>>) => {
    const groupIds = Array.from({ length: groups }, (_, i) => p(`g${i}`) as number);
    return db.selectNoFrom((eb) => [
      eb
        .selectFrom('call_inbox_counts')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('pending'), e.lit(0)).as('n'))
        .where('dest', 'in', [p('userDest') as string, ...Array.from({ length: groups }, (_, i) => p(`d${i}`) as string)])
        .as('pending'),
      eb
        .selectFrom('calls as c')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('c.finished_at', 'is', null)
        .where('c.postponed_until', 'is not', null)
        .where('c.to_user_id', '=', p('userId') as number)
        .where('c.postponed_until', '>', p('now') as string)
        .as('user_postponed'),
      groups
        ? eb
            .selectFrom('calls as c')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('c.finished_at', 'is', null)
            .where('c.postponed_until', 'is not', null)
            .where('c.to_group_id', 'in', groupIds)
            .where('c.postponed_until', '>', p('now') as string)
            .as('group_postponed')
        : eb.lit(0).as('group_postponed'),
    ]);
  },
  (groups) => String(groups),
  200,
  { pipelined: true },
);

export async function countMine(db: Queryable, mine: { userId: number; groupIds: number[] }, now: string): Promise<{ now: number; postponed: number }> {
  const params: Record<string, string | number> = { userDest: `u:${mine.userId}`, userId: mine.userId, now };
  mine.groupIds.forEach((g, i) => {
    params[`g${i}`] = g;
    params[`d${i}`] = `g:${g}`;
  });
  const r = await countMineOf(mine.groupIds.length).takeFirst(db, params);
  const pending = Number(r?.pending ?? 0);
  const postponed = Number(r?.user_postponed ?? 0) + Number(r?.group_postponed ?? 0);
  return { now: pending - postponed, postponed };
}

/** Everyone's pending calls due now (supervisors' badge): every counter less the calls postponed into the future (calls_postponed_idx). */
const countAllNowOf = precompiled((db, p: Params<{ now: string }>) =>
  db.selectNoFrom((eb) => [
    eb
      .selectFrom('call_inbox_counts')
      .select((e) => e.fn.coalesce(e.fn.sum<number>('pending'), e.lit(0)).as('n'))
      .as('pending'),
    eb
      .selectFrom('calls as c')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('c.finished_at', 'is', null)
      .where('c.postponed_until', 'is not', null)
      .where('c.postponed_until', '>', p('now'))
      .as('postponed'),
  ]),
);

export async function countAllPendingNow(db: Queryable, now: string): Promise<number> {
  const r = await countAllNowOf.takeFirst(db, { now });
  return Number(r?.pending ?? 0) - Number(r?.postponed ?? 0);
}

/** Adds rows of +n/−n to the pending counters (one insert; no counter row is ever updated). */
const addInboxCountsOf = precompiledBy(
  (n: number) => (db, p: Params<Record<string, string | number>>) =>
    db.insertInto('call_inbox_counts').values(Array.from({ length: n }, (_, i) => ({ dest: p(`d${i}`) as string, pending: p(`n${i}`) as number }))),
  (n) => String(n),
);

export async function addInboxCounts(db: Queryable, deltas: Array<{ dest: string; pending: number }>): Promise<void> {
  if (!deltas.length) return;
  const params: Record<string, string | number> = {};
  deltas.forEach((d, i) => {
    params[`d${i}`] = d.dest;
    params[`n${i}`] = d.pending;
  });
  await addInboxCountsOf(deltas.length).all(db, params);
}

/** Destinations with more than one counter row (what the fold has to do), at most `limit`. */
export async function inboxDestsToFold(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('call_inbox_counts').select('dest').groupBy('dest').having((eb) => eb.fn.countAll(), '>', 1).orderBy('dest').limit(limit).execute();
  return rows.map((r) => r.dest);
}

/**
 * Folds one destination's counter rows into one (inside the caller's transaction): the rows this
 * DELETE removes are exactly the ones summed — on PostgreSQL a row another fold is removing is
 * waited for and then skipped, and rows committed meanwhile are left for the next fold — so two
 * folds at once never count a row twice or lose one.
 */
export async function foldInboxDest(db: Queryable, dest: string): Promise<number> {
  const removed = await db.deleteFrom('call_inbox_counts').where('dest', '=', dest).returning('pending').execute();
  if (!removed.length) return 0;
  const sum = removed.reduce((a, r) => a + Number(r.pending), 0);
  if (sum !== 0) await db.insertInto('call_inbox_counts').values({ dest, pending: sum }).execute();
  return removed.length;
}

/**
 * Recomputes every pending counter from the calls (inside the caller's transaction): writes to the
 * calls wait until it commits (lockAgainstWrites), so no change is counted twice or missed.
 */
export async function recountInbox(db: Queryable): Promise<number> {
  await lockAgainstWrites(db, 'calls');
  await db.deleteFrom('call_inbox_counts').execute();
  await sql`insert into call_inbox_counts (dest, pending)
    select 'u:' || to_user_id, count(*) from calls where finished_at is null and to_user_id is not null group by to_user_id
    union all
    select 'g:' || to_group_id, count(*) from calls where finished_at is null and to_group_id is not null group by to_group_id`.execute(db);
  const r = await db.selectFrom('call_inbox_counts').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('pending'), eb.lit(0)).as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The counters summed per destination, those not zero (tests, checks). */
export async function inboxCounts(db: Queryable): Promise<Array<{ dest: string; pending: number }>> {
  const rows = await db
    .selectFrom('call_inbox_counts')
    .select(['dest', (eb) => eb.fn.sum<number>('pending').as('pending')])
    .groupBy('dest')
    .orderBy('dest')
    .execute();
  return rows.map((r) => ({ dest: r.dest, pending: Number(r.pending) })).filter((r) => r.pending !== 0);
}

export async function countCalls(db: Queryable, f: CallFilter): Promise<number> {
  const split = destinationsOf(f);
  if (split) return (await Promise.all(split.map((x) => countCalls(db, x)))).reduce((a, b) => a + b, 0);
  const qb = applyFilter(db.selectFrom('calls as c') as any, f) as ReturnType<typeof db.selectFrom<'calls as c'>>;
  const r = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertNote(db: Queryable, row: Insertable<CallNotesTable>): Promise<number> {
  const r = await db.insertInto('call_notes').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

// Names of authors and destinations come from the configuration cache (calls.service.ts).
const notesOf = precompiled((db, p: Params<{ callId: number }>) =>
  db.selectFrom('call_notes as n').selectAll('n').where('n.call_id', '=', p('callId')).orderBy('n.id', 'asc'),
  { pipelined: true },
);

export function listNotes(db: Queryable, callId: number) {
  return notesOf.all(db, { callId });
}
export type NoteRow = Awaited<ReturnType<typeof listNotes>>[number];

export async function insertPostponement(db: Queryable, row: Insertable<CallPostponementsTable>): Promise<number> {
  const r = await db.insertInto('call_postponements').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export function listPostponements(db: Queryable, callId: number) {
  return postponementsOf.all(db, { callId });
}

const postponementsOf = precompiled((db, param: Params<{ callId: number }>) =>
  db.selectFrom('call_postponements as p').selectAll('p').where('p.call_id', '=', param('callId')).orderBy('p.id', 'asc'),
  { pipelined: true },
);
export type PostponementRow = Awaited<ReturnType<typeof listPostponements>>[number];

/** Calls of a customer or a unit registered before an instant, newest first (feeds), with who registered them. */
export function callsBefore(db: Queryable, by: { customerId?: number; unitId?: number }, before: string | undefined, limit: number) {
  let q = selectCalls(db).select((eb) => eb.selectFrom('users as ru').select('ru.name').whereRef('ru.id', '=', 'c.registered_by').as('registered_by_name'));
  if (by.customerId !== undefined) q = q.where('c.customer_id', '=', by.customerId);
  if (by.unitId !== undefined) q = q.where('c.unit_id', '=', by.unitId);
  if (before) q = q.where('c.registered_at', '<', before);
  return q.orderBy('c.registered_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
}
