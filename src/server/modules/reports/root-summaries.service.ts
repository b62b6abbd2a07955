/**
 * The root-cause report's last two summaries, kept on write like the others (summaries.service.ts):
 * - Free supplies (`report_free_supplies`): per day and month the line was added (in the summaries'
 *   time zone) × item × case type, the lines of warranty and courtesy incidents and their cost. The
 *   incidents area's `supplyChanged` hook (a line added, changed, removed; the incident row locked)
 *   and a case-type change (`incidentChanged`, the incident locked) add the difference by upsert
 *   (`lines = lines + d`, `cost = cost + d`), so two writers at once both count.
 * - Units in service (`report_units_in_service`): active units per item and month of sale. The
 *   products area's unit hook (create, update, deactivate; the unit row locked) adds the difference.
 * - Rebuild (`atiende reports rebuild --only free-supplies | units-in-service`): one transaction that
 *   makes the source's writers wait (`lockAgainstWrites`), empties the table and recomputes it.
 * - Read: once built; free supplies for a whole-day period with no other filter, in the summaries'
 *   time zone; units in service always (the figure takes no filter but the period's end).
 */
import type { Ctx } from '../../context.ts';
import { tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { addDays, zonedToUtc } from '../../../shared/dates.ts';
import type { IncidentSnapshot, SupplyLineSnapshot } from '../incident-hooks.ts';
import type { UnitSnapshot } from '../products/unit-hooks.ts';
import * as repo from './reports.repository.ts';
import type { Filters } from './reports.repository.ts';
import { addSupplyLine, type SupplyDelta, supplyDeltaRows, unitDeltas } from './root-summaries.rules.ts';
import { summaryPeriod, summaryTimeZone } from './summaries.service.ts';

// ---- on write

/** A supply line added, changed or removed (incidents' `supplyChanged` hook). */
export async function supplyChangedSummary(ctx: Ctx, e: { incident: { id: number; caseType: string }; before: SupplyLineSnapshot | null; after: SupplyLineSnapshot | null }) {
  const tz = summaryTimeZone(ctx);
  const deltas = new Map<string, SupplyDelta>();
  if (e.before) addSupplyLine(deltas, e.before, e.incident.caseType, -1, tz);
  if (e.after) addSupplyLine(deltas, e.after, e.incident.caseType, 1, tz);
  await repo.addFreeSupplyDeltas(ctx.db, supplyDeltaRows(deltas));
}

/** An incident created with supply lines, or whose case type changed: its lines counted under the case type now. */
export async function incidentSuppliesSummary(ctx: Ctx, before: Pick<IncidentSnapshot, 'caseType'> | null, after: Pick<IncidentSnapshot, 'id' | 'caseType' | 'supplies'>) {
  if (before ? before.caseType === after.caseType : after.supplies.length === 0) return;
  const lines = await repo.supplyLinesOf(ctx.db, after.id);
  if (!lines.length) return;
  const tz = summaryTimeZone(ctx);
  const deltas = new Map<string, SupplyDelta>();
  for (const line of lines) {
    if (before) addSupplyLine(deltas, line, before.caseType, -1, tz);
    addSupplyLine(deltas, line, after.caseType, 1, tz);
  }
  await repo.addFreeSupplyDeltas(ctx.db, supplyDeltaRows(deltas));
}

/** A unit created or changed (products' unit hook). */
export async function unitChangedSummary(ctx: Ctx, before: UnitSnapshot | null, after: UnitSnapshot) {
  await repo.addUnitDeltas(ctx.db, unitDeltas(before, after));
}

// ---- rebuild

/** Recomputes the free-supplies summary (`atiende reports rebuild --only free-supplies`); supply and incident writers wait. */
export async function rebuildFreeSupplies(ctx: Ctx, opts: { batch?: number } = {}): Promise<{ lines: number; ms: number }> {
  const started = Date.now();
  const tz = summaryTimeZone(ctx);
  const lines = await tx(ctx, async (c) => {
    await repo.clearForRebuild(c.db, 'free-supplies');
    const deltas = new Map<string, SupplyDelta>();
    let after = 0;
    let n = 0;
    for (;;) {
      const batch = await repo.freeSupplyLinesAfter(c.db, after, opts.batch ?? 20_000);
      if (!batch.length) break;
      for (const r of batch) addSupplyLine(deltas, r.line, r.caseType, 1, tz);
      after = batch.at(-1)!.id;
      n += batch.length;
    }
    await repo.addFreeSupplyDeltas(c.db, supplyDeltaRows(deltas));
    await repo.markBuilt(c.db, 'free-supplies', tz, nowIso());
    return n;
  });
  return { lines, ms: Date.now() - started };
}

/** Recomputes the units in service (`atiende reports rebuild --only units-in-service`); unit writers wait. */
export async function rebuildUnitsInService(ctx: Ctx): Promise<{ rows: number; ms: number }> {
  const started = Date.now();
  const rows = await tx(ctx, async (c) => {
    await repo.clearForRebuild(c.db, 'units-in-service');
    const rows = await repo.rebuildUnitsInService(c.db);
    await repo.markBuilt(c.db, 'units-in-service', summaryTimeZone(ctx), nowIso());
    return rows;
  });
  return { rows, ms: Date.now() - started };
}

// ---- read

/**
 * The free supplies per month bucket of the period (`months`, as periodBuckets), item and case type:
 * from the summary when it can answer, else summed from the supply lines (same shape).
 */
export async function freeSupplyCostsFor(ctx: Ctx, f: Filters, months: Array<{ key: string; start: string }>, timeZone: string) {
  const p = await summaryPeriod(ctx, f, timeZone, 'free-supplies');
  if (!p) return repo.freeSupplyCosts(ctx.db, f, months.slice(1).map((m) => zonedToUtc(m.start, timeZone)));
  // Whole months inside the period read their month rows; the edge days their day rows.
  const whole = months.filter((m, k) => m.start >= p.fromDay && addDays(months[k + 1]?.start ?? nextMonth(m.start), -1) <= p.toDay).map((m) => m.key);
  const sums = await repo.freeSupplySums(ctx.db, whole, p.fromDay, p.toDay);
  const items = await repo.itemsByIds(ctx.db, [...new Set(sums.map((r) => r.itemId))]);
  const g = new Map(months.map((m, k) => [m.key, k]));
  return sums.map((r) => {
    const it = items.get(r.itemId);
    return { g: g.get(r.month) ?? 0, itemCode: it?.code ?? '', itemDescription: it?.description ?? '', caseType: r.caseType, cost: r.cost };
  });
}

const nextMonth = (start: string) => {
  const [y, m] = start.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** Active units of each item sold on or before `asOf`: from the summary once built, else counted from the units. */
export async function unitsInServiceFor(ctx: Ctx, f: Filters, itemIds: number[], asOf: string) {
  if (f.source !== 'raw' && (await repo.summaryState(ctx.db, 'units-in-service'))?.built_at) return repo.unitsInServiceFromSummary(ctx.db, itemIds, asOf);
  return repo.unitsInService(ctx.db, itemIds, asOf);
}
