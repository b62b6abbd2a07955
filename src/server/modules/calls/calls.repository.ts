/**
 * The only SQL of the calls area. Reads join the names of the customer, contact, users and group a
 * call refers to (a read model for the lists), so a page is one query.
 */
import { type ExpressionBuilder, type Insertable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { type DialectName, dialectOf, forUpdate } from '../../db/dialect.ts';
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

// The detail and the page rows are built and compiled once (db/precompiled.ts): building this
// select with its seven subqueries cost more CPU than running it.
const callById = precompiled((db, p: Params<{ id: number }>) => selectCalls(db).where('c.id', '=', p('id')));
const callsByIds = precompiledBy(
  (n: number) => (db, p: Params<Record<string, number>>) =>
    selectCalls(db).where(
      'c.id',
      'in',
      Array.from({ length: n }, (_, i) => p(`i${i}`)),
    ),
  (n) => String(n),
);

export type CallRow = NonNullable<Awaited<ReturnType<typeof callById.takeFirst>>>;

export function findCall(db: Queryable, id: number) {
  return callById.takeFirst(db, { id });
}

/** The bare row, locked for update on PostgreSQL (SQLite serialises writers). */
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
export async function listCalls(db: Queryable, f: CallFilter, page: { cursor?: CursorValue[]; limit: number; order?: CallOrder }): Promise<CallRow[]> {
  const order = page.order ?? 'newest';
  const keyset = { ...ORDERS[order], cursor: page.cursor, limit: page.limit };
  const compare = compareKeys(order);
  const split = destinationsOf(f);
  if (!split) return applyKeyset(applyFilter(selectCalls(db) as any, f), keyset).execute() as Promise<CallRow[]>;
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

/**
 * Pending calls addressed to me or my groups: how many are due now and how many postponed to a
 * moment still to come, in one statement reading each destination's partial-index range once.
 */
export async function countMine(db: Queryable, mine: { userId: number; groupIds: number[] }, now: string): Promise<{ now: number; postponed: number }> {
  const parts = [sql`select c.postponed_until from calls c where c.finished_at is null and c.to_user_id = ${mine.userId}`];
  if (mine.groupIds.length) parts.push(sql`select c.postponed_until from calls c where c.finished_at is null and c.to_group_id in (${sql.join(mine.groupIds)})`);
  const { rows } = await sql<{ now: number | null; postponed: number | null }>`
    select sum(case when m.postponed_until is null or m.postponed_until <= ${now} then 1 else 0 end) as now,
           sum(case when m.postponed_until > ${now} then 1 else 0 end) as postponed
    from (${sql.join(parts, sql` union all `)}) as m`.execute(db);
  return { now: Number(rows[0]?.now ?? 0), postponed: Number(rows[0]?.postponed ?? 0) };
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
