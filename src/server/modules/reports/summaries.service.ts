/**
 * The report summaries: kept on write, rebuilt on demand, read by the reports.
 *
 * - On write: the incident hooks of this area (index.ts) call `refreshIncidentSummaries` inside the
 *   incident's transaction, after the SLA area has moved the clocks. It computes the incident's
 *   fact (summaries.rules.ts), compares it with the stored one and adds the difference to the daily
 *   counts and the duration histogram by upsert (`n = n + d`): never a read-modify-write of a
 *   summary row, so two writers at once both count. The incident row is locked by its transaction,
 *   so its fact row is never written by two at once.
 * - Rebuild (`atiende reports rebuild`; a database migrated with incidents in it reads the source
 *   rows until it has run): takes the lease in `report_summary_state` (the tables then read as not built, so the
 *   reports read the source rows), empties the tables and refreshes every incident in id batches,
 *   each batch its own transaction with its incidents locked. Writes that happen meanwhile refresh
 *   their incident as always: before the cursor passes it the batch finds its fact already right.
 * - Read: only when built, for a whole-day period in the summaries' time zone with no filter other
 *   than the period (any other filter reads the source rows).
 * - Serial gaps (repeat failures): each incident's previous incident of its serial, refreshed for
 *   the serials an incident write touches (its serial now and before), those serials locked against
 *   other writers; rebuilt in one statement (`rebuildSerialGaps`). Read for any period with no
 *   other filter once built.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import * as repo from './reports.repository.ts';
import type { Filters } from './reports.repository.ts';
import { addFactDeltas, type DailyDelta, type Fact, type HistDelta, histogramStats, incidentFact, nonZero, normalizeFact, sameFact, serialGaps, type SerialGap, SPECIFIC_SEP } from './summaries.rules.ts';

/**
 * Refreshes the summaries of these incidents (inside the caller's transaction): one read (the
 * incidents, their clocks and stored facts) and one write (one round trip on PostgreSQL).
 */
export async function refreshIncidentSummaries(ctx: Ctx, ids: number[], timeZone = summaryTimeZone(ctx)): Promise<void> {
  if (ids.length === 0) return;
  const daily = new Map<string, DailyDelta>();
  const hist = new Map<string, HistDelta>();
  const changed: Fact[] = [];
  for (const { source, stored } of await repo.factSources(ctx.db, ids)) {
    const fact = incidentFact(source, timeZone);
    const before = stored ? normalizeFact(stored) : undefined;
    if (sameFact(before, fact)) continue;
    addFactDeltas(before, fact, daily, hist);
    changed.push(fact);
  }
  if (!changed.length) return;
  await repo.applySummaryChanges(ctx.db, nonZero(daily.values()), nonZero(hist.values()), changed);
}

/** The time zone of the summaries' days: the installation's (ATIENDE_TIME_ZONE); a rebuild records it. */
export function summaryTimeZone(ctx: Pick<Ctx, 'config'>): string {
  return ctx.config.defaultTimeZone || 'Europe/Madrid';
}

const LEASE_MS = 5 * 60_000;
const leaseUntil = () => new Date(Date.now() + LEASE_MS).toISOString();

/**
 * Recomputes the summaries from the incidents and their clocks, in batches (safe while the server
 * runs). Refused (returns null) when another rebuild holds the lease.
 */
export async function rebuildReportSummaries(
  ctx: Ctx,
  opts: { batch?: number; onBatch?: (done: number, lastId: number) => void } = {},
): Promise<{ incidents: number; ms: number } | null> {
  const started = Date.now();
  const by = randomUUID();
  const timeZone = summaryTimeZone(ctx);
  const claimed = await tx(ctx, async (c) => {
    if (!(await repo.claimRebuild(c.db, by, timeZone, nowIso(), leaseUntil()))) return false;
    await repo.clearSummaries(c.db);
    return true;
  });
  if (!claimed) return null;
  const batch = opts.batch ?? 2000;
  let lastId = 0;
  let done = 0;
  for (;;) {
    const ids = await tx(ctx, async (c) => {
      const ids = await repo.lockIncidentIdsAfter(c.db, lastId, batch);
      if (ids.length) await refreshIncidentSummaries(c, ids, timeZone);
      if (!(await repo.advanceRebuild(c.db, by, ids.at(-1) ?? lastId, leaseUntil()))) throw new Error('the rebuild lease was taken by another process');
      return ids;
    });
    if (!ids.length) break;
    done += ids.length;
    lastId = ids.at(-1)!;
    opts.onBatch?.(done, lastId);
  }
  await tx(ctx, (c) => repo.finishRebuild(c.db, by, nowIso()));
  return { incidents: done, ms: Date.now() - started };
}

/**
 * The period in summary days when the summaries can answer this report's query: built, the
 * caller's time zone is theirs, a whole-day period, no filter other than the period.
 */
export async function summaryPeriod(ctx: Ctx, f: Filters, timeZone: string, name: repo.SummaryName = 'incidents'): Promise<{ fromDay: string; toDay: string } | null> {
  if (f.source === 'raw' || !f.fromDate || !f.toDate) return null;
  const others = [f.customerId, f.itemId, f.regionCode, f.ownerUserId, f.groupId, f.priorityCode, f.reasonCode, f.caseType, f.statusCode];
  if (others.some((v) => v !== undefined)) return null;
  const state = await repo.summaryState(ctx.db, name);
  // Built, in the days of the caller's time zone, and by the time zone the writes use now.
  if (!state?.built_at || state.time_zone !== timeZone || state.time_zone !== summaryTimeZone(ctx)) return null;
  return { fromDay: f.fromDate, toDay: f.toDate };
}

// ---- readers: the summary when it can answer, else the source rows (same shapes)

/** Incidents not closed now: from the summaries once built (every day's `open`), else counted from the incidents. */
export async function countOpenIncidents(ctx: Ctx, source?: 'summary' | 'raw'): Promise<number> {
  if (source !== 'raw' && (await repo.summaryState(ctx.db))?.built_at) return repo.openIncidentsFromSummary(ctx.db);
  return repo.openIncidentCount(ctx.db);
}

/** Incidents received in the period. */
export async function countIncidents(ctx: Ctx, f: Filters, timeZone: string): Promise<number> {
  const p = await summaryPeriod(ctx, f, timeZone);
  if (!p) return repo.incidentCount(ctx.db, f);
  return (await repo.dailySums(ctx.db, 'all', p.fromDay, p.toDay)).reduce((s, r) => s + r.n, 0);
}

/** Incidents of the period per general reason, general and specific reason, or case type (as repo.incidentCountsBy). */
export async function countIncidentsBy(ctx: Ctx, f: Filters, by: 'reason' | 'specific' | 'case_type', timeZone: string) {
  const p = await summaryPeriod(ctx, f, timeZone);
  if (!p) return repo.incidentCountsBy(ctx.db, f, by);
  const rows = await repo.dailySums(ctx.db, by === 'case_type' ? 'case' : by, p.fromDay, p.toDay);
  return rows
    .filter((r) => r.n !== 0)
    .map((r) => {
      if (by !== 'specific') return { a: r.code === '' && by === 'reason' ? null : r.code, b: null as string | null, n: r.n };
      const [a, b] = r.code.split(SPECIFIC_SEP);
      return { a: a === '' ? null : a, b: b === '' || b === undefined ? null : b, n: r.n };
    });
}

/** Incidents of the period per item with its code and description (as repo.incidentCountsByItem). */
export async function countIncidentsByItem(ctx: Ctx, f: Filters, timeZone: string) {
  const p = await summaryPeriod(ctx, f, timeZone);
  if (!p) return repo.incidentCountsByItem(ctx.db, f);
  const rows = (await repo.dailySums(ctx.db, 'item', p.fromDay, p.toDay)).filter((r) => r.n !== 0);
  const items = await repo.itemsByIds(ctx.db, rows.flatMap((r) => (r.code === '' ? [] : [Number(r.code)])));
  return rows.map((r) => {
    const id = r.code === '' ? null : Number(r.code);
    const it = id === null ? undefined : items.get(id);
    return { itemId: id, code: it?.code ?? null, description: it?.description ?? null, n: r.n };
  });
}

/** The dashboard's compliance per bucket of days (`starts`, ascending; bucket k from starts[k]) — as repo.complianceStats. */
export async function complianceByDays(ctx: Ctx, f: Filters, starts: string[], bounds: string[], now: string, timeZone: string) {
  const p = await summaryPeriod(ctx, f, timeZone);
  if (!p) return repo.complianceStats(ctx.db, f, bounds, now);
  const sums = await repo.dailySums(ctx.db, 'all', p.fromDay, p.toDay, starts);
  const rOver = await repo.overdueRunning(ctx.db, 'r', p.fromDay, p.toDay, now, starts);
  const sOver = await repo.overdueRunning(ctx.db, 's', p.fromDay, p.toDay, now, starts);
  return sums.map((r) => ({ g: r.g, n: r.n, r_decided: r.r_done + (rOver.get(r.g) ?? 0), r_met: r.r_met, s_decided: r.s_done + (sOver.get(r.g) ?? 0), s_met: r.s_met }));
}

/** Above this many incidents in the period, the time analysis reads medians and P90 from the histogram. */
export function exactMax(): number {
  const v = Number(process.env.ATIENDE_REPORTS_EXACT_MAX);
  return Number.isFinite(v) && process.env.ATIENDE_REPORTS_EXACT_MAX !== undefined && process.env.ATIENDE_REPORTS_EXACT_MAX !== '' ? v : 20_000;
}

/**
 * The incident time analysis per bucket of days from the summaries (as repo.incidentTimeStats with
 * period bounds; bucket 0 holds the whole period when `starts` has one start), or null when the
 * summaries cannot answer or the period is small enough to be exact from the source rows.
 */
export async function timeStatsFromSummaries(ctx: Ctx, f: Filters, starts: string[], now: string, timeZone: string): Promise<repo.TimeStatsRow[] | null> {
  const p = await summaryPeriod(ctx, f, timeZone);
  if (!p) return null;
  const sums = await repo.dailySums(ctx.db, 'all', p.fromDay, p.toDay, starts);
  const total = sums.reduce((s, r) => s + r.n, 0);
  if (total <= exactMax()) return null;
  const rOver = await repo.overdueRunning(ctx.db, 'r', p.fromDay, p.toDay, now, starts);
  const sOver = await repo.overdueRunning(ctx.db, 's', p.fromDay, p.toDay, now, starts);
  const hist = await repo.histogram(ctx.db, p.fromDay, p.toDay, starts);
  const stat = (g: number, metric: string) => histogramStats(hist.filter((h) => h.g === g && h.metric === metric).map((h) => [h.bucket, h.n]));
  return sums
    .filter((r) => r.n !== 0)
    .map((r) => {
      const rb = stat(r.g, 'rb');
      const sb = stat(r.g, 'sb');
      const rc = stat(r.g, 'rc');
      const sc = stat(r.g, 'sc');
      return {
        g: r.g,
        n: r.n,
        r_decided: r.r_done + (rOver.get(r.g) ?? 0),
        r_met: r.r_met,
        s_decided: r.s_done + (sOver.get(r.g) ?? 0),
        s_met: r.s_met,
        r_open: r.n - r.r_done,
        s_open: r.n - r.s_done,
        rb_med: rb.median,
        rb_p90: rb.p90,
        sb_med: sb.median,
        sb_p90: sb.p90,
        rc_med: rc.median,
        rc_p90: rc.p90,
        sc_med: sc.median,
        sc_p90: sc.p90,
      };
    });
}

/** The worst cases' ids from the facts when the summaries can answer (else null: read the source rows). */
export async function worstCaseIds(ctx: Ctx, f: Filters, now: string, limit: number, timeZone: string): Promise<number[] | null> {
  const p = await summaryPeriod(ctx, f, timeZone);
  if (!p) return null;
  return repo.worstCandidates(ctx.db, p.fromDay, p.toDay, now, limit);
}

// ---- serial gaps (repeat failures per serial)

const sameInstant = (a: string | null, b: string | null) => a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/**
 * Refreshes the serial gaps after these incidents were written (inside the caller's transaction):
 * one read when no serial or received instant changed; otherwise the serials they name now and
 * named before are locked, their incidents read and their gap rows rewritten.
 */
export async function refreshSerialGaps(ctx: Ctx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const serials = new Set<string>();
  const drop: number[] = [];
  // Incidents with no gap row yet (new ones): they had no place in any timeline.
  const added = new Set<number>();
  let moved = false;
  for (const r of await repo.serialGapSources(ctx.db, ids)) {
    if (r.serial === r.storedSerial && sameInstant(r.receivedAt, r.storedReceivedAt)) continue;
    if (r.storedSerial !== null) serials.add(r.storedSerial);
    if (r.serial !== null) serials.add(r.serial);
    else drop.push(r.id);
    if (r.storedSerial === null) {
      if (r.serial !== null) added.add(r.id);
    } else moved = true;
  }
  if (!serials.size) return;
  await repo.lockSerials(ctx.db, [...serials]);
  // Only the rows that change are written.
  if (!moved) {
    // Incidents only added (an intake): in each serial's timeline, only an added incident's row and
    // the row right after it (its previous incident is now the added one) can change; the other
    // rows are not read (the incidents' serial index alone), and a new incident received last
    // writes its own row only.
    const gaps = serialGaps(await repo.serialTimeline(ctx.db, [...serials], { stored: false }));
    const touched = gaps.filter((g, k) => added.has(g.incident_id) || (k > 0 && gaps[k - 1].serial_number === g.serial_number && added.has(gaps[k - 1].incident_id)));
    const after = touched.filter((g) => !added.has(g.incident_id)).map((g) => g.incident_id);
    const stored = after.length ? await repo.storedSerialGaps(ctx.db, after) : new Map<number, SerialGap>();
    const changed = touched.filter((g) => added.has(g.incident_id) || !sameGap(stored.get(g.incident_id) ?? null, g));
    if (changed.length || drop.length) await repo.saveSerialGaps(ctx.db, changed, drop);
    return;
  }
  const timeline = await repo.serialTimeline(ctx.db, [...serials], { stored: true });
  const stored = new Map(timeline.map((r) => [r.id, r.stored]));
  const changed = serialGaps(timeline).filter((g) => !sameGap(stored.get(g.incident_id) ?? null, g));
  if (changed.length || drop.length) await repo.saveSerialGaps(ctx.db, changed, drop);
}

const sameGap = (a: SerialGap | null, b: SerialGap) =>
  a !== null && a.serial_number === b.serial_number && sameInstant(a.received_at, b.received_at) && sameInstant(a.prev_received_at, b.prev_received_at) && a.gap_s === b.gap_s;

/** Recomputes the serial gaps from the incidents (`atiende reports rebuild --only serial-gaps`). */
export async function rebuildSerialGapSummary(ctx: Ctx): Promise<{ incidents: number; ms: number }> {
  const started = Date.now();
  const incidents = await tx(ctx, (c) => repo.rebuildSerialGaps(c.db, nowIso()));
  return { incidents, ms: Date.now() - started };
}

/** The units with repeat failures within `days` (how many, and the first `limit` by rank): from the gaps when they can answer, else the incidents. */
export async function topRepeatSerials(ctx: Ctx, f: Filters, days: number, limit: number): Promise<repo.RepeatRanking> {
  if (f.source !== 'raw' && repo.periodOnly(f) && (await repo.summaryState(ctx.db, 'serial-gaps'))?.built_at) return repo.topRepeatSerialsFromGaps(ctx.db, f, days, limit);
  return repo.topRepeatSerials(ctx.db, f, days, limit);
}
