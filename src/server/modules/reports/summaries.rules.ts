/**
 * Pure rules of the report summaries (no database, no app): what one incident contributes (its
 * "fact"), the difference between two contributions as increments of the summary rows, and the
 * duration histogram (buckets, and the median and nearest-rank P90 read back from it).
 *
 * Histogram buckets: a duration under 64 (minutes or seconds) is its own bucket, so small values
 * are exact; above, buckets grow by 10 % (bucket 64 + ⌊log₁.₁(v / 64)⌋), and a bucket is read back
 * as the geometric middle of its bounds: at most ≈ 4.9 % from the true value. The reports use the
 * histogram only for periods with more than `exactMax` incidents; below, medians are exact.
 */
import { localDate } from '../../../shared/dates.ts';

export type ClockInput = { target: string; state: string; met: unknown; due_at: unknown; used_before: unknown; target_minutes: unknown };
export type FactInput = {
  id: number;
  received_at: unknown;
  reason_code: string | null;
  specific_reason_code: string | null;
  item_id: number | null;
  case_type: string;
  is_open: unknown;
  first_response_at: unknown;
  resolved_at: unknown;
  clocks: ClockInput[];
};

export type Fact = {
  incident_id: number;
  day: string;
  received_at: string;
  reason_code: string;
  specific_code: string;
  item_key: string;
  case_type: string;
  r_done: number;
  r_met: number;
  s_done: number;
  s_met: number;
  r_due: string | null;
  s_due: string | null;
  s_over: number | null;
  rb: number | null;
  sb: number | null;
  rcal: number | null;
  scal: number | null;
  /** 1 while the incident is not closed (counted in the `all` rows' `open`: the dashboard's open incidents) */
  open: number;
};

export type DailyDelta = { day: string; dim: string; code: string; n: number; r_done: number; r_met: number; s_done: number; s_met: number; open: number };
export type HistDelta = { day: string; metric: string; bucket: number; n: number };

/** The measures kept in the histogram: business minutes (rb, sb) and calendar seconds (rc, sc). */
export const METRICS = ['rb', 'sb', 'rc', 'sc'] as const;
export type Metric = (typeof METRICS)[number];

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't' || v === 'true';
const secs = (from: string, to: string | null) => (to === null ? null : Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** Separator of general and specific reason in the `specific` dimension's code. */
export const SPECIFIC_SEP = '\u001f';

/** What one incident contributes to the summaries, with its received day in `timeZone`. */
export function incidentFact(i: FactInput, timeZone: string): Fact {
  const received = iso(i.received_at)!;
  const rc = i.clocks.find((c) => c.target === 'response');
  const sc = i.clocks.find((c) => c.target === 'resolution');
  const rDone = rc?.state === 'stopped' ? 1 : 0;
  const sDone = sc?.state === 'stopped' ? 1 : 0;
  const sMet = sDone && bool(sc!.met) ? 1 : 0;
  const sb = sDone ? Math.round(Number(sc!.used_before)) : null;
  return {
    incident_id: Number(i.id),
    day: localDate(received, timeZone),
    received_at: received,
    reason_code: i.reason_code ?? '',
    specific_code: i.specific_reason_code ?? '',
    item_key: i.item_id === null || i.item_id === undefined ? '' : String(i.item_id),
    case_type: i.case_type,
    r_done: rDone,
    r_met: rDone && bool(rc!.met) ? 1 : 0,
    s_done: sDone,
    s_met: sMet,
    r_due: rc?.state === 'running' ? iso(rc.due_at) : null,
    s_due: sc?.state === 'running' ? iso(sc.due_at) : null,
    s_over: sDone && !sMet ? sb! - Math.round(Number(sc!.target_minutes)) : null,
    rb: rDone ? Math.round(Number(rc!.used_before)) : null,
    sb,
    rcal: secs(received, iso(i.first_response_at) ?? iso(i.resolved_at)),
    scal: secs(received, iso(i.resolved_at)),
    open: bool(i.is_open) ? 1 : 0,
  };
}

export function sameFact(a: Fact | undefined, b: Fact | undefined): boolean {
  if (!a || !b) return a === b;
  return (Object.keys(a) as Array<keyof Fact>).every((k) => (a[k] === null ? null : String(a[k])) === (b[k] === null ? null : String(b[k])));
}

/** A fact as stored (engines answer numbers as strings or bigints, instants as Date or text). */
export function normalizeFact(row: Record<string, unknown>): Fact {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    incident_id: Number(row.incident_id),
    day: String(row.day),
    received_at: iso(row.received_at)!,
    reason_code: String(row.reason_code),
    specific_code: String(row.specific_code),
    item_key: String(row.item_key),
    case_type: String(row.case_type),
    r_done: Number(row.r_done),
    r_met: Number(row.r_met),
    s_done: Number(row.s_done),
    s_met: Number(row.s_met),
    r_due: iso(row.r_due),
    s_due: iso(row.s_due),
    s_over: num(row.s_over),
    rb: num(row.rb),
    sb: num(row.sb),
    rcal: num(row.rcal),
    scal: num(row.scal),
    open: Number(row.open ?? 0),
  };
}

/** The dimensions an incident counts in (dimension, code). */
export function dimensionsOf(f: Fact): Array<[string, string]> {
  return [
    ['all', ''],
    ['reason', f.reason_code],
    ['specific', `${f.reason_code}${SPECIFIC_SEP}${f.specific_code}`],
    ['item', f.item_key],
    ['case', f.case_type],
  ];
}

/** Histogram bucket of a duration (minutes or seconds; negative counts as 0). */
export function timeBucket(value: number): number {
  const v = Math.max(0, Math.round(value));
  if (v < 64) return v;
  // The small epsilon keeps exact powers (64 · 1.1^k) in their own bucket despite rounding.
  return 64 + Math.floor(Math.log(v / 64) / Math.log(1.1) + 1e-9);
}

/** The value a bucket is read back as: itself under 64, else the geometric middle of its bounds. */
export function bucketValue(bucket: number): number {
  if (bucket < 64) return bucket;
  return 64 * 1.1 ** (bucket - 64 + 0.5);
}

/** Largest relative error of a value read back from its bucket (for the report's note). */
export const HISTOGRAM_MAX_ERROR = Math.sqrt(1.1) - 1;

/**
 * Median (mean of the two middle values for an even count) and nearest-rank P90 of the values a
 * histogram holds (`[bucket, count]` pairs, any order); nulls without values.
 */
export function histogramStats(entries: Array<[number, number]>): { median: number | null; p90: number | null } {
  const sorted = entries.filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return { median: null, p90: null };
  const at = (rank: number) => {
    let seen = 0;
    for (const [b, c] of sorted) {
      seen += c;
      if (seen >= rank) return bucketValue(b);
    }
    return bucketValue(sorted[sorted.length - 1][0]);
  };
  const lo = Math.floor((n + 1) / 2);
  const hi = Math.floor(n / 2) + 1;
  return { median: (at(lo) + at(hi)) / 2, p90: at(Math.floor((9 * n + 9) / 10)) };
}

/**
 * Adds to `daily` and `hist` the increments that turn the summaries of `before` into those of
 * `after` (either may be missing: a new incident, or one leaving the summaries).
 */
export function addFactDeltas(before: Fact | undefined, after: Fact | undefined, daily: Map<string, DailyDelta>, hist: Map<string, HistDelta>): void {
  const apply = (f: Fact, sign: 1 | -1) => {
    for (const [dim, code] of dimensionsOf(f)) {
      const key = `${f.day}\u0000${dim}\u0000${code}`;
      const d = daily.get(key) ?? { day: f.day, dim, code, n: 0, r_done: 0, r_met: 0, s_done: 0, s_met: 0, open: 0 };
      d.n += sign;
      d.r_done += sign * f.r_done;
      d.r_met += sign * f.r_met;
      d.s_done += sign * f.s_done;
      d.s_met += sign * f.s_met;
      if (dim === 'all') d.open += sign * f.open;
      daily.set(key, d);
    }
    const values: Record<Metric, number | null> = { rb: f.rb, sb: f.sb, rc: f.rcal, sc: f.scal };
    for (const metric of METRICS) {
      const v = values[metric];
      if (v === null) continue;
      const bucket = timeBucket(v);
      const key = `${f.day}\u0000${metric}\u0000${bucket}`;
      const h = hist.get(key) ?? { day: f.day, metric, bucket, n: 0 };
      h.n += sign;
      hist.set(key, h);
    }
  };
  if (before) apply(before, -1);
  if (after) apply(after, 1);
}

/** Only the increments that change something. */
export function nonZero<T extends { n: number; r_done?: number; r_met?: number; s_done?: number; s_met?: number; open?: number }>(rows: Iterable<T>): T[] {
  return [...rows].filter((r) => r.n !== 0 || (r.r_done ?? 0) !== 0 || (r.r_met ?? 0) !== 0 || (r.s_done ?? 0) !== 0 || (r.s_met ?? 0) !== 0 || (r.open ?? 0) !== 0);
}

/** One incident's row of the serial gaps: its serial's previous incident (received instant) and the whole seconds since it. */
export type SerialGap = { incident_id: number; serial_number: string; received_at: string; prev_received_at: string | null; gap_s: number | null };

/**
 * The gap rows of every incident of some serials: per serial, in received order (then id, as the
 * report's window orders them), each incident's previous one and the seconds between (rounded),
 * null for the first. `receivedAt` is kept as given (the stored text compares as the incidents' does).
 */
export function serialGaps(rows: Array<{ id: number; serial: string; receivedAt: string }>): SerialGap[] {
  const sorted = rows.map((r) => ({ ...r, t: Date.parse(r.receivedAt) })).sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : a.t - b.t || a.id - b.id));
  return sorted.map((r, k) => {
    const prev = k > 0 && sorted[k - 1].serial === r.serial ? sorted[k - 1] : undefined;
    return { incident_id: r.id, serial_number: r.serial, received_at: r.receivedAt, prev_received_at: prev ? prev.receivedAt : null, gap_s: prev ? Math.round((r.t - prev.t) / 1000) : null };
  });
}
