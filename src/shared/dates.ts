/**
 * Calendar dates (YYYY-MM-DD) and wall-clock times in a time zone ↔ UTC instants, with Intl only
 * (no tz database of our own). Date filters ("calls of 22/11/2026") mean the user's day, not UTC's.
 * Pure; shared by every area of the server and the web UI.
 */

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (it showed as 7 % of an
 * incident intake's CPU), so each (locale, options) is built once. An unknown time zone still throws.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${options.timeZone}|${options.hour ?? ''}|${options.day ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = formatter('en-US', {
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

const lastDates = new Map<string, { minute: number; date: string }>();
const SINCE_1980 = Date.UTC(1980, 0, 1);

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  // The last answer per zone and minute: every offset since 1980 is whole minutes, so one minute
  // never spans two local dates. Formatting was ~2 % of a call registration's CPU (it asks for the
  // date of the same moment several times: the report rows, the contracts in force).
  const minute = Math.floor(ms / 60_000);
  const last = lastDates.get(timeZone);
  if (last && last.minute === minute) return last.date;
  // en-CA formats as YYYY-MM-DD
  const date = formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  if (ms >= SINCE_1980) {
    if (lastDates.size > 500) lastDates.clear();
    lastDates.set(timeZone, { minute, date });
  }
  return date;
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localDate(now, timeZone);
}

/**
 * The instant `days` calendar days before `instant` at the same local wall-clock time in `timeZone`
 * (not `days` × 24 h: across a change to or from summer time those differ by an hour, and an evening
 * instant would land on the wrong local day).
 */
export function sameTimeDaysBefore(instant: Date, days: number, timeZone: string): Date {
  const ms = instant.getTime();
  const local = new Date(ms + offsetMs(ms, timeZone));
  const date = addDays(local.toISOString().slice(0, 10), -days);
  const atMinute = Date.parse(zonedToUtc(date, timeZone, local.getUTCHours(), local.getUTCMinutes()));
  return new Date(atMinute + (ms % 60_000 + 60_000) % 60_000);
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

/** A YYYY-MM-DD date as people read it: 14/08/2027 (es-ES and en-GB both write day/month/year). */
export function formatIsoDate(date: string, locale: 'es' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  return formatter(locale === 'en' ? 'en-GB' : 'es-ES', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * An instant as ISO 8601 local time with its UTC offset in `timeZone`, to the second:
 * 2024-01-01T19:20:30+01:00 (the form VERI*FACTU records carry their generation instant in).
 */
export function isoWithOffset(instant: Date | string, timeZone: string): string {
  const ms = Math.floor(new Date(instant).getTime() / 1000) * 1000;
  const off = offsetMs(ms, timeZone);
  const local = new Date(ms + off).toISOString().slice(0, 19);
  const mins = Math.round(Math.abs(off) / 60_000);
  const sign = off < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}
