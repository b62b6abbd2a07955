/**
 * The only SQL of the incidents area. Reads take the names they show (customer, item, owner,
 * registering user) from scalar subqueries on primary keys, so a list page is one query.
 */
import { type Insertable, type Kysely, type RawBuilder, type Selectable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { boolLiteral, claimRows, type DialectName, dialectOf, forUpdate, fullTextAnySource, indexedBy } from '../../db/dialect.ts';
import type { DB } from '../../db/schema.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import { insertRowsPrecompiled, type Params, precompiled, precompiledBy, updateFromValuesPrecompiled } from '../../db/precompiled.ts';
import type { IncidentChangesTable, IncidentEventsTable, IncidentSuppliesTable, IncidentsTable } from './incidents.tables.ts';
import { insertManyReturningIds, insertReturningId } from '../../db/rows.ts';

/**
 * Takes the next number of `year` inside the caller's transaction: one statement that creates the
 * year's counter or increments it. PostgreSQL holds the counter row's lock until the transaction
 * ends (concurrent intakes queue on it); SQLite has one writer at a time. A rolled-back intake
 * rolls its increment back too, so numbers have no gaps.
 */
// The statements of an intake are built and compiled once (db/precompiled.ts): building and
// compiling ~30 Kysely queries was a quarter of an intake's CPU (`bench/intake-profile.ts --profile`).
const nextNumber = precompiled((db, p: Params<{ year: number }>) =>
  db
    .insertInto('incident_counters')
    .values({ year: p('year'), last_number: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`incident_counters.last_number + 1` }))
    .returning('last_number'),
);

export async function takeNumber(db: Queryable, year: number): Promise<number> {
  const r = await nextNumber.takeFirst(db, { year });
  return Number(r!.last_number);
}

type Row = Record<string, unknown>;
/** One INSERT per table and column set (an intake always writes the same columns). */
const insertOf = precompiledBy(
  (shape: { table: 'incidents' | 'incident_changes'; columns: string[] }) => (db, p: Params<Row>) => {
    const q = db.insertInto(shape.table).values(Object.fromEntries(shape.columns.map((c) => [c, p(c)])) as never);
    return shape.table === 'incidents' ? q.returning('id') : q;
  },
  (shape) => `${shape.table}|${shape.columns.join(',')}`,
  20,
);
const columnsOf = (row: object) => Object.keys(row).filter((c) => (row as Row)[c] !== undefined);

export async function insertIncident(db: Queryable, row: Insertable<IncidentsTable>): Promise<number> {
  const r = (await insertOf({ table: 'incidents', columns: columnsOf(row) }).takeFirst(db, row as Row)) as unknown as { id: unknown };
  return Number(r.id);
}

function selectIncidents(db: Queryable) {
  return db
    .selectFrom('incidents as i')
    .selectAll('i')
    .select((eb) => [
      eb.selectFrom('customers as cu').select('cu.code').whereRef('cu.id', '=', 'i.customer_id').as('customer_code'),
      eb.selectFrom('customers as cu').select('cu.name').whereRef('cu.id', '=', 'i.customer_id').as('customer_name'),
      eb.selectFrom('items as it').select('it.code').whereRef('it.id', '=', 'i.item_id').as('item_code'),
      eb.selectFrom('items as it').select('it.description').whereRef('it.id', '=', 'i.item_id').as('item_description'),
      eb.selectFrom('users as ou').select('ou.name').whereRef('ou.id', '=', 'i.owner_user_id').as('owner_user_name'),
      eb.selectFrom('groups as og').select('og.name').whereRef('og.id', '=', 'i.owner_group_id').as('owner_group_name'),
      eb.selectFrom('users as ru').select('ru.name').whereRef('ru.id', '=', 'i.registered_by').as('registered_by_name'),
    ]);
}
export type IncidentRow = NonNullable<Awaited<ReturnType<typeof findIncident>>>;

const incidentById = precompiled((db, p: Params<{ id: number }>) => selectIncidents(db as Queryable).where('i.id', '=', p('id')));

export function findIncident(db: Queryable, id: number) {
  return incidentById.takeFirst(db, { id });
}

/** The bare row, locked for update on PostgreSQL (SQLite serialises writers). */
export function lockIncident(db: Queryable, id: number) {
  const dialect = dialectOf(db);
  return forUpdate(dialect, db.selectFrom('incidents').selectAll().where('id', '=', id)).executeTakeFirst();
}

/** Several incidents locked for the rest of the transaction, in id order (so two batches never deadlock). */
export function lockIncidents(db: Queryable, ids: number[]) {
  const dialect = dialectOf(db);
  return forUpdate(dialect, db.selectFrom('incidents').selectAll().where('id', 'in', ids).orderBy('id')).execute();
}

/** Locks those of these incidents nobody else holds (`FOR UPDATE SKIP LOCKED`; SQLite: all of them) and answers their ids. */
export async function lockFreeIncidents(db: Queryable, ids: number[]): Promise<number[]> {
  const rows = await claimRows(db, db.selectFrom('incidents').select('id').where('id', 'in', ids).orderBy('id')).execute();
  return rows.map((r) => Number(r.id));
}

export async function incidentExists(db: Queryable, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('incidents').select('id').where('id', '=', id).executeTakeFirst());
}

export async function updateIncident(db: Queryable, id: number, set: Updateable<IncidentsTable>): Promise<void> {
  await db.updateTable('incidents').set(set).where('id', '=', id).execute();
}

/** The SLA deadlines shown on the incident (every intake writes them): compiled once. */
const deadlinesOf = precompiled((db, p: Params<{ id: number; response: string | null; resolution: string | null }>) =>
  db.updateTable('incidents').set({ response_due_at: p('response'), resolution_due_at: p('resolution') }).where('id', '=', p('id')),
);

export async function setDeadlines(db: Queryable, id: number, d: { responseDueAt: string | null; resolutionDueAt: string | null }): Promise<void> {
  await deadlinesOf.all(db, { id, response: d.responseDueAt, resolution: d.resolutionDueAt });
}

/** Several incidents' deadlines, one `UPDATE … FROM (VALUES …)` (one incident: the statement above). */
export async function setManyDeadlines(db: Queryable, rows: Array<{ id: number; responseDueAt: string | null; resolutionDueAt: string | null }>): Promise<void> {
  if (rows.length === 1) return setDeadlines(db, rows[0]!.id, rows[0]!);
  // Compiled once per row count (a group of intakes' deadlines, inside its write lock).
  await updateFromValuesPrecompiled(
    db,
    'incidents',
    [{ name: 'id', pgType: 'bigint' }],
    [
      { name: 'response_due_at', pgType: 'timestamptz' },
      { name: 'resolution_due_at', pgType: 'timestamptz' },
    ],
    rows.map((r) => ({ id: r.id, response_due_at: r.responseDueAt, resolution_due_at: r.resolutionDueAt })),
  );
}

/** Stamps the first response only if none is stamped yet; answers whether it did. */
export async function stampFirstResponse(db: Queryable, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('incidents').set({ first_response_at: at, updated_at: at }).where('id', '=', id).where('first_response_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export type IncidentFilter = {
  open?: boolean;
  stage?: string;
  ownerUserId?: number;
  /** owned by one of these groups */
  ownerGroupIds?: number[];
  unassigned?: boolean;
  statusCode?: string;
  priorityCode?: string;
  caseType?: string;
  customerId?: number;
  unitId?: number;
  ids?: SelectQueryBuilder<any, any, { entity_id: number }>;
};

/** The columns of a list page's row (`incidentListItemSchema`): what the lists show and filter by. */
const LIST_COLUMNS = ['id', 'number', 'received_at', 'customer_id', 'unit_id', 'serial_number', 'case_type', 'symptom', 'owner_user_id', 'owner_group_id', 'status_code', 'priority_code', 'stage'] as const;

/** A row of a list page with its customer's code and name (users' and groups' names come from the configuration cache). */
export type IncidentListRow = Pick<Selectable<IncidentsTable>, (typeof LIST_COLUMNS)[number]> & { customer_code: string | null; customer_name: string | null };

type FilterValues = Record<string, string | number | boolean>;

/**
 * How one page is read: one or more ranges, each an index range newest first that stops at the page
 * (`select received_at, id … order by received_at desc, id desc limit n+1`), merged, and only the
 * page's rows read with their customer and item (one join each). Each range names its index on
 * SQLite (`INDEXED BY`): its planner took the open-incidents index for "open and status EC" (and
 * read 1,100 rows from the table for 50: 30 ms) because its statistics rate every index alike.
 *
 * - unit, customer: their own index (the open flag and the rest checked on their few rows);
 * - owner user or group: the owner index `(owner, is_open, received_at, id)`, one range per group and,
 *   when open is not asked for, one per value of is_open (the index gives each range in order; an
 *   IN or a skipped column would read every incident of the owner and sort them);
 * - open incidents by status, priority, stage or case type, and the unassigned ones: partial indexes
 *   of open incidents (migration 2026-11-30-1400). Their condition is written as a literal
 *   (`is_open = 1` / `true`): a bound parameter cannot match an index's WHERE. A stage other than
 *   closed is an open incident (closing sets both; reopening both back), so it uses them too;
 * - closed or any incidents by status, priority or case type: the full `(code, received_at, id)` indexes;
 * - otherwise open/closed `(is_open, received_at, id)`, or everything `(received_at, id)`.
 */
type InboxPlan = {
  /** the index each range walks (SQLite INDEXED BY); null: the planner chooses (a search) */
  index: string | null;
  /** per range: what tells it apart from the others (one of the groups, a value of is_open) */
  ranges: Array<{ groupParam?: string; open?: boolean }>;
  /** `is_open` as a literal in every range (so a partial index of open incidents applies) */
  openLiteral: boolean;
  /** `is_open` as a bound parameter of every range */
  openParam: boolean;
  /** the equality filters of every range (each a bound parameter) */
  filters: Array<keyof IncidentFilter>;
  /** owned by one of these groups, in every range (when the groups are not the ranges) */
  groupParams: string[];
  unassigned: boolean;
  cursor: boolean;
  /**
   * The page size plus one written into the SQL (a common page size: COMMON_PAGES), else bound
   * (null). PostgreSQL plans a named statement's generic plan for a bound LIMIT as if it read a
   * tenth of the range, so every page but an owner's kept being planned for its values: 0.3–0.5 ms
   * of planning per page, against ~0.2 ms for the generic plan's whole execution.
   */
  limit?: number | null;
};

/** Page sizes written into a page's SQL as literals (the screens' 50, the customer page's 10…); any other is bound. */
const COMMON_PAGES = new Set([10, 20, 25, 50, 100]);

function planInbox(f: IncidentFilter, cursor: boolean): { plan: InboxPlan; values: FilterValues } {
  const values: FilterValues = {};
  const filters: InboxPlan['filters'] = [];
  for (const k of ['stage', 'statusCode', 'priorityCode', 'caseType', 'customerId', 'unitId', 'ownerUserId'] as const) {
    const v = f[k];
    if (v !== undefined) {
      filters.push(k);
      values[k] = v;
    }
  }
  const groups = (f.ownerGroupIds ?? []).map((g, i) => {
    values[`g${i}`] = g;
    return `g${i}`;
  });
  // A stage other than closed is an open incident: stated as the literal the partial indexes hold.
  const openLiteral = f.open === true || (f.open === undefined && f.stage !== undefined && f.stage !== 'closed');
  const openParam = f.open === false || (f.open === undefined && f.stage === 'closed');
  if (openParam) values.open = false;
  // An owner index holds is_open before received_at: with no open filter, one range per value.
  const eachOpen = !openLiteral && !openParam ? [{ open: true }, { open: false }] : [{}];
  let index: string | null;
  let ranges: InboxPlan['ranges'] = [{}];
  let groupParams = groups;
  if (f.ids) index = null;
  else if (f.unitId !== undefined) index = 'incidents_unit_idx';
  else if (f.customerId !== undefined) index = 'incidents_customer_idx';
  else if (f.ownerUserId !== undefined) {
    index = 'incidents_owner_user_idx';
    ranges = eachOpen;
  } else if (f.ownerGroupIds) {
    index = 'incidents_owner_group_idx';
    ranges = groups.flatMap((g) => eachOpen.map((r) => ({ ...r, groupParam: g })));
    groupParams = [];
  } else if (f.unassigned && openLiteral) index = 'incidents_unassigned_idx';
  else if (f.unassigned) {
    index = 'incidents_owner_group_idx';
    ranges = eachOpen;
  } else if (openLiteral) {
    index =
      f.statusCode !== undefined
        ? 'incidents_open_status_idx'
        : f.priorityCode !== undefined
          ? 'incidents_open_priority_idx'
          : f.stage !== undefined
            ? 'incidents_open_stage_idx'
            : f.caseType !== undefined
              ? 'incidents_open_case_type_idx'
              : 'incidents_open_received_idx';
  } else if (f.statusCode !== undefined) index = 'incidents_status_idx';
  else if (f.priorityCode !== undefined) index = 'incidents_priority_idx';
  else if (f.caseType !== undefined) index = 'incidents_case_type_idx';
  else if (openParam) index = 'incidents_open_received_idx';
  else index = 'incidents_received_idx';
  return { plan: { index, ranges, openLiteral, openParam, filters, groupParams, unassigned: Boolean(f.unassigned), cursor }, values };
}

const COLUMN: Record<string, string> = {
  stage: 'stage',
  statusCode: 'status_code',
  priorityCode: 'priority_code',
  caseType: 'case_type',
  customerId: 'customer_id',
  unitId: 'unit_id',
  ownerUserId: 'owner_user_id',
};

function inboxQuery(plan: InboxPlan, ids?: IncidentFilter['ids']) {
  return (db: Kysely<DB>, p: Params<Record<string, unknown>>) => {
    const yes = boolLiteral(db, true);
    const limit = plan.limit ? sql.lit(plan.limit) : p('limit');
    const ranges = plan.ranges.map((r, n) => {
      const where: RawBuilder<unknown>[] = [];
      if (plan.openLiteral) where.push(sql`i.is_open = ${yes}`);
      if (plan.openParam) where.push(sql`i.is_open = ${p('open')}`);
      if (r.open !== undefined) where.push(sql`i.is_open = ${boolLiteral(db, r.open)}`);
      for (const k of plan.filters) where.push(sql`i.${sql.raw(COLUMN[k]!)} = ${p(k)}`);
      if (r.groupParam) where.push(sql`i.owner_group_id = ${p(r.groupParam)}`);
      if (plan.groupParams.length) where.push(sql`i.owner_group_id in (${sql.join(plan.groupParams.map((g) => p(g)))})`);
      if (plan.unassigned) where.push(sql`i.owner_user_id is null and i.owner_group_id is null`);
      if (ids) where.push(sql`i.id in (${ids})`);
      if (plan.cursor) where.push(sql`(i.received_at, i.id) < (${p('cursorAt')}, ${p('cursorId')})`);
      const from = plan.index ? sql`incidents as i ${indexedBy(db, plan.index)}` : sql`incidents as i`;
      return sql`select * from (select i.received_at, i.id from ${from} ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``} order by i.received_at desc, i.id desc limit ${limit}) as ${sql.id(`r${n}`)}`;
    });
    const q = sql<IncidentListRow>`select ${sql.join(LIST_COLUMNS.map((c) => sql`i.${sql.raw(c)}`))}, cu.code as customer_code, cu.name as customer_name
      from (${sql.join(ranges, sql` union all `)}) as k
      cross join incidents as i
      left join customers as cu on cu.id = i.customer_id
      where i.id = k.id
      order by k.received_at desc, k.id desc
      limit ${limit}`;
    return { compile: () => q.compile(db) };
  };
}

const inboxQueries = precompiledBy((plan: InboxPlan) => inboxQuery(plan), (plan) => JSON.stringify(plan), 500, { pipelined: true });

/** A page of incidents newest received first (see InboxPlan for how each filter is read). */
export async function listIncidents(db: Queryable, f: IncidentFilter, page: { cursor?: CursorValue[]; limit: number }): Promise<IncidentListRow[]> {
  if (f.ownerGroupIds && !f.ownerGroupIds.length) return [];
  const { plan, values } = planInbox(f, Boolean(page.cursor));
  plan.limit = COMMON_PAGES.has(page.limit) ? page.limit + 1 : null;
  const params: Record<string, unknown> = { ...values, limit: page.limit + 1 };
  if (page.cursor) {
    params.cursorAt = page.cursor[0];
    params.cursorId = page.cursor[1];
  }
  // A search's ids are a subquery with its own parameters: built for this request.
  if (f.ids) {
    const q = inboxQuery(plan, f.ids)(db as Kysely<DB>, ((name: string) => params[name]) as Params<Record<string, unknown>>);
    return (await db.executeQuery(q.compile())).rows as IncidentListRow[];
  }
  return (await inboxQueries(plan).all(db, params)) as IncidentListRow[];
}

// ---- events --------------------------------------------------------------------------------------

export const insertEvent = (db: Queryable, row: Insertable<IncidentEventsTable>): Promise<number> => insertReturningId(db, 'incident_events', row);

/** Several events in one statement; their ids in the order given (ids grow in VALUES order on both engines). */
export const insertEvents = (db: Queryable, rows: Insertable<IncidentEventsTable>[]): Promise<number[]> => insertManyReturningIds(db, 'incident_events', rows);

function selectEvents(db: Queryable) {
  return db
    .selectFrom('incident_events as e')
    .selectAll('e')
    .select((eb) => [eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'e.user_id').as('user_name')]);
}
export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

export function listEvents(db: Queryable, incidentId: number) {
  return selectEvents(db).where('e.incident_id', '=', incidentId).orderBy('e.id', 'asc').execute();
}

export function findEvent(db: Queryable, id: number) {
  return selectEvents(db).where('e.id', '=', id).executeTakeFirst();
}

// ---- supplies ------------------------------------------------------------------------------------

export const insertSupply = (db: Queryable, row: Insertable<IncidentSuppliesTable>): Promise<number> => insertReturningId(db, 'incident_supplies', row);

function selectSupplies(db: Queryable) {
  return db
    .selectFrom('incident_supplies as s')
    .selectAll('s')
    .select((eb) => [
      eb.selectFrom('items as it').select('it.code').whereRef('it.id', '=', 's.item_id').as('item_code'),
      eb.selectFrom('items as it').select('it.kind').whereRef('it.id', '=', 's.item_id').as('item_kind'),
    ]);
}
export type SupplyRow = Awaited<ReturnType<typeof listSupplies>>[number];

export function listSupplies(db: Queryable, incidentId: number) {
  return selectSupplies(db).where('s.incident_id', '=', incidentId).orderBy('s.id', 'asc').execute();
}

export function listSuppliesOf(db: Queryable, incidentIds: number[]) {
  return selectSupplies(db).where('s.incident_id', 'in', incidentIds).orderBy('s.id', 'asc').execute();
}

export function findSupply(db: Queryable, id: number) {
  return selectSupplies(db).where('s.id', '=', id).executeTakeFirst();
}

export async function updateSupply(db: Queryable, id: number, set: Updateable<IncidentSuppliesTable>): Promise<void> {
  await db.updateTable('incident_supplies').set(set).where('id', '=', id).execute();
}

export async function deleteSupply(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('incident_supplies').where('id', '=', id).execute();
}

// ---- changes -------------------------------------------------------------------------------------

export async function insertChanges(db: Queryable, rows: Insertable<IncidentChangesTable>[]): Promise<void> {
  if (rows.length === 1) await insertOf({ table: 'incident_changes', columns: columnsOf(rows[0]!) }).all(db, rows[0] as Row);
  else if (rows.length) await db.insertInto('incident_changes').values(rows).execute();
}

/** History rows of several incidents (a group of intakes), up to 50 in one statement compiled once per count. */
export async function insertChangeRows(db: Queryable, rows: Insertable<IncidentChangesTable>[]): Promise<void> {
  await insertRowsPrecompiled(db, 'incident_changes', rows as Row[]);
}

const changesOf = precompiled((db, p: Params<{ incidentId: number }>) =>
  db
    .selectFrom('incident_changes as c')
    .selectAll('c')
    .select((eb) => [eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'c.user_id').as('user_name')])
    .where('c.incident_id', '=', p('incidentId'))
    .orderBy('c.id', 'asc'),
);

export function listChanges(db: Queryable, incidentId: number) {
  return changesOf.all(db, { incidentId });
}
export type ChangeRow = Awaited<ReturnType<typeof listChanges>>[number];

// ---- feeds ---------------------------------------------------------------------------------------

/** Incidents of a customer or a unit received strictly before `before`, newest first. */
export function incidentsBefore(db: Queryable, owner: { customerId?: number; unitId?: number }, before: string | undefined, limit: number) {
  let q = selectIncidents(db);
  if (owner.customerId !== undefined) q = q.where('i.customer_id', '=', owner.customerId);
  if (owner.unitId !== undefined) q = q.where('i.unit_id', '=', owner.unitId);
  if (before) q = q.where('i.received_at', '<', before);
  return q.orderBy('i.received_at', 'desc').orderBy('i.id', 'desc').limit(limit).execute();
}

/** Events of the incidents of a customer or a unit, before `before`, newest first. */
export function eventsBefore(db: Queryable, owner: { customerId?: number; unitId?: number }, before: string | undefined, limit: number) {
  let q = db
    .selectFrom('incident_events as e')
    .innerJoin('incidents as i', 'i.id', 'e.incident_id')
    .select(['e.id', 'e.incident_id', 'e.type_code', 'e.text', 'e.at', 'i.number'])
    .select((eb) => [eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'e.user_id').as('user_name')]);
  if (owner.customerId !== undefined) q = q.where('i.customer_id', '=', owner.customerId);
  if (owner.unitId !== undefined) q = q.where('i.unit_id', '=', owner.unitId);
  if (before) q = q.where('e.at', '<', before);
  return q.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
}

// ---- similar past cases ----------------------------------------------------------------------------

export type SimilarRow = {
  id: number;
  number: string;
  resolved_at: string | null;
  item_id: number | null;
  item_description: string | null;
  reason_code: string | null;
  symptom: string;
  diagnosis: string | null;
  solution: string | null;
};

/** Incident documents the first read of "shares a symptom word" looks at (see similarCandidates). */
export const SIMILAR_WORD_WALK = 3000;

type SimilarShape = { itemReason: boolean; item: boolean; reason: boolean; words: number };

/**
 * The statement of similarCandidates for one shape: up to four branches, each tagged with its
 * number (`branch`), compiled once per shape (db/precompiled.ts).
 */
const similarQueries = precompiledBy(
  (shape: SimilarShape) => (_db, p: Params<Record<string, unknown>>) => {
    const cols = sql`i.id, i.number, i.resolved_at, i.item_id, (select it.description from items it where it.id = i.item_id) as item_description, i.reason_code, i.symptom, i.diagnosis, i.solution`;
    const exclude = sql`i.id <> ${p('excludeId')}`;
    const branches = [];
    if (shape.itemReason) {
      branches.push(sql`select * from (select 1 as branch, ${cols} from incidents i where i.item_id = ${p('itemId')} and i.reason_code = ${p('reasonCode')} and i.resolved_at is not null and ${exclude} order by i.resolved_at desc, i.id desc limit ${p('limit')}) b1`);
    }
    if (shape.item) {
      branches.push(sql`select * from (select 2 as branch, ${cols} from incidents i where i.item_id = ${p('itemId')} and i.resolved_at is not null and ${exclude} order by i.resolved_at desc, i.id desc limit ${p('limit')}) b2`);
    }
    if (shape.reason) {
      branches.push(sql`select * from (select 3 as branch, ${cols} from incidents i where i.reason_code = ${p('reasonCode')} and i.resolved_at is not null and ${exclude} order by i.resolved_at desc, i.id desc limit ${p('limit')}) b3`);
    }
    if (shape.words) {
      // The document's content is its folded words joined by single spaces (search.service.ts
      // buildDocument), so "a word starts with w" is `' ' || content like '% w%'`: the same test as
      // the full-text prefix query, on both engines.
      const shares = sql.join(
        Array.from({ length: shape.words }, (_, k) => sql`(' ' || w.content) like ${p(`w${k}`)}`),
        sql` or `,
      );
      branches.push(
        sql`select * from (select 4 as branch, ${cols} from (select sd.entity_id, sd.content from search_documents sd where sd.entity_type = 'incident' order by sd.entity_id limit ${p('walk')}) w join incidents i on i.id = w.entity_id where (${shares}) and i.resolved_at is not null and ${exclude} limit ${p('wordLimit')}) b4`,
      );
    }
    const q = sql<SimilarRow & { branch: number }>`${sql.join(branches, sql` union all `)}`;
    return { compile: () => q.compile(_db) };
  },
  (shape) => `${shape.itemReason}|${shape.item}|${shape.reason}|${shape.words}`,
  50,
);

/**
 * Candidates for "similar past cases", in ONE statement of up to four branches, each an index
 * range scan that stops at its limit: the `limit` most recently resolved of the same item and
 * reason (incidents_item_resolved_idx), of the same item, of the same reason
 * (incidents_reason_resolved_idx), and `4 × limit` resolved cases sharing a symptom word (a word of
 * theirs starts with one typed), the first ones in the order the incidents were indexed. The
 * caller ranks and dedupes them. `branch` says where a row came from (1–4, 5: the full-text index).
 *
 * The word branch reads the incidents' search documents in order (search_documents_entity_uq) and
 * stops at its limit, looking at no more than the first SIMILAR_WORD_WALK of them: a typed word
 * found in 0.7 % of incidents or more fills it there (0.1–0.9 ms on SQLite at 1,000,000 incidents,
 * at most ~2 ms when it reads all 3,000). Only when it does not (a rare word) is the full-text index
 * asked, for the same first matches. Asked first, that index cost 40–180 ms for "pierde presi" on
 * 2,500,000 documents: its walk crosses every customer, contact and unit document holding a word
 * before the first incident, and a prefix of 5+ letters (beyond the prefix indexes) merges every
 * matching term first; PostgreSQL read the documents in physical order under the LIMIT (4.3 s cold).
 */
export async function similarCandidates(
  db: Queryable,
  q: { itemId: number | null; reasonCode: string | null; words: string[]; excludeId: number | null; limit: number; walk?: number },
): Promise<Array<SimilarRow & { branch: number }>> {
  const shape: SimilarShape = { itemReason: q.itemId !== null && Boolean(q.reasonCode), item: q.itemId !== null, reason: Boolean(q.reasonCode), words: q.words.length };
  if (!shape.item && !shape.reason && !shape.words) return [];
  const wordLimit = q.limit * 4;
  const params: Record<string, unknown> = { itemId: q.itemId, reasonCode: q.reasonCode, excludeId: q.excludeId ?? 0, limit: q.limit, walk: q.walk ?? SIMILAR_WORD_WALK, wordLimit };
  q.words.forEach((w, k) => (params[`w${k}`] = `% ${w}%`));
  const rows = await similarQueries(shape).all(db, params);
  if (!shape.words || rows.filter((r) => Number(r.branch) === 4).length >= wordLimit) return rows;
  // A rare word: the full-text index, walked from the start, for the first matching resolved incidents.
  const fts = fullTextAnySource(dialectOf(db), q.words, 'incident');
  const cols = sql`i.id, i.number, i.resolved_at, i.item_id, (select it.description from items it where it.id = i.item_id) as item_description, i.reason_code, i.symptom, i.diagnosis, i.solution`;
  const exclude = q.excludeId !== null ? sql`and i.id <> ${q.excludeId}` : sql``;
  const more = await sql<SimilarRow & { branch: number }>`select 5 as branch, ${cols} from ${fts.from} join incidents i on i.id = sd.entity_id where ${fts.where} and sd.entity_type = 'incident' and i.resolved_at is not null ${exclude} limit ${wordLimit}`.execute(db);
  return [...rows.filter((r) => Number(r.branch) !== 4), ...more.rows];
}
