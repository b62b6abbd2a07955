/**
 * Wall-clock dates in a time zone ↔ UTC instants, with Intl only (no tz database of our own).
 * Used for date filters ("from 2026-11-02" means from local midnight) and agenda defaults.
 */

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time (`date` YYYY-MM-DD, hour, minute) in `timeZone`. */
export function zonedToUtc(date: string, timeZone: string, hour = 0, minute = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  let result = guess - offsetMs(guess, timeZone);
  // Around a DST change the offset at the result may differ from the one at the guess.
  const second = guess - offsetMs(result, timeZone);
  if (second !== result) result = second;
  return new Date(result).toISOString();
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The next working day (Monday–Friday) after `date`. */
export function nextWorkingDay(date: string): string {
  let next = addDays(date, 1);
  for (;;) {
    const dow = new Date(`${next}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) return next;
    next = addDays(next, 1);
  }
}

/** Start (inclusive) and end (exclusive) instants of a local date range, for filters. */
export function dayRange(from: string | undefined, to: string | undefined, timeZone: string): { from?: string; to?: string } {
  return { from: from ? zonedToUtc(from, timeZone) : undefined, to: to ? zonedToUtc(addDays(to, 1), timeZone) : undefined };
}
