/** The only SQL of the SLA area: service calendars, their holidays, contracts' service levels. */
import { type Insertable, type RawBuilder, type Selectable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { claimRows, type DialectName, dialectOf, forUpdate, indexedBy, lockAgainstWrites, skipLocked, spanHolds, updateFromValues } from '../../db/dialect.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { CountDelta } from './sla.rules.ts';
import type { IncidentClocksTable, IncidentSlaStateTable, ServiceCalendarsTable, SlaEscalationsTable } from './sla.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';
import { insertRowsPrecompiled, type Params, precompiledBy } from '../../db/precompiled.ts';

export function listCalendars(db: Queryable, q: { cursor?: CursorValue[]; limit: number }) {
  return applyKeyset(db.selectFrom('service_calendars').selectAll(), { columns: ['name', 'id'], direction: 'asc', cursor: q.cursor, limit: q.limit }).execute();
}

export function findCalendar(db: Queryable, id: number) {
  return db.selectFrom('service_calendars').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDefaultCalendar(db: Queryable) {
  return db.selectFrom('service_calendars').selectAll().where('is_default', '=', true).orderBy('id').executeTakeFirst();
}

export const insertCalendar = (db: Queryable, row: Insertable<ServiceCalendarsTable>): Promise<number> => insertReturningId(db, 'service_calendars', row);

export const updateCalendar = (db: Queryable, id: number, row: Updateable<ServiceCalendarsTable>) => updateById(db, 'service_calendars', id, row);

/** A change of hours or holidays: a new version, so compiled copies in every process are rebuilt. */
export async function bumpVersion(db: Queryable, id: number, at: string) {
  await db
    .updateTable('service_calendars')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
}

export async function clearDefault(db: Queryable, exceptId: number) {
  await db.updateTable('service_calendars').set({ is_default: false }).where('is_default', '=', true).where('id', '!=', exceptId).execute();
}

export async function deleteCalendar(db: Queryable, id: number) {
  await db.deleteFrom('service_calendars').where('id', '=', id).execute();
}

export function listHolidays(db: Queryable, calendarId: number, year?: number) {
  let q = db.selectFrom('service_calendar_holidays').select(['date', 'name', 'kind']).where('calendar_id', '=', calendarId);
  if (year !== undefined) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  return q.orderBy('date').execute();
}

export function listHolidayDates(db: Queryable, calendarId: number) {
  return db.selectFrom('service_calendar_holidays').select('date').where('calendar_id', '=', calendarId).execute();
}

export function findHoliday(db: Queryable, calendarId: number, date: string) {
  return db.selectFrom('service_calendar_holidays').select(['date', 'name', 'kind']).where('calendar_id', '=', calendarId).where('date', '=', date).executeTakeFirst();
}

export async function insertHolidays(db: Queryable, calendarId: number, rows: Array<{ date: string; name: string; kind: string }>) {
  if (rows.length === 0) return;
  await db
    .insertInto('service_calendar_holidays')
    .values(rows.map((r) => ({ calendar_id: calendarId, ...r })))
    .execute();
}

export async function deleteHoliday(db: Queryable, calendarId: number, date: string): Promise<boolean> {
  const r = await db.deleteFrom('service_calendar_holidays').where('calendar_id', '=', calendarId).where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function findServiceLevel(db: Queryable, contractId: number) {
  return db
    .selectFrom('contract_service_levels as l')
    .leftJoin('service_calendars as c', 'c.id', 'l.calendar_id')
    .select(['l.contract_id', 'l.calendar_id', 'l.targets', 'l.updated_at', 'c.name as calendar_name'])
    .where('l.contract_id', '=', contractId)
    .executeTakeFirst();
}

export async function upsertServiceLevel(db: Queryable, row: { contract_id: number; calendar_id: number | null; targets: string; updated_at: string }) {
  await db
    .insertInto('contract_service_levels')
    .values(row)
    .onConflict((oc) => oc.column('contract_id').doUpdateSet({ calendar_id: row.calendar_id, targets: row.targets, updated_at: row.updated_at }))
    .execute();
}

export async function countContractsUsing(db: Queryable, calendarId: number): Promise<number> {
  const r = await db.selectFrom('contract_service_levels').select((eb) => eb.fn.countAll<number>().as('n')).where('calendar_id', '=', calendarId).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- incident clocks ------------------------------------------------------------------------

export function findClocks(db: Queryable, incidentId: number) {
  return db.selectFrom('incident_clocks').selectAll().where('incident_id', '=', incidentId).orderBy('target').execute();
}

export async function upsertClock(db: Queryable, row: Insertable<IncidentClocksTable>) {
  const { incident_id: _i, target: _t, ...rest } = row;
  await db
    .insertInto('incident_clocks')
    .values(row)
    .onConflict((oc) => oc.columns(['incident_id', 'target']).doUpdateSet(rest))
    .execute();
}

/** Several clocks of one incident written in one statement (an intake's two), each as `upsertClock` writes it. */
export async function upsertClocks(db: Queryable, rows: Insertable<IncidentClocksTable>[]) {
  await insertRowsPrecompiled(db, 'incident_clocks', rows, ['incident_id', 'target']);
}

export async function updateClock(db: Queryable, incidentId: number, target: string, row: Updateable<IncidentClocksTable>) {
  await db.updateTable('incident_clocks').set(row).where('incident_id', '=', incidentId).where('target', '=', target).execute();
}

/**
 * Claims up to `limit` clocks whose next escalation is due, soonest first, for the caller's
 * transaction: `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two app servers sweeping at once take
 * different rows and never wait for each other; SQLite has one writer, whose open transaction
 * already excludes everyone else. The claims end with the transaction: a server that dies
 * mid-sweep leaves nothing behind to expire.
 */
export function claimDueClocks(db: Queryable, opts: { now: string; limit: number }) {
  return claimRows(db, db.selectFrom('incident_clocks').selectAll().where('next_escalation_at', '<=', opts.now).orderBy('next_escalation_at').limit(opts.limit)).execute();
}

/**
 * The swept clocks written back in one statement per 500 (`UPDATE … FROM (VALUES …)`): only their
 * escalation marks and next escalation change.
 */
export async function saveSweptClocks(db: Queryable, rows: Array<{ incident_id: number; target: string; warned_for: string | null; breached_for: string | null; next_escalation_at: string | null }>) {
  await updateFromValues(
    db,
    'incident_clocks',
    [
      { name: 'incident_id', pgType: 'bigint' },
      { name: 'target', pgType: 'text' },
    ],
    [
      { name: 'warned_for', pgType: 'timestamptz' },
      { name: 'breached_for', pgType: 'timestamptz' },
      { name: 'next_escalation_at', pgType: 'timestamptz' },
    ],
    rows,
  );
}

/**
 * The claims of several escalations in one statement: the keys it returns were inserted by it;
 * a key already there (sent before, or by another server) is left out.
 */
export async function insertEscalations(db: Queryable, rows: Insertable<SlaEscalationsTable>[]) {
  const claimed: Array<{ incident_id: number; target: string; level: string; due_at: string }> = [];
  for (let i = 0; i < rows.length; i += 500) {
    claimed.push(
      ...(await db
        .insertInto('sla_escalations')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['incident_id', 'target', 'level', 'due_at']).doNothing())
        .returning(['incident_id', 'target', 'level', 'due_at'])
        .execute()),
    );
  }
  return claimed;
}

export function listEscalations(db: Queryable, incidentId: number) {
  return db.selectFrom('sla_escalations').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();
}

export type ClockView = 'at-risk' | 'breached' | 'paused';

/** Running clocks the at-risk probe looks at, soonest deadline first (the tests make it small). */
const atRiskWindow = () => Number(process.env.ATIENDE_SLA_AT_RISK_WINDOW ?? 2000);

/** A clock with its customer's name beside it (the owners' names come from the configuration cache: sla.service.ts). */
type ClockWithNames = Omit<Selectable<IncidentClocksTable>, (typeof NOT_LISTED)[number]> & { customer_name: string | null };

/** A clock's columns a list's page never answers (the escalation sweep's marks and leases, the write stamp): not sent. */
const NOT_LISTED = ['warned_for', 'breached_for', 'next_escalation_at', 'lease_until', 'lease_token', 'updated_at'] as const;
const LISTED: Array<keyof IncidentClocksTable> = [
  'incident_id',
  'target',
  'state',
  'calendar_id',
  'target_minutes',
  'margin_minutes',
  'anchor_at',
  'used_before',
  'paused_since',
  'stopped_at',
  'due_at',
  'warn_at',
  'met',
  'incident_number',
  'customer_id',
  'priority_code',
  'status_code',
  'owner_user_id',
  'owner_group_id',
];

/**
 * What a page of a list asks, as values or, when the page's statement is precompiled (see
 * `clockPages`), as the placeholders of those values. `limit1` is the page size plus one.
 */
type ClockValues = { view: ClockView; now: unknown; ownerUserId?: unknown; ownerGroupIds?: unknown[]; cursor?: unknown[]; limit1: unknown };

/** `ORDER BY cols… LIMIT limit1` and, after a cursor, `(cols) > (cursor)`: applyKeyset (db/pagination.ts), ascending, with the page size plus one given. */
function keysetPage<Q extends SelectQueryBuilder<any, any, any>>(qb: Q, columns: string[], cursor: unknown[] | undefined, limit1: unknown): Q {
  let q = qb as SelectQueryBuilder<any, any, any>;
  if (cursor) q = q.where(sql<boolean>`(${sql.join(columns.map((c) => sql.ref(c)))}) > (${sql.join(cursor.map((v) => sql`${v}`))})`);
  for (const c of columns) q = q.orderBy(sql.ref(c), 'asc');
  return q.limit(limit1 as number) as Q;
}

/**
 * The clocks `k` of a query with the customer's name (a left join). The owners' names were two more
 * left joins (users, groups): on PostgreSQL they doubled the planning and execution of a page
 * (0.45 → 0.24 ms for the first page of paused clocks).
 */
function withNames<Q extends SelectQueryBuilder<any, any, any>>(query: Q) {
  return (query as SelectQueryBuilder<any, any, any>)
    .leftJoin('customers as cu', 'cu.id', 'k.customer_id')
    .select([...LISTED.map((c) => `k.${c}` as const), 'cu.name as customer_name']) as Q extends SelectQueryBuilder<infer D, infer T, any> ? SelectQueryBuilder<D, T, ClockWithNames> : never;
}

/**
 * At risk, everyone's, read first from the running clocks due next: a window of the first 2,000
 * clocks due after now (after the cursor) along the covering partial index of running clocks
 * `(due_at, warn_at, incident_id, target)`, the ones whose warning has come kept, the page's clocks
 * then read by key. The window is a prefix of the list's own order, so the page is exact when the
 * window holds it (a full page), or when the window held every running clock due after the cursor.
 * Otherwise (few clocks at risk among many due later) undefined: the caller reads along the warning
 * index. The warning index's range holds every clock whose warning has come, breached ones included
 * (23,684 at 1,000,000 incidents for 525 at risk): 4 ms for the range and a read of every incident
 * at risk and its clocks from the table (18–119 ms for a page on SQLite under load); the window
 * reads a few hundred index entries and 51 rows.
 */
/** The clocks of a page of keys `(due_at, incident_id, target)`, with their names, in the keys' order. */
function clocksOfKeys(db: Queryable, keys: RawBuilder<unknown>) {
  return withNames(db.selectFrom(keys.as('o')).crossJoin('incident_clocks as k'))
    .whereRef('k.incident_id', '=', sql.ref('o.incident_id'))
    .whereRef('k.target', '=', sql.ref('o.target'))
    .orderBy(sql.ref('o.due_at'))
    .orderBy(sql.ref('o.incident_id'))
    .orderBy(sql.ref('o.target'));
}

async function atRiskProbe(db: Queryable, q: { now: string; cursor?: CursorValue[]; limit: number }) {
  const size = atRiskWindow();
  const after = q.cursor ? sql`and (w.due_at, w.incident_id, w.target) > (${q.cursor[0]}, ${q.cursor[1]}, ${q.cursor[2]})` : sql``;
  const window = sql`(select w.due_at, w.warn_at, w.incident_id, w.target from incident_clocks as w ${indexedBy(db, 'incident_clocks_running_due_idx')}
    where w.state = 'running' and w.due_at > ${q.now} ${after} order by w.due_at, w.incident_id, w.target limit ${size})`;
  const keys = sql`(select x.due_at, x.incident_id, x.target from ${window} as x where x.warn_at <= ${q.now} order by x.due_at, x.incident_id, x.target limit ${q.limit + 1})`;
  const rows = await clocksOfKeys(db, keys).execute();
  if (rows.length > q.limit) return rows;
  const seen = await sql<{ n: number }>`select count(*) as n from ${window} as y`.execute(db);
  return Number(seen.rows[0]?.n ?? 0) < size ? rows : undefined;
}

/**
 * At risk, everyone's, on PostgreSQL: the running clocks whose span `[warn_at, due_at)` holds now,
 * from the GiST index of those spans (migration 2026-12-01-2200), index-only; only the page's clocks
 * are then read with their names. The subquery's `offset 0` keeps the planner from walking the
 * deadline index for the ORDER BY … LIMIT instead (it reads every future running clock: 110,000 at
 * 1,000,000 incidents for 9–40 at risk); both ends are checked again outside it (the index's lower
 * bound is `least(warn_at, due_at)`). The deadline window and the warning index (SQLite) read
 * 2,000 + 22,000 index entries there: 4–9 ms one at a time against 0.3 ms.
 */
function atRiskSpans(db: Queryable, q: ClockValues, holds: RawBuilder<boolean>) {
  const after = q.cursor ? sql`and (s.due_at, s.incident_id, s.target) > (${q.cursor[0]}, ${q.cursor[1]}, ${q.cursor[2]})` : sql``;
  const spans = sql`(select c.due_at, c.warn_at, c.incident_id, c.target from incident_clocks as c
    where c.state = 'running' and ${holds} offset 0)`;
  const keys = sql`(select s.due_at, s.incident_id, s.target from ${spans} as s where s.warn_at <= ${q.now} and s.due_at > ${q.now} ${after}
    order by s.due_at, s.incident_id, s.target limit ${q.limit1})`;
  return clocksOfKeys(db, keys);
}

/**
 * At risk per owner (mine: my user and my groups), as the badge counts it per destination: one
 * range per owner along the partial indexes of running clocks `(owner, warn_at, due_at, incident_id,
 * target)` (migration 2026-12-01-2000): the owner's clocks whose warning has come, the breached ones
 * told apart by the deadline beside it in the index, each range's first page sorted by deadline;
 * the page is the first of the ranges, and only its clocks are read from the table. Reading the
 * owner's incidents whose earliest warning had come (`incident_sla_state`, breached ones included)
 * and then each one's clocks read 1,545 incidents' clocks for 146 at risk on PostgreSQL.
 */
function atRiskOwned(db: Queryable, q: ClockValues) {
  const user = q.ownerUserId;
  const groups = q.ownerGroupIds ?? [];
  const after = q.cursor ? sql`and (c.due_at, c.incident_id, c.target) > (${q.cursor[0]}, ${q.cursor[1]}, ${q.cursor[2]})` : sql``;
  const range = (index: string, owner: RawBuilder<unknown>, n: number) =>
    sql`select * from (select c.due_at, c.incident_id, c.target from incident_clocks as c ${indexedBy(db, index)}
      where ${owner} and c.state = 'running' and c.warn_at <= ${q.now} and c.due_at > ${q.now} ${after}
      order by c.due_at, c.incident_id, c.target limit ${q.limit1}) as ${sql.id(`r${n}`)}`;
  const ranges: RawBuilder<unknown>[] = [];
  if (user !== undefined) ranges.push(range('incident_clocks_user_warn_idx', sql`c.owner_user_id = ${user}`, ranges.length));
  if (groups.length) {
    // My groups' clocks that are not also mine (an incident has one or the other today; never twice).
    const notMine = user === undefined ? sql`` : sql` and (c.owner_user_id is null or c.owner_user_id <> ${user})`;
    ranges.push(range('incident_clocks_group_warn_idx', sql`c.owner_group_id in (${sql.join(groups)})${notMine}`, ranges.length));
  }
  const keys = sql`(select * from (${sql.join(ranges, sql` union all `)}) as m order by m.due_at, m.incident_id, m.target limit ${q.limit1})`;
  return clocksOfKeys(db, keys);
}

/**
 * The page's statement of a list (see `listClocks`), its values given or placeholders; undefined
 * for at risk, everyone's, on SQLite (the probe then the warning index: `atRiskSqlite`).
 */
function clocksQuery(db: Queryable, q: ClockValues) {
  const first = q.view === 'paused' ? 'k.paused_since' : 'k.due_at';
  const columns = [first, 'k.incident_id', 'k.target'];
  const mine = q.ownerUserId !== undefined || Boolean(q.ownerGroupIds?.length);
  // The view's conditions, on the table or on either of the two reads of "mine".
  // Without an owner, the state is written as a literal so either engine may use the partial
  // index of the view (0700 migration): running clocks by deadline with the warning beside it (at
  // risk walks from now and stops at the page), paused clocks by since when; a bound parameter
  // cannot match an index's WHERE. With an owner, the owner indexes serve (their keys hold the state).
  const state = (v: string) => (!mine ? sql.lit(v) : v);
  const inView = (s: any): any => {
    if (q.view === 'paused') return s.where('k.state', '=', state('paused'));
    const running = s.where('k.state', '=', state('running'));
    return q.view === 'breached' ? running.where('k.due_at', '<=', q.now) : running.where('k.due_at', '>', q.now).where('k.warn_at', '<=', q.now);
  };
  if (q.ownerUserId !== undefined && q.ownerGroupIds?.length && q.view !== 'at-risk') {
    const user = q.ownerUserId;
    const clocks = () => db.selectFrom('incident_clocks as k').selectAll('k');
    const mineRows = keysetPage(inView(clocks().where('k.owner_user_id', '=', user as number)), columns, q.cursor, q.limit1) as ReturnType<typeof clocks>;
    // My groups' clocks that are not also mine (an incident has one or the other today; never twice).
    const ours = keysetPage(
      inView(clocks().where('k.owner_group_id', 'in', q.ownerGroupIds as number[]).where((w) => w.or([w('k.owner_user_id', 'is', null), w('k.owner_user_id', '!=', user as number)]))),
      columns,
      q.cursor,
      q.limit1,
    ) as ReturnType<typeof clocks>;
    const both = db.selectFrom(mineRows.as('a')).selectAll().unionAll(db.selectFrom(ours.as('b')).selectAll());
    return keysetPage(withNames(db.selectFrom(both.as('k'))), columns, undefined, q.limit1);
  }
  if (q.view === 'at-risk' && mine) return atRiskOwned(db, q);
  if (q.view === 'at-risk') {
    // PostgreSQL: the GiST index of the running clocks' spans; SQLite: atRiskSqlite.
    const holds = spanHolds(db, sql.ref('c.warn_at'), sql.ref('c.due_at'), q.now as string);
    return holds ? atRiskSpans(db, q, holds) : undefined;
  }
  // The page's clocks first, their names joined to those 50 after: with the joins inside,
  // PostgreSQL misjudged how many paused clocks follow a cursor (25 estimated, 6,668 read) and
  // joined every one to its customer before sorting (44 ms for the second page, 3 ms the first).
  let own = inView(db.selectFrom('incident_clocks as k').selectAll('k')) as ReturnType<typeof ownClocks>;
  if (q.ownerUserId !== undefined && q.ownerGroupIds?.length) {
    const user = q.ownerUserId as number;
    const groups = q.ownerGroupIds as number[];
    own = own.where((w) => w.or([w('k.owner_user_id', '=', user), w('k.owner_group_id', 'in', groups)]));
  } else if (q.ownerUserId !== undefined) own = own.where('k.owner_user_id', '=', q.ownerUserId as number);
  else if (q.ownerGroupIds?.length) own = own.where('k.owner_group_id', 'in', q.ownerGroupIds as number[]);
  const page = keysetPage(own, columns, q.cursor, q.limit1);
  return keysetPage(withNames(db.selectFrom(page.as('k'))), columns, undefined, q.limit1);
}

/**
 * At risk, everyone's, on SQLite: the deadline window (atRiskProbe), else the incidents with a
 * running clock whose warning has come and whose deadline has not, along the warning index (a
 * covering range over the warned clocks), then their clocks by key. Walking the running clocks by
 * deadline until 50 are at risk read every future clock when few are at risk: 770 ms on the bench
 * file with 16 at risk of 100,777 running (3.6 ms this way); SQLite chose that walk for the ORDER
 * BY, so the index is named.
 */
async function atRiskSqlite(db: Queryable, q: { now: string; cursor?: CursorValue[]; limit: number }) {
  const probed = await atRiskProbe(db, q);
  if (probed) return probed;
  const warned = sql`(select distinct incident_id from incident_clocks ${indexedBy(db, 'incident_clocks_state_warn_idx')} where state = 'running' and warn_at <= ${q.now} and due_at > ${q.now})`;
  const page = withNames(db.selectFrom(warned.as('o')).crossJoin('incident_clocks as k'))
    .whereRef('k.incident_id', '=', sql.ref('o.incident_id'))
    .where('k.state', '=', sql.lit('running'))
    .where('k.due_at', '>', q.now)
    .where('k.warn_at', '<=', q.now);
  return keysetPage(page, ['k.due_at', 'k.incident_id', 'k.target'], q.cursor, q.limit + 1).execute();
}

type ClockShape = { view: ClockView; user: boolean; groups: number; cursor: boolean };

/**
 * A list's page as one statement built and compiled once per shape (view; an owner user; how many
 * owner groups; a cursor or not), the values bound: Kysely built and compiled it on every request
 * (a fifth of the page's Node CPU with the pooled query it went through). On PostgreSQL a named
 * statement and a pipelined read (db/pg-statements.ts), as the incident inbox's page: 0.2–0.6 ms of
 * SQL.
 */
const clockPages = precompiledBy(
  (s: ClockShape) => (db, p: Params<Record<string, unknown>>) =>
    clocksQuery(db, {
      view: s.view,
      now: p('now'),
      ownerUserId: s.user ? p('user') : undefined,
      ownerGroupIds: s.groups ? Array.from({ length: s.groups }, (_, i) => p(`g${i}`)) : undefined,
      cursor: s.cursor ? [p('c0'), p('c1'), p('c2')] : undefined,
      limit1: p('limit1'),
    })!,
  (s) => `${s.view}/${s.user ? 1 : 0}/${s.groups}/${s.cursor ? 1 : 0}`,
  200,
  { pipelined: true },
);

/**
 * The supervisor's lists: soonest deadline (or oldest pause) first, optionally per owner or group.
 * "Mine" (my clocks or my groups') breached or paused is read per destination, as the counts are:
 * the first page of my clocks along the user's owner index, the first page of my groups' along the
 * group's, and the page is the first of both. An OR across the two owner columns walked every
 * breached (or paused) clock in order and read each from the table to check its owner: 125 ms
 * (66 ms paused) against 8 ms at 2,000,000 clocks. At risk keeps the OR: the warning index
 * (`state, warn_at, due_at`) bounds it to the few clocks at risk (424 of 108,000 running), where
 * two owner ranges would read every future clock of the owner's (45 ms against 16 ms).
 */
export async function listClocks(
  db: Queryable,
  q: { view: ClockView; now: string; ownerUserId?: number; ownerGroupIds?: number[]; cursor?: CursorValue[]; limit: number },
): Promise<ClockWithNames[]> {
  const groups = q.ownerGroupIds ?? [];
  const user = q.ownerUserId !== undefined;
  // At risk, everyone's: PostgreSQL reads the spans' GiST index (atRiskSpans); SQLite the deadline window, then the warning index.
  if (q.view === 'at-risk' && !user && !groups.length && !spanHolds(db, sql.ref('c.warn_at'), sql.ref('c.due_at'), q.now)) return atRiskSqlite(db, q);
  // One kind of owner only (an owner filter, or "mine" of a user in no group), at risk or paused:
  // PostgreSQL's generic plan of those walks the owner's deadline index and filters (default
  // estimates), where a plan for the values reads the warning index: 0.4 → 1.3–2.4 ms for a group
  // with 4,500 future clocks. Built for the request and sent unnamed (planned for its values), as before.
  if ((q.view === 'at-risk' && user !== groups.length > 0) || (q.view === 'paused' && !user && groups.length)) {
    const built = clocksQuery(db, { ...q, limit1: q.limit + 1 }) as { execute(): Promise<ClockWithNames[]> } | undefined;
    if (built) return built.execute();
  }
  const params: Record<string, unknown> = { now: q.now, limit1: q.limit + 1 };
  if (q.ownerUserId !== undefined) params.user = q.ownerUserId;
  groups.forEach((g, i) => (params[`g${i}`] = g));
  q.cursor?.forEach((v, i) => (params[`c${i}`] = v));
  return clockPages({ view: q.view, user: q.ownerUserId !== undefined, groups: groups.length, cursor: Boolean(q.cursor) }).all(db, params);
}

const ownClocks = (db: Queryable) => db.selectFrom('incident_clocks as k').selectAll('k');

// ---- one row per incident: what the badge counts -------------------------------------------------

/** The incident's SLA state written with its clocks: upserted while a clock runs or is paused, else deleted. */
export async function saveSlaState(db: Queryable, incidentId: number, row: Omit<IncidentSlaStateTable, 'incident_id'> | null) {
  if (row === null) {
    await db.deleteFrom('incident_sla_state').where('incident_id', '=', incidentId).execute();
    return;
  }
  // Compiled once (db/precompiled.ts): an intake writes one.
  await insertRowsPrecompiled(db, 'incident_sla_state', [{ incident_id: incidentId, ...row }], ['incident_id']);
}

/** New incidents' state rows, in one statement (a group of intakes). */
export async function saveSlaStates(db: Queryable, rows: IncidentSlaStateTable[]) {
  await insertRowsPrecompiled(db, 'incident_sla_state', rows, ['incident_id']);
}

/**
 * The incident's state row as its counters count it, locked for the caller's transaction on
 * PostgreSQL: the `sla-counts` job (which claims rows `SKIP LOCKED`) cannot move it meanwhile, so
 * the counter rows written from it are the difference from what is counted, exactly once.
 */
export function lockSlaState(db: Queryable, incidentId: number) {
  return forUpdate(dialectOf(db), db.selectFrom('incident_sla_state').selectAll().where('incident_id', '=', incidentId)).executeTakeFirst();
}

// ---- the badge counters ------------------------------------------------------------------------

/** Adds rows of +n/−n to the counters (one insert; no counter row is ever updated by a writer). */
export async function addSlaCounts(db: Queryable, deltas: CountDelta[]) {
  for (let i = 0; i < deltas.length; i += 500) {
    await insertRowsPrecompiled(db, 'sla_counts', deltas.slice(i, i + 500).map((d) => ({ owner_user_id: d.ownerUserId, owner_group_id: d.ownerGroupId, view: d.view, n: d.n })));
  }
}

/**
 * The state rows time has moved to their next phase (`phase_until` come), soonest first, claimed
 * for the caller's transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL: a row an incident change
 * holds is left for the next pass; SQLite has one writer).
 */
export function claimStalePhases(db: Queryable, q: { now: string; limit: number }) {
  return claimRows(
    db,
    db
      .selectFrom('incident_sla_state')
      .select(['incident_id', 'counted', 'due_at', 'warn_at', 'paused_since', 'owner_user_id', 'owner_group_id'])
      .where('phase_until', '<=', q.now)
      .orderBy('phase_until')
      .limit(q.limit),
  ).execute();
}

/** The moved rows' phase written back, one `UPDATE … FROM (VALUES …)` per 500. */
export async function savePhases(db: Queryable, rows: Array<{ incident_id: number; counted: string | null; phase_until: string | null }>) {
  await updateFromValues(
    db,
    'incident_sla_state',
    [{ name: 'incident_id', pgType: 'bigint' }],
    [
      { name: 'counted', pgType: 'text' },
      { name: 'phase_until', pgType: 'timestamptz' },
    ],
    rows,
  );
}

/**
 * The badge counts' statement, built and compiled once per number of groups; on PostgreSQL a named
 * statement and a pipelined read (asked on every screen beside the lists; ~0.2 ms of SQL).
 */
const slaCounts = precompiledBy(
  (groups: number) => (_db, p: Params<Record<string, unknown>>) => {
    const now = p('now');
    const gs = Array.from({ length: groups }, (_, i) => p(`g${i}`));
    const mine = groups ? sql`(x.owner_user_id = ${p('user')} or x.owner_group_id in (${sql.join(gs)}))` : sql`x.owner_user_id = ${p('user')}`;
    const q = sql<{ v: string; total: number | string; mine: number | string }>`
    select x.v, sum(x.n) as total, sum(case when ${mine} then x.n else 0 end) as mine from (
      select view as v, n, owner_user_id, owner_group_id from sla_counts
      union all
      select counted, -1, owner_user_id, owner_group_id from incident_sla_state where phase_until <= ${now} and counted is not null
      union all
      select case when due_at <= ${now} then 'breached' when warn_at <= ${now} then 'at_risk' end, 1, owner_user_id, owner_group_id
        from incident_sla_state where phase_until <= ${now}
    ) as x where x.v is not null group by x.v`;
    return { compile: () => q.compile(_db) };
  },
  (groups) => String(groups),
  200,
  { pipelined: true },
);

/**
 * The badge counts, all and mine, in one statement: the counter rows summed per view, plus what time
 * has done since the state rows were last moved — each row whose `phase_until` has come (a handful
 * while the `sla-counts` job keeps up; one index range) counted out of its stored phase and into
 * its phase now. "Mine" is my incidents and my groups' (each incident once: one owner pair per row).
 */
export async function countSla(db: Queryable, q: { now: string; ownerUserId: number; ownerGroupIds: number[] }) {
  const params: Record<string, unknown> = { now: q.now, user: q.ownerUserId };
  q.ownerGroupIds.forEach((g, i) => (params[`g${i}`] = g));
  const rows = await slaCounts(q.ownerGroupIds.length).all(db, params);
  const out = { all: { atRisk: 0, breached: 0, paused: 0 }, mine: { atRisk: 0, breached: 0, paused: 0 } };
  const key = { at_risk: 'atRisk', breached: 'breached', paused: 'paused' } as const;
  for (const row of rows) {
    const k = key[row.v as keyof typeof key];
    if (!k) continue;
    out.all[k] = Number(row.total ?? 0);
    out.mine[k] = Number(row.mine ?? 0);
  }
  return out;
}

/** Whether some owner pair and view has several counter rows (the fold has work). */
export async function slaCountsToFold(db: Queryable): Promise<boolean> {
  const r = await db.selectFrom('sla_counts').select('view').groupBy(['owner_user_id', 'owner_group_id', 'view']).having((eb) => eb.fn.countAll(), '>', 1).limit(1).execute();
  return r.length > 0;
}

/**
 * Folds the counter rows into one per owner pair and view (inside the caller's transaction): the
 * rows this DELETE removes are exactly the ones summed — on PostgreSQL a row another fold is
 * removing is waited for and then skipped, rows committed meanwhile are left for the next fold — so
 * two folds at once never count a row twice or lose one. Answers how many rows it removed.
 */
export async function foldSlaCounts(db: Queryable): Promise<number> {
  const removed = await db.deleteFrom('sla_counts').returning(['owner_user_id', 'owner_group_id', 'view', 'n']).execute();
  const sums = new Map<string, CountDelta>();
  for (const r of removed) {
    const ownerUserId = r.owner_user_id === null ? null : Number(r.owner_user_id);
    const ownerGroupId = r.owner_group_id === null ? null : Number(r.owner_group_id);
    const k = `${ownerUserId ?? ''}|${ownerGroupId ?? ''}|${r.view}`;
    const d = sums.get(k) ?? { ownerUserId, ownerGroupId, view: r.view as CountDelta['view'], n: 0 };
    d.n += Number(r.n);
    sums.set(k, d);
  }
  await addSlaCounts(db, [...sums.values()].filter((d) => d.n !== 0));
  return removed.length;
}

/**
 * Recomputes every state row's phase as of `now` and the counters from them (inside the caller's
 * transaction; writes to the state rows wait on PostgreSQL): benches that move clocks by hand,
 * and a check after hand edits in the database.
 */
export async function recountSla(db: Queryable, now: string) {
  await lockAgainstWrites(db, 'incident_sla_state');
  await sql`update incident_sla_state set
      counted = case when due_at <= ${now} then 'breached' when warn_at <= ${now} then 'at_risk' end,
      phase_until = case when due_at <= ${now} then null when warn_at <= ${now} then due_at else warn_at end`.execute(db);
  await db.deleteFrom('sla_counts').execute();
  await sql`insert into sla_counts (owner_user_id, owner_group_id, view, n)
    select owner_user_id, owner_group_id, counted, count(*) from incident_sla_state where counted is not null group by owner_user_id, owner_group_id, counted
    union all
    select owner_user_id, owner_group_id, 'paused', count(*) from incident_sla_state where paused_since is not null group by owner_user_id, owner_group_id`.execute(db);
}

export function findSlaState(db: Queryable, incidentId: number) {
  return db.selectFrom('incident_sla_state').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
}

/** The state as the clocks give it (the migration's backfill, the benches, the tests' cross-check). */
function stateFromClocks(db: Queryable) {
  return db
    .selectFrom('incident_clocks')
    .select([
      'incident_id',
      sql<string | null>`min(case when state = 'running' then due_at end)`.as('due_at'),
      sql<string | null>`min(case when state = 'running' then warn_at end)`.as('warn_at'),
      sql<string | null>`min(case when state = 'paused' then paused_since end)`.as('paused_since'),
      (eb) => eb.fn.max('owner_user_id').as('owner_user_id'),
      (eb) => eb.fn.max('owner_group_id').as('owner_group_id'),
    ])
    .where('state', 'in', ['running', 'paused'])
    .groupBy('incident_id');
}

export function computedSlaState(db: Queryable, incidentId: number) {
  return stateFromClocks(db).where('incident_id', '=', incidentId).executeTakeFirst();
}

/** Rebuilds the state of these incidents from their clocks, and every counter (benches that move clocks by hand; in a transaction). */
export async function rebuildSlaState(db: Queryable, incidentIds: number[], at: string) {
  for (let i = 0; i < incidentIds.length; i += 500) {
    const ids = incidentIds.slice(i, i + 500);
    await db.deleteFrom('incident_sla_state').where('incident_id', 'in', ids).execute();
    await db
      .insertInto('incident_sla_state')
      .columns(['incident_id', 'due_at', 'warn_at', 'paused_since', 'owner_user_id', 'owner_group_id', 'updated_at'])
      .expression(
        db
          .selectFrom(stateFromClocks(db).where('incident_id', 'in', ids).as('s'))
          .select(['s.incident_id', 's.due_at', 's.warn_at', 's.paused_since', 's.owner_user_id', 's.owner_group_id', sql.val(at).as('updated_at')]) as never,
      )
      .execute();
  }
  await recountSla(db, at);
}

/**
 * The badge counts counted from the state rows themselves (what `countSla` must always answer; the
 * tests' cross-check), one row per incident (`incident_sla_state`): breached has a running deadline
 * passed; at risk has a warning come and no deadline passed; paused has a clock paused. Each is a
 * `count(*)` over one index range; "mine" is my incidents (the user's owner index) plus my groups'
 * that are not mine (the group's), so no incident is counted twice. All three in one statement.
 */
export async function countSlaStates(db: Queryable, q: { now: string; ownerUserId?: number; ownerGroupIds?: number[] }) {
  const views = {
    atRisk: (b: any) => b.where('warn_at', '<=', q.now).where('due_at', '>', q.now),
    breached: (b: any) => b.where('due_at', '<=', q.now),
    paused: (b: any) => b.where('paused_since', 'is not', null),
  };
  const user = q.ownerUserId;
  const groups = q.ownerGroupIds ?? [];
  const count = (view: (b: any) => any, owner?: 'user' | 'groups') => {
    let b = db.selectFrom('incident_sla_state').select((eb) => eb.fn.countAll<number>().as('n'));
    if (owner === 'user') b = b.where('owner_user_id', '=', user!);
    if (owner === 'groups') b = b.where('owner_group_id', 'in', groups).where((w) => w.or([w('owner_user_id', 'is', null), w('owner_user_id', '!=', user!)]));
    return view(b);
  };
  const counted = (view: (b: any) => any) => {
    if (user === undefined) return [count(view)];
    return groups.length ? [count(view, 'user'), count(view, 'groups')] : [count(view, 'user')];
  };
  const parts = { atRisk: counted(views.atRisk), breached: counted(views.breached), paused: counted(views.paused) };
  const r = await db
    .selectNoFrom([
      ...parts.atRisk.map((p, i) => p.as(`atRisk${i}`)),
      ...parts.breached.map((p, i) => p.as(`breached${i}`)),
      ...parts.paused.map((p, i) => p.as(`paused${i}`)),
    ] as any)
    .executeTakeFirstOrThrow();
  const sum = (prefix: string) =>
    Object.entries(r as Record<string, unknown>)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, v]) => n + Number(v ?? 0), 0);
  return { atRisk: sum('atRisk'), breached: sum('breached'), paused: sum('paused') };
}

/** Escalations sent, per level (tests and the bench count them). */
export function countEscalations(db: Queryable) {
  return db.selectFrom('sla_escalations').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
}
