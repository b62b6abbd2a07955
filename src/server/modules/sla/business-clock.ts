/**
 * The business clock: add N business minutes to an instant, and count the business minutes between
 * two instants, over a service calendar (a time zone, working hours per weekday with split shifts,
 * holiday dates) with pause intervals. Pure: no database, no app imports, so the SLA deadlines,
 * the escalation job and the reports all run the same arithmetic and it is tested by tables.
 *
 * Wall-clock times become instants through `Intl` (the tz database of the runtime, no offset tables
 * of our own); each local day of a calendar is converted once and cached as a list of UTC working
 * intervals, so a deadline costs a few array reads per day it spans.
 *
 * Conventions:
 * - A deadline is the instant the N-th business minute ends: 60 minutes from 13:30 on a 08:00–14:00 /
 *   15:30–18:30 day is 15:00; exactly filling a shift ends at its end (14:00), not the next start.
 * - A shift runs on the wall clock: 08:00–18:30 on a DST day is still 08:00–18:30 local; a 24-hour
 *   day (00:00–24:00) is 23 or 25 real hours long on the change days.
 * - A wall time that does not exist (inside the spring-forward gap) moves forward by the gap; one
 *   that happens twice (autumn) is the earlier one — the same as Temporal's "compatible".
 * - Pauses are [from, to) instants; `to: null` is a pause still running (no deadline while it lasts).
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Working hours of one weekday: [startMinute, endMinute) of the local day, 0–1440. */
export type Shift = readonly [number, number];

export type CalendarSpec = {
  timeZone: string;
  /** Index 0 = Monday … 6 = Sunday (ISO order, as people write a week). */
  week: ReadonlyArray<ReadonlyArray<Shift>>;
  /** Local dates (YYYY-MM-DD) without working hours. */
  holidays: Iterable<string>;
};

export type Pause = { from: number; to: number | null };

type Day = { start: number; end: number; work: number[] };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at `instant`, in ms (Europe/Madrid in July: +7_200_000). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of parts) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  const seconds = Math.floor(instant / 1000) * 1000;
  return Date.UTC(y, mo - 1, d, h, mi, s) - seconds;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.round(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of local wall time `minute` (0–1440) of local day `day` in `timeZone`. */
export function wallToInstant(timeZone: string, day: number, minute: number): number {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  const before = zoneOffsetMs(timeZone, wall - 14 * 3_600_000);
  const after = zoneOffsetMs(timeZone, wall + 14 * 3_600_000);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyOk = zoneOffsetMs(timeZone, early) === before;
  const lateOk = zoneOffsetMs(timeZone, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late); // happens twice: the earlier
  if (earlyOk) return early;
  if (lateOk) return late;
  return early; // in the gap: forward by the gap (offset before the change)
}

/** Local date and minute of the day of an instant. */
export function instantToWall(timeZone: string, instant: number): { date: string; minute: number } {
  const local = instant + zoneOffsetMs(timeZone, instant);
  const day = Math.floor(local / DAY_MS);
  return { date: dayDate(day), minute: Math.floor((local - day * DAY_MS) / MINUTE_MS) };
}

/**
 * A calendar ready for arithmetic. Build one per calendar version and reuse it: it caches the
 * working intervals of every local day it has seen.
 */
export class BusinessCalendar {
  readonly timeZone: string;
  private readonly week: Shift[][];
  private readonly holidays: Set<number>;
  private readonly days = new Map<number, Day>();
  private readonly hasWork: boolean;

  constructor(spec: CalendarSpec) {
    if (!isTimeZone(spec.timeZone)) throw new RangeError(`unknown time zone ${spec.timeZone}`);
    if (spec.week.length !== 7) throw new RangeError('a week has 7 days');
    this.timeZone = spec.timeZone;
    this.week = spec.week.map((shifts) => normalizeShifts(shifts));
    this.holidays = new Set([...spec.holidays].map(dayNumber));
    this.hasWork = this.week.some((s) => s.length > 0);
  }

  /** Local day `n` with its working intervals as UTC instants [s0, e0, s1, e1, …]. */
  private day(n: number): Day {
    let d = this.days.get(n);
    if (d) return d;
    const start = wallToInstant(this.timeZone, n, 0);
    const end = wallToInstant(this.timeZone, n + 1, 0);
    const work: number[] = [];
    if (!this.holidays.has(n)) {
      // 1970-01-01 was a Thursday: ISO weekday index 3.
      const weekday = (((n + 3) % 7) + 7) % 7;
      for (const [s, e] of this.week[weekday]) {
        const from = s === 0 ? start : wallToInstant(this.timeZone, n, s);
        const to = e === 1440 ? end : wallToInstant(this.timeZone, n, e);
        if (to > from) work.push(from, to);
      }
    }
    d = { start, end, work };
    if (this.days.size > 20_000) this.days.clear();
    this.days.set(n, d);
    return d;
  }

  /** The local day number holding `instant`. */
  private dayOf(instant: number): number {
    // Start from the UTC day and step: offsets are within ±14 h, so at most one step.
    let n = Math.floor(instant / DAY_MS);
    for (;;) {
      const d = this.day(n);
      if (instant < d.start) n--;
      else if (instant >= d.end) n++;
      else return n;
    }
  }

  /**
   * The instant at which `minutes` business minutes have passed since `start`, not counting
   * `pauses`. Null when a pause still running (`to: null`) is reached before the time is used up.
   */
  addMinutes(start: number, minutes: number, pauses: readonly Pause[] = []): number | null {
    if (!Number.isFinite(start)) throw new RangeError('start must be an instant');
    if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError('minutes must be a whole number ≥ 0');
    if (minutes === 0) return start;
    if (!this.hasWork) throw new RangeError('the calendar has no working hours');
    const stops = normalizePauses(pauses);
    let remaining = minutes * MINUTE_MS;
    let t = start;
    let p = 0;
    let n = this.dayOf(start);
    let idle = 0;
    for (;;) {
      const d = this.day(n);
      let worked = false;
      for (let i = 0; i < d.work.length; i += 2) {
        const e = d.work[i + 1];
        if (e <= t) continue;
        let a = Math.max(d.work[i], t);
        worked = true;
        while (a < e) {
          while (p < stops.length && stops[p].to <= a) p++;
          const stop = p < stops.length ? stops[p] : null;
          if (stop && stop.from <= a) {
            if (stop.to === Infinity) return null;
            a = Math.min(stop.to, e);
            continue;
          }
          const b = stop ? Math.min(stop.from, e) : e;
          if (b - a >= remaining) return a + remaining;
          remaining -= b - a;
          a = b;
        }
        t = e;
      }
      idle = worked ? 0 : idle + 1;
      // Holidays cannot fill more than a year; a calendar whose weeks have hours always comes back.
      if (idle > 800) throw new RangeError('no working time within two years');
      n++;
      t = Math.max(t, this.day(n).start);
    }
  }

  /** Business minutes between `from` and `to` (0 when `to` ≤ `from`), not counting `pauses`; whole minutes, rounded down. */
  minutesBetween(from: number, to: number, pauses: readonly Pause[] = []): number {
    if (!(to > from)) return 0;
    const stops = normalizePauses(pauses);
    let total = 0;
    let p = 0;
    const last = this.dayOf(to - 1);
    for (let n = this.dayOf(from); n <= last; n++) {
      const d = this.day(n);
      for (let i = 0; i < d.work.length; i += 2) {
        let a = Math.max(d.work[i], from);
        const e = Math.min(d.work[i + 1], to);
        while (a < e) {
          while (p < stops.length && stops[p].to <= a) p++;
          const stop = p < stops.length ? stops[p] : null;
          if (stop && stop.from <= a) {
            a = Math.min(stop.to, e);
            continue;
          }
          const b = stop ? Math.min(stop.from, e) : e;
          total += b - a;
          a = b;
        }
      }
    }
    return Math.floor(total / MINUTE_MS);
  }

  /** True when `instant` falls inside working hours. */
  isWorking(instant: number): boolean {
    const d = this.day(this.dayOf(instant));
    for (let i = 0; i < d.work.length; i += 2) if (instant >= d.work[i] && instant < d.work[i + 1]) return true;
    return false;
  }
}

function normalizeShifts(shifts: ReadonlyArray<Shift>): Shift[] {
  const sorted = [...shifts].map(([s, e]) => {
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > 1440 || e <= s) throw new RangeError(`bad shift ${s}–${e}`);
    return [s, e] as Shift;
  });
  sorted.sort((a, b) => a[0] - b[0]);
  const out: Shift[] = [];
  for (const [s, e] of sorted) {
    const prev = out[out.length - 1];
    if (prev && s <= prev[1]) out[out.length - 1] = [prev[0], Math.max(prev[1], e)];
    else out.push([s, e]);
  }
  return out;
}

/** Sorted, merged pauses with `to: Infinity` for one still running. */
function normalizePauses(pauses: readonly Pause[]): Array<{ from: number; to: number }> {
  if (pauses.length === 0) return [];
  const list = pauses.map((x) => ({ from: x.from, to: x.to ?? Infinity })).filter((x) => x.to > x.from);
  list.sort((a, b) => a.from - b.from);
  const out: Array<{ from: number; to: number }> = [];
  for (const x of list) {
    const prev = out[out.length - 1];
    if (prev && x.from <= prev.to) prev.to = Math.max(prev.to, x.to);
    else out.push({ ...x });
  }
  return out;
}

/** "08:00" → 480; "24:00" → 1440. */
export function parseHm(hm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!m) throw new RangeError(`bad time ${hm}`);
  const v = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || v > 1440) throw new RangeError(`bad time ${hm}`);
  return v;
}

/** 480 → "08:00". */
export function formatHm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
