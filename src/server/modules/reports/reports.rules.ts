/**
 * Pure rules of the reports: the statistics (median, 90th percentile, Pareto shares), the periods
 * of scheduled reports, overdue buckets, symptom words and repeat failures. No database, no app.
 */
import { addDays } from '../../../shared/dates.ts';

/**
 * Median: the middle value of the sorted values; with an even count, the mean of the two middle
 * ones (rounded to the unit). null without values.
 */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

/**
 * Percentile by the nearest-rank method: the smallest value such that at least p % of the values
 * are less than or equal to it, i.e. the value at rank ⌈p/100 · n⌉ of the sorted values (so p90 of
 * 10 values is the 9th, of 11 values the 10th). Always one of the values; null without values.
 */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1];
}

/** Share in basis points (1 = 0,01 %), rounded half up; null when the whole is 0. */
export function shareBp(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part * 10_000) / whole);
}

/**
 * Pareto: categories by count, largest first (ties by label), each with its share and the
 * cumulative share of the total in basis points. The cumulative share of the last is 10 000.
 */
export function pareto<T extends { label: string; count: number }>(rows: T[]): Array<T & { shareBp: number; cumulativeBp: number }> {
  const total = rows.reduce((s, r) => s + r.count, 0);
  let running = 0;
  return [...rows]
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .map((r) => {
      running += r.count;
      return { ...r, shareBp: shareBp(r.count, total) ?? 0, cumulativeBp: shareBp(running, total) ?? 0 };
    });
}

/** Seconds between two ISO instants (never negative). */
export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/** Overdue age bucket of an unpaid amount `days` after its due date. */
export function overdueBucket(days: number): 'current' | '0-30' | '31-60' | '61-90' | '>90' {
  if (days < 0) return 'current';
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '>90';
}

/** Days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// ---- periods of scheduled reports

/** ISO week of a date: year and week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: string): { year: number; week: number } {
  const d = new Date(`${date}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - dow) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) + 1;
  return { year, week };
}

export type SchedulePeriod = { key: string; from: string; to: string };

/**
 * The last complete period before `today` (a local date): weekly, the Monday–Sunday week before
 * this one ("2026-W47"); monthly, the calendar month before this one ("2026-10").
 */
export function previousPeriod(frequency: 'weekly' | 'monthly', today: string): SchedulePeriod {
  if (frequency === 'weekly') {
    const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
    const from = addDays(today, -dow - 7);
    const to = addDays(from, 6);
    const w = isoWeek(from);
    return { key: `${w.year}-W${String(w.week).padStart(2, '0')}`, from, to };
  }
  const [y, m] = today.split('-').map(Number);
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const from = `${py}-${String(pm).padStart(2, '0')}-01`;
  const to = addDays(`${y}-${String(m).padStart(2, '0')}-01`, -1);
  return { key: `${py}-${String(pm).padStart(2, '0')}`, from, to };
}

// ---- symptoms and repeat failures

const STOP_WORDS = new Set(
  (
    'el la los las un una unos unas de del al a en y o u que se no ni con por para sin sobre su sus es son está están esta este esto ' +
    'estos estas ese esa lo le les me mi mis muy más mas pero como cuando ya hay ha han tiene tienen hace da dan desde hasta entre ' +
    'the a an of to in on and or is are it its with for from at by be not no this that'
  ).split(' '),
);

/** Words of a symptom text worth counting: lower case, without accents, three letters or more, no stop words; each once per text. */
export function symptomWords(text: string): string[] {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9ñ]+/)
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
  return [...new Set(words)];
}

/** The commonest words over many texts, most frequent first (ties alphabetically). */
export function commonestWords(texts: string[], limit = 20): Array<{ word: string; count: number }> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of symptomWords(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, limit);
}

/** Units the repeat-failure section of the root-cause report lists (the figure counts every one). */
export const REPEAT_FAILURES_LISTED = 50;

export type RepeatFailure<T> = { serial: string; incidents: T[]; repeats: number; shortestGapDays: number; lastRepeatAt: string };

/**
 * The order the repeat-failure section ranks units in: most repeats first, then the unit that
 * failed again most recently (its latest repeat's received instant), then the serial (code-unit
 * order, as the report's SQL orders it: binary on SQLite, `collate "C"` on PostgreSQL).
 */
export function byRepeatRank(a: { serial: string; repeats: number; lastRepeatAt: string }, b: { serial: string; repeats: number; lastRepeatAt: string }): number {
  return b.repeats - a.repeats || Date.parse(b.lastRepeatAt) - Date.parse(a.lastRepeatAt) || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0);
}

/**
 * Repeat failures: for each serial, the incidents received within `days` days of the previous
 * one (a chain: A, then B 20 days later, then C 20 days after B, with N = 30 makes B and C repeats).
 * A unit is a repeat failure when it has at least one such repeat, i.e. two or more incidents
 * within N days of each other (to the millisecond: exactly N days counts). Input rows need not be
 * sorted. Ranked by `byRepeatRank`; at most `limit` units (default all).
 */
export function repeatFailures<T extends { serial: string; receivedAt: string }>(rows: T[], days: number, limit = Infinity): Array<RepeatFailure<T>> {
  const bySerial = new Map<string, T[]>();
  for (const r of rows) {
    const list = bySerial.get(r.serial) ?? [];
    list.push(r);
    bySerial.set(r.serial, list);
  }
  const out: Array<RepeatFailure<T>> = [];
  const window = days * 86_400_000;
  for (const [serial, list] of bySerial) {
    list.sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
    let repeats = 0;
    let shortest = Infinity;
    let last = '';
    for (let i = 1; i < list.length; i++) {
      const gap = Date.parse(list[i].receivedAt) - Date.parse(list[i - 1].receivedAt);
      if (gap <= window) {
        repeats += 1;
        shortest = Math.min(shortest, gap / 86_400_000);
        last = list[i].receivedAt;
      }
    }
    if (repeats > 0) out.push({ serial, incidents: list, repeats, shortestGapDays: Math.round(shortest * 10) / 10, lastRepeatAt: last });
  }
  return out.sort(byRepeatRank).slice(0, limit);
}

/** Count, median and p90 of a list of durations in seconds. */
export function durationStats(values: number[]): { count: number; median: number | null; p90: number | null } {
  return { count: values.length, median: median(values), p90: percentile(values, 90) };
}

// ---- period buckets of the time analysis

/**
 * The weeks (Monday to Sunday) or calendar months that cover `from`..`to` (local dates, inclusive),
 * each with its first day; the first bucket starts on or before `from`. Keys: the Monday's date for
 * a week, YYYY-MM for a month.
 */
export function periodBuckets(from: string, to: string, unit: 'week' | 'month'): Array<{ key: string; start: string }> {
  const out: Array<{ key: string; start: string }> = [];
  if (unit === 'week') {
    const dow = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7;
    for (let d = addDays(from, -dow); d <= to; d = addDays(d, 7)) out.push({ key: d, start: d });
    return out;
  }
  let [y, m] = from.split('-').map(Number);
  for (;;) {
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    if (start > to) return out;
    out.push({ key: start.slice(0, 7), start });
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
}

// ---- the supervisor's dashboard

export type DayPeriod = { from: string; to: string };

/**
 * The periods the dashboard shows for a local date: this week (Monday up to today), last week
 * (Monday–Sunday before it) and this month (the 1st up to today).
 */
export function dashboardPeriods(today: string): { today: string; thisWeek: DayPeriod; lastWeek: DayPeriod; month: DayPeriod } {
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(today, -dow);
  return {
    today,
    thisWeek: { from: monday, to: today },
    lastWeek: { from: addDays(monday, -7), to: addDays(monday, -1) },
    month: { from: `${today.slice(0, 7)}-01`, to: today },
  };
}

/**
 * The commonest reasons: count descending, ties by code; without the incidents that name no reason;
 * at most `limit`, each with its share of `total` in basis points.
 */
export function topReasons(rows: Array<{ code: string | null; count: number }>, total: number, limit = 5): Array<{ code: string; count: number; shareBp: number }> {
  return rows
    .filter((r): r is { code: string; count: number } => r.code !== null && r.count > 0)
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, limit)
    .map((r) => ({ code: r.code, count: r.count, shareBp: shareBp(r.count, total) ?? 0 }));
}
