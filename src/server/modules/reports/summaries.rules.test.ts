import { describe, expect, it } from 'vitest';
import { addFactDeltas, bucketValue, type DailyDelta, type Fact, type HistDelta, histogramStats, HISTOGRAM_MAX_ERROR, incidentFact, nonZero, serialGaps, timeBucket } from './summaries.rules.ts';

describe('duration buckets', () => {
  it.each([
    [0, 0],
    [-5, 0],
    [1, 1],
    [63, 63],
    [63.4, 63],
    [64, 64],
    [70, 64],
    [71, 65],
    [640, 64 + 24],
    [86_400, 64 + 75],
  ])('%s falls in bucket %s', (value, bucket) => {
    expect(timeBucket(value)).toBe(bucket);
  });

  it.each([1, 7, 63, 64, 100, 999, 4_321, 86_400, 1_000_000, 9_999_999])('%s reads back within the stated error', (value) => {
    const back = bucketValue(timeBucket(value));
    expect(Math.abs(back - value) / value).toBeLessThanOrEqual(HISTOGRAM_MAX_ERROR + 1e-9);
    if (value < 64) expect(back).toBe(value);
  });
});

describe('median and P90 from a histogram', () => {
  it.each<[string, Array<[number, number]>, number | null, number | null]>([
    ['empty', [], null, null],
    ['one value', [[10, 1]], 10, 10],
    ['odd count: the middle one', [[1, 1], [2, 1], [9, 1]], 2, 9],
    ['even count: mean of the two middle ones', [[10, 1], [20, 1], [30, 1], [40, 1]], 25, 40],
    ['ten values: P90 is the 9th', [[1, 8], [5, 1], [7, 1]], 1, 5],
    ['eleven values: P90 is the 10th', [[1, 9], [5, 1], [7, 1]], 1, 5],
    ['zero counts left out', [[3, 0], [4, 2]], 4, 4],
  ])('%s', (_name, entries, median, p90) => {
    expect(histogramStats(entries)).toEqual({ median, p90 });
  });
});

describe('an incident fact and its increments', () => {
  const base = {
    id: 7,
    received_at: '2026-03-31T22:30:00.000Z',
    reason_code: 'IMP',
    specific_reason_code: null,
    item_id: 3,
    case_type: 'warranty',
    is_open: 1,
    first_response_at: '2026-04-01T00:30:00.000Z',
    resolved_at: null,
    clocks: [
      { target: 'response', state: 'stopped', met: 1, due_at: '2026-04-01T02:00:00.000Z', used_before: 120, target_minutes: 240 },
      { target: 'resolution', state: 'running', met: null, due_at: '2026-04-03T00:00:00.000Z', used_before: 120, target_minutes: 2400 },
    ],
  };

  it.each<[string, Partial<Fact>]>([
    ['the received day is local (00:30 on 1 April in Madrid)', { day: '2026-04-01' }],
    ['codes and item as summary keys', { reason_code: 'IMP', specific_code: '', item_key: '3', case_type: 'warranty' }],
    ['response stopped and met; resolution running with its deadline', { r_done: 1, r_met: 1, s_done: 0, s_met: 0, r_due: null, s_due: '2026-04-03T00:00:00.000Z', s_over: null }],
    ['times: business minutes of stopped clocks, calendar seconds', { rb: 120, sb: null, rcal: 7200, scal: null }],
  ])('%s', (_name, expected) => {
    expect(incidentFact(base, 'Europe/Madrid')).toMatchObject(expected);
  });

  it('a late resolution records its overrun', () => {
    const f = incidentFact({ ...base, resolved_at: '2026-04-05T00:00:00.000Z', clocks: [base.clocks[0], { ...base.clocks[1], state: 'stopped', met: 0, used_before: 2500 }] }, 'Europe/Madrid');
    expect(f).toMatchObject({ s_done: 1, s_met: 0, s_over: 100, sb: 2500, s_due: null });
  });

  it('a change of reason moves one count from the old code to the new, and nothing else', () => {
    const before = incidentFact(base, 'Europe/Madrid');
    const after = { ...before, reason_code: 'ALI' };
    const daily = new Map<string, DailyDelta>();
    const hist = new Map<string, HistDelta>();
    addFactDeltas(before, after, daily, hist);
    const changed = [...daily.values()].filter((d) => d.n !== 0).map((d) => [d.dim, d.code, d.n, d.r_met]);
    expect(changed).toEqual([
      ['reason', 'IMP', -1, -1],
      ['specific', 'IMP\u001f', -1, -1],
      ['reason', 'ALI', 1, 1],
      ['specific', 'ALI\u001f', 1, 1],
    ]);
    expect([...hist.values()].every((h) => h.n === 0)).toBe(true);
  });

  it('a close takes the incident out of its day\'s open count (the `all` row only), and nothing else', () => {
    const before = incidentFact(base, 'Europe/Madrid');
    const after = incidentFact({ ...base, is_open: 0 }, 'Europe/Madrid');
    expect([before.open, after.open]).toEqual([1, 0]);
    const daily = new Map<string, DailyDelta>();
    addFactDeltas(before, after, daily, new Map());
    expect(nonZero(daily.values()).map((d) => [d.day, d.dim, d.code, d.n, d.open])).toEqual([['2026-04-01', 'all', '', 0, -1]]);
  });
});

describe('serialGaps: each incident of a serial after its previous one (received order, then id)', () => {
  const r = (id: number, serial: string, receivedAt: string) => ({ id, serial, receivedAt });
  it.each([
    ['one incident: no previous', [r(1, 'A', '2026-03-02T10:00:00.000Z')], [[1, null, null]]],
    [
      'received order, not id order; a serial of its own',
      [r(3, 'A', '2026-03-12T10:00:00.000Z'), r(1, 'A', '2026-03-02T10:00:00.000Z'), r(2, 'B', '2026-03-03T10:00:00.000Z')],
      [[1, null, null], [3, '2026-03-02T10:00:00.000Z', 864_000], [2, null, null]],
    ],
    ['the same instant: id decides, gap 0', [r(9, 'A', '2026-03-02T10:00:00.000Z'), r(4, 'A', '2026-03-02T10:00:00.000Z')], [[4, null, null], [9, '2026-03-02T10:00:00.000Z', 0]]],
    ['seconds rounded', [r(1, 'A', '2026-03-02T10:00:00.000Z'), r(2, 'A', '2026-03-02T10:00:01.600Z')], [[1, null, null], [2, '2026-03-02T10:00:00.000Z', 2]]],
  ] as const)('%s', (_name, rows, expected) => {
    expect(serialGaps([...rows]).map((g) => [g.incident_id, g.prev_received_at, g.gap_s])).toEqual(expected);
  });
});
