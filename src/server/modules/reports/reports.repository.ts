/**
 * The reports' SQL: read-only queries over the other areas' tables (calls, activities, time
 * entries…) plus the subscription tables of this area. Aggregation that both engines do the same
 * (counts, sums) happens here; medians and percentiles are computed in reports.rules.ts.
 */
import { type ExpressionBuilder, type Insertable, type OnConflictBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { binaryOrderSql, executeTogether, indexedBy, lockAgainstWrites, lockKeys, lockRows, millisecondsBetweenSql, secondsBetweenSql } from '../../db/dialect.ts';
import type { DB } from '../../db/schema.ts';
import type { ReportDeliveriesTable, ReportSubscriptionsTable } from './reports.tables.ts';
import type { ClockInput, DailyDelta, Fact, HistDelta, SerialGap } from './summaries.rules.ts';
import type { CallDelta } from './call-summaries.rules.ts';
import type { SupplyDelta, UnitDelta } from './root-summaries.rules.ts';
import { insertReturningId } from '../../db/rows.ts';
import { insertRowsPrecompiled, insertRowsTogether, type Params, precompiledBy } from '../../db/precompiled.ts';
import { whereGiven } from '../../db/filters.ts';

/** Filters resolved by the service: the period as UTC instants [fromUtc, toUtc) and as dates. */
export type Filters = {
  fromDate: string | null;
  toDate: string | null;
  fromUtc: string | null;
  toUtc: string | null;
  customerId?: number;
  itemId?: number;
  regionCode?: string;
  ownerUserId?: number;
  groupId?: number;
  priorityCode?: string;
  reasonCode?: string;
  caseType?: string;
  statusCode?: string;
  typeCode?: string;
  projectId?: number;
  /** 'raw': read the source rows even where a summary could answer (the tests' reference). */
  source?: 'summary' | 'raw';
};

/** A few ids (an intake's one) as `in (?, …)`: the statement built and compiled once per count (db/precompiled.ts). */
const FEW = 8;
const idList = (n: number, p: Params<Record<string, unknown>>) => Array.from({ length: n }, (_, k) => p(String(k)) as never);
const byPosition = (ids: readonly unknown[]) => Object.fromEntries(ids.map((v, k) => [String(k), v]));

// ---- names for filter labels

export async function customerName(db: Queryable, id: number) {
  return (await db.selectFrom('customers').select(['code', 'name']).where('id', '=', id).executeTakeFirst()) ?? null;
}
export async function itemName(db: Queryable, id: number) {
  return (await db.selectFrom('items').select(['code', 'description']).where('id', '=', id).executeTakeFirst()) ?? null;
}
export async function userName(db: Queryable, id: number) {
  return (await db.selectFrom('users').select(['name', 'email', 'language', 'time_zone']).where('id', '=', id).executeTakeFirst()) ?? null;
}
/** Who a scheduled report is built for and sent to. */
export async function subscriber(db: Queryable, id: number) {
  return (await db.selectFrom('users').select(['id', 'username', 'name', 'email', 'language', 'time_zone', 'role', 'active']).where('id', '=', id).executeTakeFirst()) ?? null;
}
export async function groupName(db: Queryable, id: number) {
  return (await db.selectFrom('groups').select(['name']).where('id', '=', id).executeTakeFirst()) ?? null;
}
export async function projectName(db: Queryable, id: number) {
  return (await db.selectFrom('projects').select(['code', 'name']).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The row's customer is in the region (`customerId`: the row's customer id column). */
const customerInRegion = (customerId: string) => (region: string) => (eb: ExpressionBuilder<any, any>) =>
  eb.exists(eb.selectFrom('customers as rc').select('rc.id').whereRef('rc.id', '=', customerId).where('rc.region_code', '=', region));

/** The row's unit is of the item (`unitId`: the row's unit id column). */
const unitOfItem = (unitId: string) => (item: number) => (eb: ExpressionBuilder<any, any>) =>
  eb.exists(eb.selectFrom('units as iu').select('iu.id').whereRef('iu.id', '=', unitId).where('iu.item_id', '=', item));

/** The period [fromUtc, toUtc) on a timestamp column. */
function whereWithin<Q extends SelectQueryBuilder<any, any, any>>(query: Q, column: string, f: Pick<Filters, 'fromUtc' | 'toUtc'>): Q {
  let q = query as SelectQueryBuilder<any, any, any>;
  if (f.fromUtc) q = q.where(column, '>=', f.fromUtc);
  if (f.toUtc) q = q.where(column, '<', f.toUtc);
  return q as Q;
}

// ---- calls

function callFilters(db: Queryable, f: Filters, opts: { period: boolean }) {
  const q = db.selectFrom('calls as c');
  return whereGiven(opts.period ? whereWithin(q, 'c.registered_at', f) : q, f, {
    customerId: 'c.customer_id',
    ownerUserId: 'c.to_user_id',
    groupId: 'c.to_group_id',
    typeCode: 'c.type_code',
    statusCode: 'c.status_code',
    regionCode: customerInRegion('c.customer_id'),
    itemId: unitOfItem('c.unit_id'),
  });
}

/** Every call registered in the period (the columns the calls report aggregates). */
export function callRows(db: Queryable, f: Filters) {
  return callFilters(db, f, { period: true })
    .leftJoin('users as tu', 'tu.id', 'c.to_user_id')
    .leftJoin('groups as tg', 'tg.id', 'c.to_group_id')
    .select(['c.id', 'c.type_code', 'c.status_code', 'c.to_user_id', 'c.to_group_id', 'c.registered_at', 'c.finished_at', 'c.finished_by_action_type', 'c.postponed_until', 'tu.name as to_user_name', 'tg.name as to_group_name'])
    .execute();
}

/** Calls pending right now (any registration date), split into "now" and postponed into the future. */
export async function pendingCallCounts(db: Queryable, f: Filters, now: string) {
  const r = await callFilters(db, f, { period: false })
    .where('c.finished_at', 'is', null)
    .select((eb) => [
      eb.fn.countAll().as('pending'),
      eb.fn.sum(eb.case().when('c.postponed_until', '>', now).then(1).else(0).end()).as('postponed'),
    ])
    .executeTakeFirstOrThrow();
  const pending = Number(r.pending);
  const postponed = Number(r.postponed ?? 0);
  return { pending, postponed, pendingNow: pending - postponed };
}

// ---- technical activities

function activityFilters(db: Queryable, f: Filters) {
  return whereGiven(whereWithin(db.selectFrom('activities as a'), 'a.registered_at', f), f, {
    customerId: 'a.customer_id',
    ownerUserId: 'a.registered_by',
    statusCode: 'a.status_code',
    regionCode: customerInRegion('a.customer_id'),
  });
}

/**
 * Activities of the period per origin × problem type × solution type (a few hundred rows at most),
 * with how many are still pending and the range of their ids: one read of the covering index
 * `activities_report_idx`; the report folds it into its three tables.
 */
export async function activityBreakdown(db: Queryable, f: Filters) {
  const rows = await activityFilters(db, f)
    .select((eb) => [
      'a.origin_code',
      'a.problem_type_code',
      'a.solution_type_code',
      eb.fn.countAll().as('n'),
      eb.fn.sum(eb.case().when('a.pending', '=', sql<boolean>`${true}`).then(1).else(0).end()).as('pending'),
      eb.fn.min('a.id').as('lo'),
      eb.fn.max('a.id').as('hi'),
    ])
    .groupBy(['a.origin_code', 'a.problem_type_code', 'a.solution_type_code'])
    .execute();
  return rows.map((r) => ({
    origin_code: r.origin_code ?? null,
    problem_type_code: r.problem_type_code ?? null,
    solution_type_code: r.solution_type_code ?? null,
    n: Number(r.n),
    pending: Number(r.pending ?? 0),
    lo: Number(r.lo),
    hi: Number(r.hi),
  }));
}

/** The ids of the period's activities lie in [lo, hi]: the automatic actions are read by that range of activity ids. */
export type IdRange = { lo: number; hi: number };

/** Automatic actions run on the period's activities, per kind and outcome (done / failed). */
export async function actionOutcomes(db: Queryable, f: Filters, ids: IdRange) {
  const rows = await activityFilters(db, f)
    .innerJoin('activity_actions as x', 'x.activity_id', 'a.id')
    .where('x.activity_id', '>=', ids.lo)
    .where('x.activity_id', '<=', ids.hi)
    .select((eb) => ['x.kind as kind', 'x.status as status', eb.fn.countAll().as('n')])
    .groupBy(['x.kind', 'x.status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, n: Number(r.n) }));
}

/** The latest failure reasons of the period's activities' automatic actions (what to fix), newest first. */
export function recentActionFailures(db: Queryable, f: Filters, ids: IdRange, limit: number) {
  return activityFilters(db, f)
    .innerJoin('activity_actions as x', 'x.activity_id', 'a.id')
    .where('x.status', '=', 'failed')
    .where('x.activity_id', '>=', ids.lo)
    .where('x.activity_id', '<=', ids.hi)
    .select(['a.id as activity_id', 'x.kind', 'x.error', 'x.ran_at'])
    .orderBy('x.ran_at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(limit)
    .execute();
}

// ---- time entries

export type TotalRow = { key_id: number | null; code: string | null; name: string | null; parent_name?: string | null; minutes: number | string; entries: number | string };

/**
 * Minutes and entries per customer, project or employee between two dates (inclusive): summed per
 * key first (one range of the covering index `time_entries_report_idx` when only dates are given),
 * then joined to the names of the few keys found.
 */
export function timeTotals(db: Queryable, groupBy: 'customer' | 'project' | 'employee', f: { from: string | null; to: string | null; customerId?: number; projectId?: number; userId?: number; regionCode?: string }) {
  let dated = db.selectFrom('time_entries');
  if (f.from) dated = dated.where('time_entries.date', '>=', f.from);
  if (f.to) dated = dated.where('time_entries.date', '<=', f.to);
  const base = whereGiven(dated, f, {
    customerId: 'time_entries.customer_id',
    projectId: 'time_entries.project_id',
    userId: 'time_entries.user_id',
    regionCode: customerInRegion('time_entries.customer_id'),
  });
  const key = ({ customer: 'time_entries.customer_id', project: 'time_entries.project_id', employee: 'time_entries.user_id' } as const)[groupBy];
  const sums = base.select((eb) => [eb.ref(key).as('key_id'), eb.fn.sum<number | string>('time_entries.minutes').as('minutes'), eb.fn.countAll<number | string>().as('entries')]).groupBy(key).as('t');
  if (groupBy === 'customer') {
    return db
      .selectFrom(sums)
      .innerJoin('customers', 'customers.id', 't.key_id')
      .select(['t.key_id', 'customers.code as code', 'customers.name as name', 't.minutes', 't.entries'])
      .execute() as Promise<TotalRow[]>;
  }
  if (groupBy === 'project') {
    return db
      .selectFrom(sums)
      .leftJoin('projects', 'projects.id', 't.key_id')
      .leftJoin('customers', 'customers.id', 'projects.customer_id')
      .select(['t.key_id', 'projects.code as code', 'projects.name as name', 'customers.name as parent_name', 't.minutes', 't.entries'])
      .execute() as Promise<TotalRow[]>;
  }
  return db
    .selectFrom(sums)
    .innerJoin('users', 'users.id', 't.key_id')
    .select(['t.key_id', 'users.username as code', 'users.name as name', 't.minutes', 't.entries'])
    .execute() as Promise<TotalRow[]>;
}

// ---- subscriptions

export const insertSubscription = (db: Queryable, row: Insertable<ReportSubscriptionsTable>): Promise<number> => insertReturningId(db, 'report_subscriptions', row);

export function subscriptionsOf(db: Queryable, userId: number) {
  return db.selectFrom('report_subscriptions').selectAll().where('user_id', '=', userId).where('active', '=', sql<boolean>`${true}`).orderBy('id', 'desc').execute();
}

export function findSubscription(db: Queryable, id: number) {
  return db.selectFrom('report_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deactivateSubscription(db: Queryable, id: number, at: string) {
  await db.updateTable('report_subscriptions').set({ active: false, updated_at: at }).where('id', '=', id).execute();
}

/** Active subscriptions of one frequency whose last sent period is not `periodKey` (candidates to send). */
export function dueSubscriptions(db: Queryable, frequency: 'weekly' | 'monthly', periodKey: string, limit: number) {
  return db
    .selectFrom('report_subscriptions')
    .selectAll()
    .where('active', '=', sql<boolean>`${true}`)
    .where('frequency', '=', frequency)
    .where((eb) => eb.or([eb('last_period', 'is', null), eb('last_period', '<>', periodKey)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Claims (subscription, period): inserts the delivery row; the unique key makes a second claim of
 * the same period — by another app server, at the same moment or later — insert nothing.
 * Returns true when this caller won the claim.
 */
export async function claimDelivery(db: Queryable, row: Insertable<ReportDeliveriesTable>): Promise<boolean> {
  const r = await db
    .insertInto('report_deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['subscription_id', 'period_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function finishDelivery(db: Queryable, subscriptionId: number, periodKey: string, emailId: number | null, error: string | null) {
  await db.updateTable('report_deliveries').set({ email_id: emailId, error }).where('subscription_id', '=', subscriptionId).where('period_key', '=', periodKey).execute();
}

export async function markSubscriptionSent(db: Queryable, id: number, periodKey: string, at: string) {
  await db.updateTable('report_subscriptions').set({ last_period: periodKey, last_sent_at: at, updated_at: at }).where('id', '=', id).execute();
}

export function deliveriesOf(db: Queryable, subscriptionId: number) {
  return db.selectFrom('report_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id').execute();
}

// ---- incidents

/** The report filters on the incidents aliased `i` of any query (the period on `received_at`). */
function whereIncident<Q extends SelectQueryBuilder<any, any, any>>(query: Q, f: Filters, period = true): Q {
  return whereGiven(period ? whereWithin(query, 'i.received_at', f) : query, f, {
    customerId: 'i.customer_id',
    itemId: 'i.item_id',
    regionCode: 'i.region_code',
    ownerUserId: 'i.owner_user_id',
    groupId: 'i.owner_group_id',
    priorityCode: 'i.priority_code',
    reasonCode: 'i.reason_code',
    caseType: 'i.case_type',
    statusCode: 'i.status_code',
  });
}

function incidentFilters(db: Queryable, f: Filters) {
  return whereIncident(db.selectFrom('incidents as i'), f);
}

export async function incidentCount(db: Queryable, f: Filters): Promise<number> {
  return Number((await incidentFilters(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** The incidents of the period, newest first, with the names the incident report shows. */
export function incidentList(db: Queryable, f: Filters, limit: number) {
  return incidentFilters(db, f)
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .leftJoin('items as it', 'it.id', 'i.item_id')
    .leftJoin('users as ou', 'ou.id', 'i.owner_user_id')
    .leftJoin('groups as og', 'og.id', 'i.owner_group_id')
    .selectAll('i')
    .select(['c.code as customer_code', 'c.name as customer_name', 'it.code as item_code', 'it.description as item_description', 'ou.name as owner_user_name', 'og.name as owner_group_name'])
    .orderBy('i.received_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}

/** Incidents of the period per general reason, per general and specific reason, or per case type. */
export async function incidentCountsBy(db: Queryable, f: Filters, by: 'reason' | 'specific' | 'case_type') {
  const q = incidentFilters(db, f);
  if (by === 'specific') {
    const rows = await q.select((eb) => ['i.reason_code as a', 'i.specific_reason_code as b', eb.fn.countAll().as('n')]).groupBy(['i.reason_code', 'i.specific_reason_code']).execute();
    return rows.map((r) => ({ a: r.a, b: r.b, n: Number(r.n) }));
  }
  const col = by === 'reason' ? 'i.reason_code' : 'i.case_type';
  const rows = await q.select((eb) => [eb.ref(col).as('a'), eb.fn.countAll().as('n')]).groupBy(col).execute();
  return rows.map((r) => ({ a: r.a as string | null, b: null, n: Number(r.n) }));
}

/** Incidents of the period per item, with the item's code and description. */
export async function incidentCountsByItem(db: Queryable, f: Filters) {
  const rows = await incidentFilters(db, f)
    .leftJoin('items as it', 'it.id', 'i.item_id')
    .select((eb) => ['i.item_id as item_id', 'it.code as code', 'it.description as description', eb.fn.countAll().as('n')])
    .groupBy(['i.item_id', 'it.code', 'it.description'])
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, code: r.code, description: r.description, n: Number(r.n) }));
}

/** Units of each item sold on or before a date and still active: the units in service. */
export async function unitsInService(db: Queryable, itemIds: number[], asOf: string) {
  if (itemIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('units')
    .select((eb) => ['item_id', eb.fn.countAll().as('n')])
    .where('item_id', 'in', itemIds)
    .where('sale_date', '<=', asOf)
    .where('active', '=', sql<boolean>`${true}`)
    .groupBy('item_id')
    .execute();
  return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
}

/** Symptom texts of the period (the most recent ones first, at most `limit`). */
export async function symptoms(db: Queryable, f: Filters, limit: number) {
  return (await incidentFilters(db, f).select('i.symptom').orderBy('i.received_at', 'desc').limit(limit).execute()).map((r) => r.symptom);
}

/** Any filter besides the period (then an index of that filter reads fewer rows than a period-wide one). */
const narrowed = (f: Filters) => [f.customerId, f.itemId, f.regionCode, f.ownerUserId, f.groupId, f.priorityCode, f.reasonCode, f.caseType, f.statusCode].some((v) => v !== undefined);

/** The units with repeat failures in all, and the first ones by the report's rank (reports.rules.ts `byRepeatRank`). */
export type RepeatRanking = { total: number; top: Array<{ serial: string; repeats: number; lastRepeatAt: string }> };

/** Per serial (grouped rows with `gap`-qualifying rows only): repeats, latest repeat, the count of serials; ranked and cut in SQL. */
async function rankRepeats(db: Queryable, q: SelectQueryBuilder<any, any, any>, serial: string, received: string, limit: number): Promise<RepeatRanking> {
  const rows = (await q
    .select([sql.ref(serial).as('serial'), sql<number | string>`count(*)`.as('repeats'), sql<string | Date>`max(${sql.ref(received)})`.as('last_at'), sql<number | string>`count(*) over ()`.as('total')])
    .groupBy(serial)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(sql`max(${sql.ref(received)})`, 'desc')
    .orderBy(binaryOrderSql(db, serial)) // the serial in code-unit order on both engines
    .limit(limit)
    .execute()) as Array<{ serial: string; repeats: number | string; last_at: string | Date; total: number | string }>;
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    top: rows.map((r) => ({ serial: String(r.serial), repeats: Number(r.repeats), lastRepeatAt: r.last_at instanceof Date ? r.last_at.toISOString() : String(r.last_at) })),
  };
}

/**
 * The units with two incidents of the period at most `days` apart (to the millisecond, as the rule
 * `repeatFailures` counts), from `incidents_report_serial_idx` alone (serial, received instant):
 * each incident's gap to the previous one of its serial by a window pass in index order, so no
 * incident row is read and nothing is sorted but the serials found; counted, ranked and cut to
 * `limit` in SQL. Any filter: the window runs over the filtered incidents.
 */
export async function topRepeatSerials(db: Queryable, f: Filters, days: number, limit: number): Promise<RepeatRanking> {
  // SQLite's planner would take the received-date index and read every incident row of the period.
  const from = (narrowed(f) ? 'incidents as i' : sql`incidents as i ${indexedBy(db, 'incidents_report_serial_idx')}`) as 'incidents as i';
  const inner = whereIncident(
    db
      .selectFrom(from)
      .where('i.serial_number', 'is not', null)
      .select([
        'i.serial_number',
        'i.received_at',
        millisecondsBetweenSql(db, sql`lag(i.received_at) over (partition by i.serial_number order by i.received_at, i.id)`, sql.ref('i.received_at')).as('gap'),
      ]),
    f,
  ) as unknown as SelectQueryBuilder<any, any, { serial_number: string; received_at: string; gap: number | null }>;
  return rankRepeats(db, db.selectFrom(inner.as('w')).where('w.gap', '<=', days * 86_400_000), 'w.serial_number', 'w.received_at', limit);
}

/**
 * The same as topRepeatSerials from the serial gaps (built, period-only filters): an incident of
 * the period whose serial's previous incident is also in it (received at or after the period's
 * start) and at most `days` days before; one range of report_serial_gaps_repeat_idx. The gap is
 * stored in whole seconds, so only a gap of exactly N days in seconds is compared again to the
 * millisecond on the row's two instants.
 */
export async function topRepeatSerialsFromGaps(db: Queryable, f: Filters, days: number, limit: number): Promise<RepeatRanking> {
  const window = days * 86_400;
  let q = db
    .selectFrom('report_serial_gaps as g')
    .where('g.gap_s', 'is not', null)
    .where('g.gap_s', '<=', window)
    .where(sql<boolean>`(g.gap_s < ${window} or ${millisecondsBetweenSql(db, sql.ref('g.prev_received_at'), sql.ref('g.received_at'))} <= ${window * 1000})`);
  if (f.fromUtc) q = q.where('g.received_at', '>=', f.fromUtc).where('g.prev_received_at', '>=', f.fromUtc);
  if (f.toUtc) q = q.where('g.received_at', '<', f.toUtc);
  return rankRepeats(db, q, 'g.serial_number', 'g.received_at', limit);
}

/** True when no filter other than the period narrows the incidents (a summary can answer). */
export const periodOnly = (f: Filters) => !narrowed(f);

/** These incidents' serial and received instant now, and their stored gap row's (null when none). */
const serialGapSourcesQuery = (db: Queryable, ids: number[]) =>
  db
    .selectFrom('incidents as i')
    .leftJoin('report_serial_gaps as g', 'g.incident_id', 'i.id')
    .select(['i.id', 'i.serial_number', 'i.received_at', 'g.serial_number as g_serial', 'g.received_at as g_received_at'])
    .where('i.id', 'in', ids);
const serialGapSourcesFew = precompiledBy((n: number) => (db, p: Params<Record<string, unknown>>) => serialGapSourcesQuery(db as Queryable, idList(n, p)), String, FEW);

export async function serialGapSources(db: Queryable, ids: number[]) {
  const rows = await (ids.length <= FEW ? serialGapSourcesFew(ids.length).all(db, byPosition(ids)) : serialGapSourcesQuery(db, ids).execute());
  return rows.map((r) => ({ id: Number(r.id), serial: r.serial_number, receivedAt: r.received_at as string, storedSerial: r.g_serial, storedReceivedAt: r.g_received_at as string | null }));
}

const serialTimelineQuery = (db: Queryable, serials: string[]) =>
  db
    .selectFrom('incidents as i')
    .leftJoin('report_serial_gaps as g', 'g.incident_id', 'i.id')
    .select(['i.id', 'i.serial_number', 'i.received_at', 'g.incident_id as g_id', 'g.serial_number as g_serial', 'g.received_at as g_received_at', 'g.prev_received_at as g_prev', 'g.gap_s as g_gap'])
    .where('i.serial_number', 'in', serials);
const serialTimelineFew = precompiledBy((n: number) => (db, p: Params<Record<string, unknown>>) => serialTimelineQuery(db as Queryable, idList(n, p)), String, FEW);
const bareTimelineQuery = (db: Queryable, serials: string[]) =>
  db.selectFrom('incidents as i').select(['i.id', 'i.serial_number', 'i.received_at', sql<null>`null`.as('g_id'), sql<null>`null`.as('g_serial'), sql<null>`null`.as('g_received_at'), sql<null>`null`.as('g_prev'), sql<null>`null`.as('g_gap')]).where('i.serial_number', 'in', serials);
const bareTimelineFew = precompiledBy((n: number) => (db, p: Params<Record<string, unknown>>) => bareTimelineQuery(db as Queryable, idList(n, p)), String, FEW);

/** The gap rows of these incidents as stored. */
export async function storedSerialGaps(db: Queryable, ids: number[]): Promise<Map<number, SerialGap>> {
  const out = new Map<number, SerialGap>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('report_serial_gaps').select(['incident_id', 'serial_number', 'received_at', 'prev_received_at', 'gap_s']).where('incident_id', 'in', part).execute();
    for (const r of rows) {
      out.set(Number(r.incident_id), { incident_id: Number(r.incident_id), serial_number: r.serial_number, received_at: r.received_at as string, prev_received_at: r.prev_received_at as string | null, gap_s: r.gap_s === null ? null : Number(r.gap_s) });
    }
  }
  return out;
}

/**
 * Every incident of these serials (id, serial, received instant), read from incidents_report_serial_idx,
 * with its gap row as stored (null when it has none, or when `stored` is false: then the serial
 * index alone is read), so that only the rows that change are written.
 */
export async function serialTimeline(db: Queryable, serials: string[], opts: { stored: boolean }) {
  const out: Array<{ id: number; serial: string; receivedAt: string; stored: SerialGap | null }> = [];
  const [few, query] = opts.stored ? [serialTimelineFew, serialTimelineQuery] : [bareTimelineFew, bareTimelineQuery];
  for (const part of chunks(serials)) {
    const rows = await (part.length <= FEW ? few(part.length).all(db, byPosition(part)) : query(db, part).execute());
    for (const r of rows) {
      out.push({
        id: Number(r.id),
        serial: r.serial_number!,
        receivedAt: r.received_at as string,
        stored: r.g_id === null ? null : { incident_id: Number(r.g_id), serial_number: r.g_serial!, received_at: r.g_received_at as string, prev_received_at: r.g_prev as string | null, gap_s: r.g_gap === null ? null : Number(r.g_gap) },
      });
    }
  }
  return out;
}

/** Waits for other writers of these serials' gaps (PostgreSQL; SQLite has one writer). */
export const lockSerials = (db: Queryable, serials: string[]) => lockKeys(db, serials.map((s) => `report-serial:${s}`));

/** `on conflict (incident_id) do update set c = excluded.c, …`: a summary row replaced whole by incident. */
const replacingByIncident = (columns: readonly string[]) => (oc: OnConflictBuilder<any, any>) =>
  oc.column('incident_id').doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])));
const GAP_COLUMNS = ['serial_number', 'received_at', 'prev_received_at', 'gap_s'] as const;

/** Writes gap rows (insert or replace by incident) and removes those of incidents that no longer name a serial. */
export async function saveSerialGaps(db: Queryable, rows: SerialGap[], drop: number[]) {
  // A group of intakes: a few new rows, none dropped; the statement compiled once per row count.
  if (!drop.length && rows.length <= SMALL) return insertRowsPrecompiled(db, 'report_serial_gaps', rows, ['incident_id']);
  const writes = chunks(rows).map((part) =>
    db
      .insertInto('report_serial_gaps')
      .values(part)
      .onConflict(replacingByIncident(GAP_COLUMNS)),
  );
  await executeTogether(db, [...(drop.length ? [db.deleteFrom('report_serial_gaps').where('incident_id', 'in', drop)] : []), ...writes]);
}

/**
 * Recomputes every gap row from the incidents in one statement (a window over the serial index),
 * incident writers held off until the transaction ends; marks the summary built.
 */
export async function rebuildSerialGaps(db: Queryable, at: string): Promise<number> {
  await lockAgainstWrites(db, 'incidents');
  await db.deleteFrom('report_serial_gaps').execute();
  const prev = sql`lag(received_at) over (partition by serial_number order by received_at, id)`;
  const r = await db
    .insertInto('report_serial_gaps')
    .columns(['incident_id', 'serial_number', 'received_at', 'prev_received_at', 'gap_s'])
    .expression(
      db
        .selectFrom('incidents')
        .where('serial_number', 'is not', null)
        .select(['id', 'serial_number', 'received_at', prev.as('prev_received_at'), secondsBetweenSql(db, prev, sql.ref('received_at')).as('gap_s')]),
    )
    .executeTakeFirst();
  await db.updateTable('report_summary_state').set({ built_at: at, lease_until: null, lease_by: null }).where('name', '=', 'serial-gaps').execute();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** The incidents of the period of these serials (for repeat failures), read from `incidents_report_serial_idx`. */
export async function serialIncidents(db: Queryable, f: Filters, serials: string[]) {
  const out: Array<{ id: number; number: string; serial_number: string; received_at: string | Date; unit_id: number | null; item_code: string | null; item_description: string | null }> = [];
  for (const part of chunks(serials)) {
    const rows = await whereIncident(db.selectFrom('incidents as i'), f)
      .leftJoin('items as it', 'it.id', 'i.item_id')
      .where('i.serial_number', 'in', part)
      .select(['i.id', 'i.number', 'i.serial_number', 'i.received_at', 'i.unit_id', 'it.code as item_code', 'it.description as item_description'])
      .execute();
    for (const r of rows) out.push({ ...r, id: Number(r.id), serial_number: r.serial_number!, unit_id: r.unit_id === null ? null : Number(r.unit_id) });
  }
  return out;
}

/**
 * The cost of the supply lines of warranty and courtesy incidents added in the period (what the
 * service gave away), summed in SQL per month of `bounds` (the UTC instants where months 1, 2…
 * start; month 0 before the first), item and case type: each line's quantity × unit cost rounded to
 * the cent as the report always did (quantities are positive: `(q·c + 500) / 1000` in integers
 * rounds as Math.round). Read from `incident_supplies_report_cost_idx` (the lines of the period with
 * every column summed), each line's incident looked up for its case type: a CROSS JOIN keeps SQLite
 * from walking every warranty and courtesy incident of all time first; PostgreSQL plans it as the
 * inner join it is.
 */
export async function freeSupplyCosts(db: Queryable, f: Filters, bounds: string[]) {
  const g =
    bounds.length === 0 ? sql<number>`0` : sql<number>`case ${sql.join(bounds.map((b, k) => sql`when s.created_at < ${b} then ${sql.lit(k)}`), sql` `)} else ${sql.lit(bounds.length)} end`;
  const q = db
    .selectFrom('incident_supplies as s')
    .crossJoin('incidents as i')
    .whereRef('i.id', '=', 's.incident_id')
    .where('i.case_type', 'in', ['warranty', 'courtesy']);
  const sums = await whereIncident(whereWithin(q, 's.created_at', f), f, false)
    .select((eb) => [g.as('g'), 's.item_id', 'i.case_type', eb.fn.sum<number | string>(sql`(s.quantity_milli * s.cost_cents + 500) / 1000`).as('cost')])
    .groupBy([sql`1`, 's.item_id', 'i.case_type'])
    .execute();
  const items = await itemsByIds(db, [...new Set(sums.map((r) => Number(r.item_id)))]);
  return sums.map((r) => {
    const it = items.get(Number(r.item_id));
    return { g: Number(r.g), itemCode: it?.code ?? '', itemDescription: it?.description ?? '', caseType: String(r.case_type), cost: Number(r.cost ?? 0) };
  });
}

/** Incidents not closed, from the summaries' `all` rows (one per received day): the `open` their facts add up to. */
export async function openIncidentsFromSummary(db: Queryable): Promise<number> {
  const r = await db.selectFrom('report_incident_daily').select((eb) => eb.fn.sum<number | string>('open').as('n')).where('dim', '=', 'all').executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Incidents not closed, now (the inbox's "open" view; a range of incidents_open_received_idx). */
export async function openIncidentCount(db: Queryable): Promise<number> {
  const r = await db.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).where('is_open', '=', sql<boolean>`${true}`).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- incident time analysis

/**
 * What the time analysis groups by: a column of the incident, or the period bucket the incident
 * was received in (`bounds`: the UTC instants where buckets 1, 2… start; bucket 0 is before the
 * first bound). Buckets are worked out in the user's time zone by the service.
 */
export type TimeGroup = { column: 'i.priority_code' | 'i.owner_user_id' | 'i.reason_code' | 'i.item_id' } | { bounds: string[] };

export type TimeStatsRow = {
  g: string | number | null;
  n: number;
  r_decided: number;
  r_met: number;
  s_decided: number;
  s_met: number;
  r_open: number;
  s_open: number;
  rb_med: number | null;
  rb_p90: number | null;
  sb_med: number | null;
  sb_p90: number | null;
  rc_med: number | null;
  rc_p90: number | null;
  sc_med: number | null;
  sc_p90: number | null;
};

/** The incidents of the period joined to their response and resolution clocks (SLA area's table). */
function timedIncidents(db: Queryable, f: Filters) {
  return incidentFilters(db, f)
    .leftJoin('incident_clocks as rc', (j) => j.onRef('rc.incident_id', '=', 'i.id').on('rc.target', '=', 'response'))
    .leftJoin('incident_clocks as sc', (j) => j.onRef('sc.incident_id', '=', 'i.id').on('sc.target', '=', 'resolution'));
}

/** 1 met, 0 missed (stopped late, or running past its deadline now), null not decided yet. */
const metSql = (alias: 'rc' | 'sc', now: string) =>
  sql<number | null>`case when ${sql.ref(`${alias}.state`)} = 'stopped' then (case when ${sql.ref(`${alias}.met`)} = ${true} then 1 else 0 end) when ${sql.ref(`${alias}.state`)} = 'running' and ${sql.ref(`${alias}.due_at`)} <= ${now} then 0 end`;

/**
 * Per group: the incidents, how many response and resolution targets were decided and met, and the
 * median and nearest-rank 90th percentile of the business minutes (the SLA clocks' used time,
 * pauses excluded, stopped clocks only) and of the calendar seconds to first response and to
 * resolution. One pass in SQL with window functions on both engines, so a year at a million
 * incidents never comes into memory. Median of an even count: the mean of the two middle values.
 */
export async function incidentTimeStats(db: Queryable, f: Filters, group: TimeGroup, now: string): Promise<TimeStatsRow[]> {
  const g =
    'column' in group
      ? sql.ref(group.column)
      : group.bounds.length === 0
        ? sql`0`
        : sql`case ${sql.join(
            group.bounds.map((b, k) => sql`when i.received_at < ${b} then ${sql.lit(k)}`),
            sql` `,
          )} else ${sql.lit(group.bounds.length)} end`;
  const base = timedIncidents(db, f).select([
    g.as('g'),
    sql<number | null>`case when rc.state = 'stopped' then rc.used_before end`.as('rb'),
    sql<number | null>`case when sc.state = 'stopped' then sc.used_before end`.as('sb'),
    secondsBetweenSql(db, sql.ref('i.received_at'), sql`coalesce(i.first_response_at, i.resolved_at)`).as('rcal'),
    secondsBetweenSql(db, sql.ref('i.received_at'), sql.ref('i.resolved_at')).as('scal'),
    metSql('rc', now).as('rmet'),
    metSql('sc', now).as('smet'),
    sql<number>`case when rc.state is null or rc.state <> 'stopped' then 1 else 0 end`.as('ropen'),
    sql<number>`case when sc.state is null or sc.state <> 'stopped' then 1 else 0 end`.as('sopen'),
  ]);
  const rank = (m: string) => {
    const part = sql`partition by b.g, case when ${sql.ref(`b.${m}`)} is null then 1 else 0 end`;
    return sql`row_number() over (${part} order by ${sql.ref(`b.${m}`)}) as ${sql.ref(`${m}_i`)}, count(*) over (${part}) as ${sql.ref(`${m}_n`)}`;
  };
  const stats = (m: string) =>
    sql`avg(case when ${sql.ref(`r.${m}`)} is not null and ${sql.ref(`r.${m}_i`)} in ((${sql.ref(`r.${m}_n`)} + 1) / 2, ${sql.ref(`r.${m}_n`)} / 2 + 1) then ${sql.ref(`r.${m}`)} end) as ${sql.ref(`${m.slice(0, 2)}_med`)},
        min(case when ${sql.ref(`r.${m}`)} is not null and ${sql.ref(`r.${m}_i`)} >= (9 * ${sql.ref(`r.${m}_n`)} + 9) / 10 then ${sql.ref(`r.${m}`)} end) as ${sql.ref(`${m.slice(0, 2)}_p90`)}`;
  const metrics = ['rb', 'sb', 'rcal', 'scal'];
  const { rows } = await sql<Record<string, unknown>>`
    select r.g as g, count(*) as n,
      count(r.rmet) as r_decided, coalesce(sum(r.rmet), 0) as r_met,
      count(r.smet) as s_decided, coalesce(sum(r.smet), 0) as s_met,
      sum(r.ropen) as r_open, sum(r.sopen) as s_open,
      ${sql.join(metrics.map(stats))}
    from (select b.*, ${sql.join(metrics.map(rank))} from ${base} as b) as r
    group by r.g`.execute(db);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    g: r.g as string | number | null,
    n: Number(r.n),
    r_decided: Number(r.r_decided),
    r_met: Number(r.r_met),
    s_decided: Number(r.s_decided),
    s_met: Number(r.s_met),
    r_open: Number(r.r_open),
    s_open: Number(r.s_open),
    rb_med: num(r.rb_med),
    rb_p90: num(r.rb_p90),
    sb_med: num(r.sb_med),
    sb_p90: num(r.sb_p90),
    rc_med: num(r.rc_med),
    rc_p90: num(r.rc_p90),
    sc_med: num(r.sc_med),
    sc_p90: num(r.sc_p90),
  }));
}

/**
 * SLA compliance only (no medians) of the incidents received in [fromUtc, toUtc), per bucket of
 * `bounds` (as incidentTimeStats): the same decided / met counts as the incident time analysis,
 * so the dashboard's percentages are the ones its link opens.
 */
export async function complianceStats(db: Queryable, f: Pick<Filters, 'fromUtc' | 'toUtc'>, bounds: string[], now: string) {
  const g = bounds.length === 0 ? sql<number>`0` : sql<number>`case ${sql.join(bounds.map((b, k) => sql`when i.received_at < ${b} then ${sql.lit(k)}`), sql` `)} else ${sql.lit(bounds.length)} end`;
  const base = timedIncidents(db, { fromDate: null, toDate: null, fromUtc: f.fromUtc, toUtc: f.toUtc }).select([g.as('g'), metSql('rc', now).as('rmet'), metSql('sc', now).as('smet')]);
  const rows = await db
    .selectFrom(base.as('b'))
    .select((eb) => ['b.g', eb.fn.countAll().as('n'), eb.fn.count('b.rmet').as('r_decided'), eb.fn.sum('b.rmet').as('r_met'), eb.fn.count('b.smet').as('s_decided'), eb.fn.sum('b.smet').as('s_met')])
    .groupBy('b.g')
    .execute();
  return rows.map((r) => ({ g: Number(r.g), n: Number(r.n), r_decided: Number(r.r_decided), r_met: Number(r.r_met ?? 0), s_decided: Number(r.s_decided), s_met: Number(r.s_met ?? 0) }));
}

/**
 * The worst cases of the period: incidents resolved past their resolution target (largest overrun in
 * business minutes first), then those still running past their resolution deadline now, then those
 * that only missed the response target (oldest first). With each incident's stamps and clocks.
 */
export function worstTimedIncidents(db: Queryable, f: Filters, now: string, limit: number, ids?: number[]) {
  let q = timedIncidents(db, f);
  if (ids) q = q.where('i.id', 'in', ids.length ? ids : [0]);
  return q
    .where((eb) =>
      eb.or([
        eb.and([eb('sc.state', '=', 'stopped'), eb('sc.met', '=', sql<boolean>`${false}`)]),
        eb.and([eb('rc.state', '=', 'stopped'), eb('rc.met', '=', sql<boolean>`${false}`)]),
        eb.and([eb('sc.state', '=', 'running'), eb('sc.due_at', '<=', now)]),
        eb.and([eb('rc.state', '=', 'running'), eb('rc.due_at', '<=', now)]),
      ]),
    )
    .select([
      'i.id',
      'i.number',
      'i.priority_code',
      'i.received_at',
      'i.first_response_at',
      'i.resolved_at',
      'i.closed_at',
      'rc.state as r_state',
      'rc.used_before as r_used',
      'rc.target_minutes as r_target',
      'rc.due_at as r_due',
      'rc.calendar_id as r_calendar',
      'sc.state as s_state',
      'sc.used_before as s_used',
      'sc.target_minutes as s_target',
      'sc.due_at as s_due',
      'sc.calendar_id as s_calendar',
    ])
    .orderBy(sql`case when sc.state = 'stopped' and sc.met = ${false} then 0 when sc.state = 'running' and sc.due_at <= ${now} then 1 else 2 end`)
    .orderBy(sql`case when sc.state = 'stopped' and sc.met = ${false} then sc.used_before - sc.target_minutes else 0 end`, 'desc')
    .orderBy('i.received_at')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

/** Names of users and items by id (group labels). */
export async function userNames(db: Queryable, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}
export async function itemsByIds(db: Queryable, ids: number[]) {
  if (ids.length === 0) return new Map<number, { code: string; description: string }>();
  const rows = await db.selectFrom('items').select(['id', 'code', 'description']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), { code: r.code, description: r.description }]));
}
export async function itemNames(db: Queryable, ids: number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom('items').select(['id', 'code', 'description']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), `${r.code} ${r.description}`]));
}

// ---- billing

/** Invoices issued per day of the period (voided ones left out): count, total and what is still unpaid of them. */
export async function invoicedByDay(db: Queryable, f: Filters) {
  let q = db.selectFrom('invoices').where('settlement', '!=', 'voided');
  if (f.fromDate) q = q.where('issue_date', '>=', f.fromDate);
  if (f.toDate) q = q.where('issue_date', '<=', f.toDate);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  const rows = await q
    .select((eb) => [
      'issue_date',
      eb.fn.countAll().as('n'),
      eb.fn.sum('total_cents').as('invoiced'),
      eb.fn.sum(eb.case().when('settlement', 'in', ['unpaid', 'partially_paid']).then(eb.ref('outstanding_cents')).else(0).end()).as('outstanding'),
    ])
    .groupBy('issue_date')
    .execute();
  return rows.map((r) => ({ date: String(r.issue_date), n: Number(r.n), invoiced: Number(r.invoiced ?? 0), outstanding: Number(r.outstanding ?? 0) }));
}

/** Payments received per day of the period (reversals count negative). */
export async function collectedByDay(db: Queryable, f: Filters) {
  let q = db.selectFrom('invoice_payments as p');
  if (f.fromDate) q = q.where('p.paid_on', '>=', f.fromDate);
  if (f.toDate) q = q.where('p.paid_on', '<=', f.toDate);
  if (f.customerId !== undefined) {
    const customer = f.customerId;
    q = q.where((eb) => eb.exists(eb.selectFrom('invoices as pi').select('pi.id').whereRef('pi.id', '=', 'p.invoice_id').where('pi.customer_id', '=', customer)));
  }
  const rows = await q.select((eb) => ['p.paid_on', eb.fn.sum('p.amount_cents').as('collected')]).groupBy('p.paid_on').execute();
  return rows.map((r) => ({ date: String(r.paid_on), collected: Number(r.collected ?? 0) }));
}

/** What is unpaid now of invoices with an instalment past due, per earliest unpaid due date. */
export async function overdueByDueDate(db: Queryable, f: Pick<Filters, 'customerId'>, today: string) {
  let q = db.selectFrom('invoices').where('settlement', 'in', ['unpaid', 'partially_paid']).where('next_due_date', '<', today);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  const rows = await q.select((eb) => ['next_due_date', eb.fn.countAll().as('n'), eb.fn.sum('outstanding_cents').as('outstanding')]).groupBy('next_due_date').execute();
  return rows.map((r) => ({ dueDate: String(r.next_due_date), n: Number(r.n), outstanding: Number(r.outstanding ?? 0) }));
}

// ---- summaries (maintained on write by summaries.service.ts)

export function summaryState(db: Queryable, name: SummaryName = 'incidents') {
  return db.selectFrom('report_summary_state').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The summaries `reports rebuild` knows (rows of `report_summary_state`). */
export type SummaryName = 'incidents' | 'calls' | 'serial-gaps' | 'free-supplies' | 'units-in-service';

const FACT_COLUMNS = ['day', 'received_at', 'reason_code', 'specific_code', 'item_key', 'case_type', 'r_done', 'r_met', 's_done', 's_met', 'r_due', 's_due', 's_over', 'rb', 'sb', 'rcal', 'scal', 'open'] as const;
const CLOCK_COLUMNS = ['state', 'met', 'due_at', 'used_before', 'target_minutes'] as const;

/**
 * In one query: what the facts of these incidents are computed from (the incidents and their two
 * SLA clocks) and their stored facts (`stored`, null when none yet).
 */
const factSourcesFew = precompiledBy((n: number) => (db, p: Params<Record<string, unknown>>) => factSourcesQuery(db as Queryable, idList(n, p)), String, FEW);

export async function factSources(db: Queryable, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = (await (ids.length <= FEW ? factSourcesFew(ids.length).all(db, byPosition(ids)) : factSourcesQuery(db, ids).execute())) as Array<Record<string, unknown>>;
  return factSourceRows(rows);
}

function factSourcesQuery(db: Queryable, ids: number[]) {
  return db
    .selectFrom('incidents as i')
    .leftJoin('incident_clocks as rc', (j) => j.onRef('rc.incident_id', '=', 'i.id').on('rc.target', '=', 'response'))
    .leftJoin('incident_clocks as sc', (j) => j.onRef('sc.incident_id', '=', 'i.id').on('sc.target', '=', 'resolution'))
    .leftJoin('report_incident_facts as f', 'f.incident_id', 'i.id')
    .select(['i.id', 'i.received_at', 'i.reason_code', 'i.specific_reason_code', 'i.item_id', 'i.case_type', 'i.is_open', 'i.first_response_at', 'i.resolved_at', 'f.incident_id as f_incident_id'])
    .select(CLOCK_COLUMNS.flatMap((c) => [`rc.${c} as rc_${c}` as const, `sc.${c} as sc_${c}` as const]))
    .select(FACT_COLUMNS.map((c) => `f.${c} as f_${c}` as const))
    .where('i.id', 'in', ids)
    .orderBy('i.id');
}

function factSourceRows(rows: Array<Record<string, unknown>>) {
  return rows.map((r) => {
    const clock = (alias: 'rc' | 'sc', target: string) => (r[`${alias}_state`] === null || r[`${alias}_state`] === undefined ? [] : [{ target, ...Object.fromEntries(CLOCK_COLUMNS.map((c) => [c, r[`${alias}_${c}`]])) } as ClockInput]);
    const stored = r.f_incident_id === null || r.f_incident_id === undefined ? null : { incident_id: r.f_incident_id, ...Object.fromEntries(FACT_COLUMNS.map((c) => [c, r[`f_${c}`]])) };
    return {
      source: {
        id: Number(r.id),
        received_at: r.received_at,
        reason_code: r.reason_code as string | null,
        specific_reason_code: r.specific_reason_code as string | null,
        item_id: r.item_id === null ? null : Number(r.item_id),
        case_type: String(r.case_type),
        is_open: r.is_open,
        first_response_at: r.first_response_at,
        resolved_at: r.resolved_at,
        clocks: [...clock('rc', 'response'), ...clock('sc', 'resolution')],
      },
      stored,
    };
  });
}

const CHUNK = 400;
/** Up to this many rows a summary write uses a statement compiled once per row count (precompiled.ts insertRowsPrecompiled). */
const SMALL = 100;
const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, k) => rows.slice(k * CHUNK, (k + 1) * CHUNK));

/** Writes facts (insert or replace by incident). */
function saveFacts(db: Queryable, facts: Fact[]) {
  return chunks(facts).map((part) =>
    db
      .insertInto('report_incident_facts')
      .values(part)
      .onConflict(replacingByIncident(FACT_COLUMNS)),
  );
}

const dailyOrder = (deltas: DailyDelta[]) => [...deltas].sort((a, b) => (a.dim < b.dim ? -1 : a.dim > b.dim ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
const histOrder = (deltas: HistDelta[]) => [...deltas].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.bucket - b.bucket));

function addDaily(db: Queryable, deltas: DailyDelta[]) {
  const rows = dailyOrder(deltas);
  return chunks(rows).map((part) =>
    db
      .insertInto('report_incident_daily')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['dim', 'day', 'code']).doUpdateSet({
          n: sql`report_incident_daily.n + excluded.n`,
          r_done: sql`report_incident_daily.r_done + excluded.r_done`,
          r_met: sql`report_incident_daily.r_met + excluded.r_met`,
          s_done: sql`report_incident_daily.s_done + excluded.s_done`,
          s_met: sql`report_incident_daily.s_met + excluded.s_met`,
          open: sql`report_incident_daily.open + excluded.open`,
        }),
      ),
  );
}

function addHist(db: Queryable, deltas: HistDelta[]) {
  const rows = histOrder(deltas);
  return chunks(rows).map((part) =>
    db
      .insertInto('report_time_hist')
      .values(part)
      .onConflict((oc) => oc.columns(['day', 'metric', 'bucket']).doUpdateSet({ n: sql`report_time_hist.n + excluded.n` })),
  );
}

/**
 * Adds the increments to the daily counts and the histogram (`n = n + d` by upsert, rows in key
 * order so two writers lock alike) and stores the new facts: one round trip on PostgreSQL.
 */
export async function applySummaryChanges(db: Queryable, daily: DailyDelta[], hist: HistDelta[], facts: Fact[]) {
  // SQLite: a group of intakes' few rows through statements compiled once per row count (Kysely
  // building them was most of this step's time under the write lock); PostgreSQL: one statement.
  await insertRowsTogether(
    db,
    [
      { table: 'report_incident_daily', rows: dailyOrder(daily), conflict: ['dim', 'day', 'code'], mode: 'add' },
      { table: 'report_time_hist', rows: histOrder(hist), conflict: ['day', 'metric', 'bucket'], mode: 'add' },
      { table: 'report_incident_facts', rows: facts, conflict: ['incident_id'] },
    ],
    () => [...addDaily(db, daily), ...addHist(db, hist), ...saveFacts(db, facts)],
  );
}

/** Takes the rebuild lease when nobody holds it (or it ran out); the tables then read as not built. */
export async function claimRebuild(db: Queryable, by: string, timeZone: string, now: string, until: string, name: SummaryName = 'incidents', nextId = 0): Promise<boolean> {
  const r = await db
    .updateTable('report_summary_state')
    .set({ lease_by: by, lease_until: until, built_at: null, next_id: nextId, time_zone: timeZone })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Moves the rebuild's cursor on and renews its lease; false when another holds it now. */
export async function advanceRebuild(db: Queryable, by: string, nextId: number, until: string, name: SummaryName = 'incidents'): Promise<boolean> {
  const r = await db.updateTable('report_summary_state').set({ next_id: nextId, lease_until: until }).where('name', '=', name).where('lease_by', '=', by).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishRebuild(db: Queryable, by: string, at: string, name: SummaryName = 'incidents'): Promise<boolean> {
  const r = await db.updateTable('report_summary_state').set({ built_at: at, lease_until: null, lease_by: null }).where('name', '=', name).where('lease_by', '=', by).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function clearSummaries(db: Queryable) {
  await db.deleteFrom('report_incident_facts').execute();
  await db.deleteFrom('report_incident_daily').execute();
  await db.deleteFrom('report_time_hist').execute();
}

/** The next incident ids after `afterId`, locked (a batch of the rebuild). */
export async function lockIncidentIdsAfter(db: Queryable, afterId: number, limit: number): Promise<number[]> {
  const ids = (await db.selectFrom('incidents').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute()).map((r) => Number(r.id));
  if (ids.length) await lockRows(db, db.selectFrom('incidents').select('id').where('id', 'in', ids).orderBy('id')).execute();
  return ids;
}

/** `case when day < start₁ then 0 when day < start₂ then 1 … end`: the bucket of a day. */
const dayBucket = (starts: string[]) =>
  starts.length <= 1 ? sql<number>`0` : sql<number>`case ${sql.join(starts.slice(1).map((s, k) => sql`when day < ${s} then ${sql.lit(k)}`), sql` `)} else ${sql.lit(starts.length - 1)} end`;

/** Daily sums of one dimension over [fromDay, toDay], per code and per bucket of days (`starts`). */
export async function dailySums(db: Queryable, dim: string, fromDay: string, toDay: string, starts: string[] = []) {
  const rows = await db
    .selectFrom('report_incident_daily')
    .where('dim', '=', dim)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .select((eb) => [
      dayBucket(starts).as('g'),
      'code',
      eb.fn.sum<number>('n').as('n'),
      eb.fn.sum<number>('r_done').as('r_done'),
      eb.fn.sum<number>('r_met').as('r_met'),
      eb.fn.sum<number>('s_done').as('s_done'),
      eb.fn.sum<number>('s_met').as('s_met'),
    ])
    .groupBy([sql`1`, 'code'])
    .execute();
  return rows.map((r) => ({ g: Number(r.g), code: String(r.code), n: Number(r.n ?? 0), r_done: Number(r.r_done ?? 0), r_met: Number(r.r_met ?? 0), s_done: Number(r.s_done ?? 0), s_met: Number(r.s_met ?? 0) }));
}

/** Clocks still running past their deadline now, of incidents received in [fromDay, toDay], per bucket of days. */
export async function overdueRunning(db: Queryable, target: 'r' | 's', fromDay: string, toDay: string, now: string, starts: string[] = []) {
  const due = target === 'r' ? 'r_due' : 's_due';
  const rows = await db
    .selectFrom('report_incident_facts')
    .where(due, 'is not', null)
    .where(due, '<=', now)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .select((eb) => [dayBucket(starts).as('g'), eb.fn.countAll<number>().as('n')])
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [Number(r.g), Number(r.n)]));
}

/** The duration histogram of [fromDay, toDay] per bucket of days and measure. */
export async function histogram(db: Queryable, fromDay: string, toDay: string, starts: string[] = []) {
  const rows = await db
    .selectFrom('report_time_hist')
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .select((eb) => [dayBucket(starts).as('g'), 'metric', 'bucket', eb.fn.sum<number>('n').as('n')])
    .groupBy([sql`1`, 'metric', 'bucket'])
    .execute();
  return rows.map((r) => ({ g: Number(r.g), metric: String(r.metric), bucket: Number(r.bucket), n: Number(r.n ?? 0) }));
}

/**
 * The ids of the worst cases of [fromDay, toDay] from the facts, in the order of
 * `worstTimedIncidents`: resolved late (largest overrun first), then still running past the
 * resolution deadline, then those that only missed the response; at most `limit`.
 */
export async function worstCandidates(db: Queryable, fromDay: string, toDay: string, now: string, limit: number): Promise<number[]> {
  const period = <Q extends SelectQueryBuilder<any, any, any>>(q: Q) => q.where('day', '>=', fromDay).where('day', '<=', toDay) as Q;
  const late = await period(db.selectFrom('report_incident_facts').select('incident_id').where('s_over', 'is not', null))
    .orderBy('s_over', 'desc')
    .orderBy('received_at')
    .orderBy('incident_id')
    .limit(limit)
    .execute();
  const ids = late.map((r) => Number(r.incident_id));
  if (ids.length < limit) {
    const running = await period(db.selectFrom('report_incident_facts').select('incident_id').where('s_due', 'is not', null).where('s_due', '<=', now))
      .orderBy('received_at')
      .orderBy('incident_id')
      .limit(limit - ids.length)
      .execute();
    ids.push(...running.map((r) => Number(r.incident_id)));
  }
  if (ids.length < limit) {
    const response = await period(db.selectFrom('report_incident_facts').select('incident_id'))
      .where((eb) => eb.or([eb.and([eb('r_done', '=', 1), eb('r_met', '=', 0)]), eb.and([eb('r_due', 'is not', null), eb('r_due', '<=', now)])]))
      .where((eb) => eb.and([eb('s_over', 'is', null), eb.or([eb('s_due', 'is', null), eb('s_due', '>', now)])]))
      .orderBy('received_at')
      .orderBy('incident_id')
      .limit(limit - ids.length)
      .execute();
    ids.push(...response.map((r) => Number(r.incident_id)));
  }
  return ids;
}

// ---- the calls summary (call-summaries.service.ts)

/**
 * Adds increments to summary rows: `insert … on conflict (keys) do update set a = table.a + excluded.a`
 * for each `add` column, the rows (in key order) in chunks sent together.
 */
async function addIncrements<T extends 'report_call_daily' | 'report_free_supplies'>(db: Queryable, table: T, rows: Insertable<DB[T]>[], keys: string[], add: string[]) {
  if (!rows.length) return;
  await executeTogether(
    db,
    chunks(rows).map((part) =>
      db
        .insertInto(table as 'report_call_daily')
        .values(part as Insertable<DB['report_call_daily']>[])
        .onConflict((oc) => oc.columns(keys as never).doUpdateSet(Object.fromEntries(add.map((a) => [a, sql.raw(`${table}.${a} + excluded.${a}`)])))),
    ),
  );
}

/** Adds the increments to `report_call_daily` (`n = n + d`, rows in key order): one statement. */
export async function addCallDeltas(db: Queryable, rows: CallDelta[]) {
  await addIncrements(db, 'report_call_daily', rows, ['grain', 'day', 'dim', 'code', 'outcome', 'bucket'], ['n']);
}

export async function clearCallSummary(db: Queryable) {
  await db.deleteFrom('report_call_daily').execute();
}

export async function maxCallId(db: Queryable): Promise<number> {
  const r = await db.selectFrom('calls').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** The calls below `beforeId`, newest first, locked (a batch of the calls summary's rebuild). */
export async function lockCallsBefore(db: Queryable, beforeId: number, limit: number) {
  return lockRows(
    db,
    db
      .selectFrom('calls')
      .select(['id', 'type_code', 'to_user_id', 'to_group_id', 'registered_at', 'finished_at', 'finished_by_action_type'])
      .where('id', '<', beforeId)
      .orderBy('id', 'desc')
      .limit(limit),
  ).execute();
}

/** The calls summary of one grain over [fromKey, toKey] (days or months), per dimension, code, outcome and bucket. */
export async function callSummarySums(db: Queryable, grain: 'd' | 'm', fromKey: string, toKey: string) {
  const rows = await db
    .selectFrom('report_call_daily')
    .where('grain', '=', grain)
    .where('day', '>=', fromKey)
    .where('day', '<=', toKey)
    .select((eb) => ['dim', 'code', 'outcome', 'bucket', eb.fn.sum<number>('n').as('n')])
    .groupBy(['dim', 'code', 'outcome', 'bucket'])
    .execute();
  return rows.map((r) => ({ dim: String(r.dim), code: String(r.code), outcome: String(r.outcome), bucket: Number(r.bucket), n: Number(r.n ?? 0) }));
}

export async function groupNames(db: Queryable, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

// ---- free supplies and units in service (root-summaries.service.ts)

/** Adds the increments to `report_free_supplies` (`lines = lines + d`, `cost = cost + d`, rows in key order). */
export async function addFreeSupplyDeltas(db: Queryable, rows: SupplyDelta[]) {
  await addIncrements(db, 'report_free_supplies', rows, ['grain', 'period', 'item_id', 'case_type'], ['lines', 'cost']);
}

/** An incident's supply lines (what a case-type change moves between the summary's case types). */
export async function supplyLinesOf(db: Queryable, incidentId: number) {
  const rows = await db.selectFrom('incident_supplies').select(['item_id', 'quantity_milli', 'cost_cents', 'created_at']).where('incident_id', '=', incidentId).execute();
  return rows.map((r) => ({ itemId: Number(r.item_id), quantityMilli: Number(r.quantity_milli), costCents: Number(r.cost_cents), createdAt: new Date(r.created_at as string).toISOString() }));
}

/** Up to `limit` supply lines of warranty and courtesy incidents after supply id `afterId` (a batch of the rebuild). */
export async function freeSupplyLinesAfter(db: Queryable, afterId: number, limit: number) {
  const rows = await db
    .selectFrom('incident_supplies as s')
    .innerJoin('incidents as i', 'i.id', 's.incident_id')
    .select(['s.id', 's.item_id', 's.quantity_milli', 's.cost_cents', 's.created_at', 'i.case_type'])
    .where('s.id', '>', afterId)
    .where('i.case_type', 'in', ['warranty', 'courtesy'])
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), caseType: String(r.case_type), line: { itemId: Number(r.item_id), quantityMilli: Number(r.quantity_milli), costCents: Number(r.cost_cents), createdAt: new Date(r.created_at as string).toISOString() } }));
}

/** Empties a summary table and makes its source's writers wait until the transaction ends (a rebuild's start). */
export async function clearForRebuild(db: Queryable, name: 'free-supplies' | 'units-in-service') {
  if (name === 'free-supplies') {
    await lockAgainstWrites(db, 'incidents');
    await lockAgainstWrites(db, 'incident_supplies');
    await db.deleteFrom('report_free_supplies').execute();
  } else {
    await lockAgainstWrites(db, 'units');
    await db.deleteFrom('report_units_in_service').execute();
  }
}

/** Marks a summary built now, in the days of `timeZone`. */
export async function markBuilt(db: Queryable, name: SummaryName, timeZone: string, at: string) {
  await db.updateTable('report_summary_state').set({ built_at: at, time_zone: timeZone, lease_until: null, lease_by: null }).where('name', '=', name).execute();
}

/**
 * The free supplies per month (`YYYY-MM`), item and case type from the summary: whole months
 * (`months`) from the `m` rows, the days of [fromDay, toDay] outside them from the `d` rows.
 */
export async function freeSupplySums(db: Queryable, months: string[], fromDay: string, toDay: string) {
  const month = sql<string>`substr(period, 1, 7)`;
  const rows = await db
    .selectFrom('report_free_supplies')
    .where((eb) => {
      const days = eb.and([eb('grain', '=', 'd'), eb('period', '>=', fromDay), eb('period', '<=', toDay), ...(months.length ? [eb(month, 'not in', months)] : [])]);
      return months.length ? eb.or([eb.and([eb('grain', '=', 'm'), eb('period', 'in', months)]), days]) : days;
    })
    .select((eb) => [month.as('month'), 'item_id', 'case_type', eb.fn.sum<number | string>('lines').as('lines'), eb.fn.sum<number | string>('cost').as('cost')])
    .groupBy([month, 'item_id', 'case_type'])
    .execute();
  return rows.filter((r) => Number(r.lines) > 0).map((r) => ({ month: String(r.month), itemId: Number(r.item_id), caseType: String(r.case_type), cost: Number(r.cost ?? 0) }));
}

/** Adds the increments to `report_units_in_service` (`n = n + d`, rows in key order). */
export async function addUnitDeltas(db: Queryable, rows: UnitDelta[]) {
  if (!rows.length) return;
  await db
    .insertInto('report_units_in_service')
    .values(rows)
    .onConflict((oc) => oc.columns(['item_id', 'month']).doUpdateSet({ n: sql`report_units_in_service.n + excluded.n` }))
    .execute();
}

/** Recomputes the active units per item and month of sale in one statement (inside the rebuild's transaction). */
export async function rebuildUnitsInService(db: Queryable): Promise<number> {
  const month = sql<string>`substr(cast(sale_date as text), 1, 7)`;
  const r = await db
    .insertInto('report_units_in_service')
    .columns(['item_id', 'month', 'n'])
    .expression(
      db
        .selectFrom('units')
        .where('active', '=', sql<boolean>`${true}`)
        .select((eb) => ['item_id', month.as('month'), eb.fn.countAll().as('n')])
        .groupBy(['item_id', month]),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Units of each item sold on or before `asOf` and active, from the summary: the months before
 * `asOf`'s from the summary rows, its own month up to `asOf` from `units_report_service_idx`.
 */
export async function unitsInServiceFromSummary(db: Queryable, itemIds: number[], asOf: string) {
  const out = new Map<number, number>();
  if (itemIds.length === 0) return out;
  const monthStart = `${asOf.slice(0, 7)}-01`;
  const before = await db
    .selectFrom('report_units_in_service')
    .select((eb) => ['item_id', eb.fn.sum<number | string>('n').as('n')])
    .where('item_id', 'in', itemIds)
    .where('month', '<', asOf.slice(0, 7))
    .groupBy('item_id')
    .execute();
  const edge = await db
    .selectFrom('units')
    .select((eb) => ['item_id', eb.fn.countAll().as('n')])
    .where('item_id', 'in', itemIds)
    .where('active', '=', sql<boolean>`${true}`)
    .where('sale_date', '>=', monthStart)
    .where('sale_date', '<=', asOf)
    .groupBy('item_id')
    .execute();
  for (const r of [...before, ...edge]) out.set(Number(r.item_id), (out.get(Number(r.item_id)) ?? 0) + Number(r.n));
  for (const [k, n] of out) if (n === 0) out.delete(k);
  return out;
}
