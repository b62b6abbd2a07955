/**
 * Pure rules of the calls summary (no database, no app): the counter rows one call contributes and
 * the increments between two states of a call. A call counts, on its registration day (`d` grain)
 * and month (`m`), once by type (`t`, with the kind of action that finished it as outcome) and once
 * by destination (`d`), in the bucket of its time to finish in seconds (summaries.rules.ts
 * `timeBucket`), or -1 while it is pending.
 */
import { localDate } from '../../../shared/dates.ts';
import type { CallSnapshot } from '../calls/call-hooks.ts';
import { timeBucket } from './summaries.rules.ts';

/** What the summary counts of a call: the calls area's snapshot (call-hooks.ts) without its id. */
export type CallFact = Omit<CallSnapshot, 'id'>;
export type CallDelta = { grain: 'd' | 'm'; day: string; dim: 't' | 'd'; code: string; outcome: string; bucket: number; n: number };

/** Bucket of a call still pending. */
export const PENDING = -1;
/** Outcome of a call finished by hand (no action finished it). */
export const MANUAL = 'manual';

/** Destination code as the calls report groups by it: `u:<user>` or `g:<group>`. */
export const destinationCode = (c: Pick<CallFact, 'toUserId' | 'toGroupId'>) => (c.toUserId !== null ? `u:${c.toUserId}` : `g:${c.toGroupId}`);

/** The rows one call adds (`sign` 1) or takes away (-1). */
export function callRows(c: CallFact, timeZone: string, sign: 1 | -1): CallDelta[] {
  const day = localDate(c.registeredAt, timeZone);
  const finished = c.finishedAt !== null;
  const bucket = finished ? timeBucket((Date.parse(c.finishedAt!) - Date.parse(c.registeredAt)) / 1000) : PENDING;
  const outcome = finished ? (c.finishedByActionType ?? MANUAL) : '';
  const out: CallDelta[] = [];
  for (const [grain, key] of [['d', day], ['m', day.slice(0, 7)]] as const) {
    out.push({ grain, day: key, dim: 't', code: c.typeCode ?? '', outcome, bucket, n: sign });
    out.push({ grain, day: key, dim: 'd', code: destinationCode(c), outcome: '', bucket, n: sign });
  }
  return out;
}

const keyOf = (r: CallDelta) => `${r.grain}\u0000${r.day}\u0000${r.dim}\u0000${r.code}\u0000${r.outcome}\u0000${r.bucket}`;

/** The increments that turn `before`'s rows into `after`'s (either may be missing), without zeros, in key order. */
export function callDeltas(before: CallFact | null, after: CallFact | null, timeZone: string): CallDelta[] {
  const m = new Map<string, CallDelta>();
  const add = (rows: CallDelta[]) => {
    for (const r of rows) {
      const k = keyOf(r);
      const had = m.get(k);
      if (had) had.n += r.n;
      else m.set(k, { ...r });
    }
  };
  if (before) add(callRows(before, timeZone, -1));
  if (after) add(callRows(after, timeZone, 1));
  return [...m.entries()].filter(([, r]) => r.n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * How a period of whole days [fromDay, toDay] reads the summary: the whole calendar months inside
 * it from the month rows, the days before and after them from the day rows.
 */
export function periodParts(fromDay: string, toDay: string): { months: [string, string] | null; days: Array<[string, string]> } {
  if (fromDay > toDay) return { months: null, days: [] };
  const firstMonth = fromDay.endsWith('-01') ? fromDay.slice(0, 7) : nextMonth(fromDay.slice(0, 7));
  const lastMonth = toDay === lastDayOf(toDay.slice(0, 7)) ? toDay.slice(0, 7) : prevMonth(toDay.slice(0, 7));
  if (firstMonth > lastMonth) return { months: null, days: [[fromDay, toDay]] };
  const days: Array<[string, string]> = [];
  if (fromDay < `${firstMonth}-01`) days.push([fromDay, dayBefore(`${firstMonth}-01`)]);
  if (toDay > lastDayOf(lastMonth)) days.push([`${nextMonth(lastMonth)}-01`, toDay]);
  return { months: [firstMonth, lastMonth], days };
}

function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
function prevMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
function lastDayOf(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
function dayBefore(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
