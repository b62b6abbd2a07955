/**
 * The root-cause report's last two summaries, as pure rules (root-summaries.service.ts keeps them):
 * what a supply line adds to the free-supplies summary, and what a unit adds to the units in service.
 */
import { localDate } from '../../../shared/dates.ts';

/** The case types whose supplies the service gives away. */
export const FREE_CASE_TYPES = ['warranty', 'courtesy'];

/** A line's cost in cents: quantity (thousandths) × unit cost, rounded as the SQL `(q·c + 500) / 1000` (integer division truncates). */
export const lineCost = (quantityMilli: number, costCents: number) => Math.trunc((quantityMilli * costCents + 500) / 1000);

export type SupplyLine = { itemId: number; quantityMilli: number; costCents: number; createdAt: string };
export type SupplyDelta = { grain: 'd' | 'm'; period: string; item_id: number; case_type: string; lines: number; cost: number };

/** Adds (sign 1) or takes away (sign -1) a line of an incident of this case type, on its day and month in `timeZone`. */
export function addSupplyLine(out: Map<string, SupplyDelta>, line: SupplyLine, caseType: string, sign: 1 | -1, timeZone: string): void {
  if (!FREE_CASE_TYPES.includes(caseType)) return;
  const day = localDate(new Date(line.createdAt), timeZone);
  const cost = lineCost(line.quantityMilli, line.costCents);
  for (const [grain, period] of [['d', day], ['m', day.slice(0, 7)]] as const) {
    const key = `${grain}\u0000${period}\u0000${line.itemId}\u0000${caseType}`;
    const d = out.get(key) ?? { grain, period, item_id: line.itemId, case_type: caseType, lines: 0, cost: 0 };
    d.lines += sign;
    d.cost += sign * cost;
    out.set(key, d);
  }
}

/** The deltas that change something, in key order (two writers lock the rows alike). */
export function supplyDeltaRows(deltas: Map<string, SupplyDelta>): SupplyDelta[] {
  return [...deltas.entries()]
    .filter(([, d]) => d.lines !== 0 || d.cost !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

export type UnitCount = { itemId: number; saleDate: string; active: boolean };
export type UnitDelta = { item_id: number; month: string; n: number };

/** What a unit's change does to the active units per item and month of sale (before null: created). */
export function unitDeltas(before: UnitCount | null, after: UnitCount | null): UnitDelta[] {
  const out = new Map<string, UnitDelta>();
  const add = (u: UnitCount | null, d: number) => {
    if (!u?.active) return;
    const month = u.saleDate.slice(0, 7);
    const key = `${String(u.itemId).padStart(12, '0')}\u0000${month}`;
    const row = out.get(key) ?? { item_id: u.itemId, month, n: 0 };
    row.n += d;
    out.set(key, row);
  };
  add(before, -1);
  add(after, 1);
  return [...out.entries()]
    .filter(([, d]) => d.n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}
