import { describe, expect, it } from 'vitest';
import { byRepeatRank, commonestWords, dashboardPeriods, durationStats, isoWeek, median, overdueBucket, pareto, percentile, periodBuckets, previousPeriod, REPEAT_FAILURES_LISTED, repeatFailures, shareBp, symptomWords, topReasons } from './reports.rules.ts';

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[10, 20, 30, 40], 25],
    [[1, 2], 2], // (1+2)/2 = 1.5 rounds half up to 2
    [[600, 1200, 1800, 2400, 7200, 36000], 2100],
  ])('median(%j) = %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('percentile (nearest rank: the value at rank ⌈p·n⌉)', () => {
  it.each([
    [[], 90, null],
    [[5], 90, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9], // ⌈9⌉ = 9th
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10], // ⌈9.9⌉ = 10th
    [[10, 20], 90, 20], // ⌈1.8⌉ = 2nd
    [[9, 1, 8, 2, 7, 3, 6, 4, 5], 50, 5], // ⌈4.5⌉ = 5th
    [[300, 600, 1200, 1800, 2400, 7200, 36000], 90, 36000], // ⌈6.3⌉ = 7th
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 90, 18], // ⌈18⌉ = 18th
  ])('p%2$s of %1$j = %3$s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    durationStats(v);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe('shares and Pareto', () => {
  it.each([
    [1, 3, 3333],
    [2, 3, 6667],
    [3, 7, 4286],
    [0, 5, 0],
    [1, 0, null],
  ])('share %i of %i = %s bp', (part, whole, bp) => {
    expect(shareBp(part, whole)).toBe(bp);
  });
  it('orders by count and accumulates the share to 100 %', () => {
    // 10 incidents: A 5, B 3, C 1, D 1 → A 50 %, A+B 80 %, +C 90 %, +D 100 %
    expect(pareto([{ label: 'C', count: 1 }, { label: 'A', count: 5 }, { label: 'D', count: 1 }, { label: 'B', count: 3 }])).toEqual([
      { label: 'A', count: 5, shareBp: 5000, cumulativeBp: 5000 },
      { label: 'B', count: 3, shareBp: 3000, cumulativeBp: 8000 },
      { label: 'C', count: 1, shareBp: 1000, cumulativeBp: 9000 },
      { label: 'D', count: 1, shareBp: 1000, cumulativeBp: 10000 },
    ]);
  });
});

describe('periods of scheduled reports', () => {
  it.each([
    ['weekly', '2026-11-30', { key: '2026-W48', from: '2026-11-23', to: '2026-11-29' }], // a Monday: the week before
    ['weekly', '2026-11-29', { key: '2026-W47', from: '2026-11-16', to: '2026-11-22' }], // a Sunday: still the week before this one
    ['weekly', '2026-01-05', { key: '2026-W01', from: '2025-12-29', to: '2026-01-04' }], // ISO week 1 of 2026 starts in 2025
    ['monthly', '2026-11-29', { key: '2026-10', from: '2026-10-01', to: '2026-10-31' }],
    ['monthly', '2026-03-01', { key: '2026-02', from: '2026-02-01', to: '2026-02-28' }],
    ['monthly', '2026-01-15', { key: '2025-12', from: '2025-12-01', to: '2025-12-31' }],
  ] as const)('%s on %s → %j', (frequency, today, expected) => {
    expect(previousPeriod(frequency, today)).toEqual(expected);
  });
  it.each([
    ['2026-01-01', 2026, 1],
    ['2027-01-01', 2026, 53],
    ['2026-12-31', 2026, 53],
    ['2024-12-30', 2025, 1],
  ])('ISO week of %s is %i-W%i', (date, year, week) => {
    expect(isoWeek(date)).toEqual({ year, week });
  });
});

describe('overdue buckets', () => {
  it.each([
    [-3, 'current'],
    [0, '0-30'],
    [30, '0-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '>90'],
  ])('%i days overdue → %s', (days, bucket) => {
    expect(overdueBucket(days)).toBe(bucket);
  });
});

describe('symptom words', () => {
  it.each([
    ['La impresora no imprime y hace ruido', ['impresora', 'imprime', 'ruido']],
    ['Pantalla en NEGRO, pantalla negra', ['pantalla', 'negro', 'negra']],
    ['Error 404 al arrancar: código E-45', ['error', 'arrancar', 'codigo']],
  ])('%s → %j', (text, words) => {
    expect(symptomWords(text)).toEqual(words);
  });
  it('counts each word once per text and orders by frequency', () => {
    expect(commonestWords(['No enciende', 'no enciende la pantalla', 'Pantalla rota, pantalla rota'], 3)).toEqual([
      { word: 'enciende', count: 2 },
      { word: 'pantalla', count: 2 },
      { word: 'rota', count: 1 },
    ]);
  });
});

describe('repeat failures per serial', () => {
  const at = (d: string) => `${d}T10:00:00Z`;
  it('finds units with two or more incidents within N days of each other', () => {
    const rows = [
      { serial: 'A', receivedAt: at('2026-01-01') },
      { serial: 'A', receivedAt: at('2026-01-21') }, // 20 days after: repeat
      { serial: 'A', receivedAt: at('2026-02-10') }, // 20 days after the previous: repeat
      { serial: 'B', receivedAt: at('2026-01-01') },
      { serial: 'B', receivedAt: at('2026-03-01') }, // 59 days: not within 30
      { serial: 'C', receivedAt: at('2026-05-31') },
      { serial: 'C', receivedAt: at('2026-05-01') }, // unsorted input, exactly 30 days: within
    ];
    expect(repeatFailures(rows, 30).map((r) => [r.serial, r.incidents.length, r.repeats, r.shortestGapDays])).toEqual([
      ['A', 3, 2, 20],
      ['C', 2, 1, 30],
    ]);
    expect(repeatFailures(rows, 60).map((r) => r.serial)).toEqual(['A', 'C', 'B']); // ties on repeats: the latest repeat first (C in May, B in March)
    expect(repeatFailures(rows, 10)).toEqual([]);
  });

  it('a gap of exactly N days counts, a millisecond more does not', () => {
    const rows = [
      { serial: 'E', receivedAt: '2026-03-01T10:00:00.000Z' },
      { serial: 'E', receivedAt: '2026-03-31T10:00:00.000Z' },
      { serial: 'F', receivedAt: '2026-03-01T10:00:00.000Z' },
      { serial: 'F', receivedAt: '2026-03-31T10:00:00.001Z' },
    ];
    expect(repeatFailures(rows, 30).map((r) => [r.serial, r.lastRepeatAt])).toEqual([['E', '2026-03-31T10:00:00.000Z']]);
  });

  // Ranking and cap: [serial, received days…] per unit, window 30 days → serials in rank order.
  const units = (spec: Array<[string, ...string[]]>) => spec.flatMap(([serial, ...days]) => days.map((d) => ({ serial, receivedAt: at(d) })));
  it.each([
    ['most repeats first', [['A', '2026-01-01', '2026-01-05'], ['B', '2026-01-01', '2026-01-05', '2026-01-09']], Infinity, ['B', 'A']],
    ['same repeats: the latest repeat first', [['A', '2026-01-01', '2026-01-05'], ['B', '2026-02-01', '2026-02-05'], ['C', '2026-01-10', '2026-01-12']], Infinity, ['B', 'C', 'A']],
    ['the latest repeat, not the latest incident (D fails again on 1 March, 50 days later: no repeat)', [['D', '2026-01-01', '2026-01-05', '2026-03-01'], ['E', '2026-01-10', '2026-01-12']], Infinity, ['E', 'D']],
    ['same repeats and latest repeat: the serial, code-unit order', [['b', '2026-01-01', '2026-01-05'], ['B', '2026-01-01', '2026-01-05'], ['A-2', '2026-01-01', '2026-01-05'], ['A-10', '2026-01-01', '2026-01-05']], Infinity, ['A-10', 'A-2', 'B', 'b']],
    ['cut to the limit after ranking', [['A', '2026-01-01', '2026-01-05'], ['B', '2026-01-01', '2026-01-05', '2026-01-09'], ['C', '2026-03-01', '2026-03-02']], 2, ['B', 'C']],
    ['a limit above the units found lists them all', [['A', '2026-01-01', '2026-01-05']], 50, ['A']],
    ['units without a repeat never listed', [['A', '2026-01-01', '2026-03-01'], ['B', '2026-01-01']], 50, []],
  ] as Array<[string, Array<[string, ...string[]]>, number, string[]]>)('%s', (_name, spec, limit, expected) => {
    expect(repeatFailures(units(spec), 30, limit).map((r) => r.serial)).toEqual(expected);
  });

  it('byRepeatRank sorts like the rule; the section lists 50', () => {
    const list = [
      { serial: 'X', repeats: 1, lastRepeatAt: '2026-01-02T00:00:00.000Z' },
      { serial: 'Y', repeats: 2, lastRepeatAt: '2026-01-01T00:00:00.000Z' },
      { serial: 'W', repeats: 1, lastRepeatAt: '2026-01-02T00:00:00.000Z' },
      { serial: 'Z', repeats: 1, lastRepeatAt: '2026-01-03T00:00:00.000Z' },
    ];
    expect([...list].sort(byRepeatRank).map((r) => r.serial)).toEqual(['Y', 'Z', 'W', 'X']);
    expect(REPEAT_FAILURES_LISTED).toBe(50);
  });
});

describe('periodBuckets (weeks from Monday, calendar months)', () => {
  it.each([
    ['2026-03-01', '2026-03-31', 'month', [['2026-03', '2026-03-01']]],
    ['2026-03-15', '2026-05-02', 'month', [['2026-03', '2026-03-01'], ['2026-04', '2026-04-01'], ['2026-05', '2026-05-01']]],
    ['2025-12-10', '2026-01-05', 'month', [['2025-12', '2025-12-01'], ['2026-01', '2026-01-01']]],
    // 2026-03-04 is a Wednesday: the first week starts on Monday 2 March.
    ['2026-03-04', '2026-03-16', 'week', [['2026-03-02', '2026-03-02'], ['2026-03-09', '2026-03-09'], ['2026-03-16', '2026-03-16']]],
    ['2026-03-02', '2026-03-08', 'week', [['2026-03-02', '2026-03-02']]],
    ['2026-12-30', '2027-01-04', 'week', [['2026-12-28', '2026-12-28'], ['2027-01-04', '2027-01-04']]],
  ] as const)('%s..%s by %s', (from, to, unit, expected) => {
    expect(periodBuckets(from, to, unit).map((b) => [b.key, b.start])).toEqual(expected);
  });
});

describe('dashboard periods (weeks start on Monday)', () => {
  it.each([
    // today (Wednesday) → this week Mon–today, last week Mon–Sun, month 1st–today
    ['2026-03-18', ['2026-03-16', '2026-03-18'], ['2026-03-09', '2026-03-15'], ['2026-03-01', '2026-03-18']],
    // a Monday: this week is the one day
    ['2026-03-16', ['2026-03-16', '2026-03-16'], ['2026-03-09', '2026-03-15'], ['2026-03-01', '2026-03-16']],
    // a Sunday belongs to the week that began six days before
    ['2026-03-22', ['2026-03-16', '2026-03-22'], ['2026-03-09', '2026-03-15'], ['2026-03-01', '2026-03-22']],
    // last week across a month and a year
    ['2026-01-01', ['2025-12-29', '2026-01-01'], ['2025-12-22', '2025-12-28'], ['2026-01-01', '2026-01-01']],
  ])('%s', (today, thisWeek, lastWeek, month) => {
    const p = dashboardPeriods(today);
    expect([p.thisWeek.from, p.thisWeek.to]).toEqual(thisWeek);
    expect([p.lastWeek.from, p.lastWeek.to]).toEqual(lastWeek);
    expect([p.month.from, p.month.to]).toEqual(month);
  });
});

describe('top reasons', () => {
  it.each([
    ['none', [], 0, []],
    ['no reason left out, share of every incident', [{ code: null, count: 3 }, { code: 'A', count: 1 }], 4, [['A', 1, 2500]]],
    [
      'count first, ties by code, five at most',
      [{ code: 'F', count: 1 }, { code: 'B', count: 2 }, { code: 'E', count: 1 }, { code: 'A', count: 4 }, { code: 'D', count: 1 }, { code: 'C', count: 1 }],
      10,
      [['A', 4, 4000], ['B', 2, 2000], ['C', 1, 1000], ['D', 1, 1000], ['E', 1, 1000]],
    ],
  ])('%s', (_name, rows, total, expected) => {
    expect(topReasons(rows as Array<{ code: string | null; count: number }>, total).map((r) => [r.code, r.count, r.shareBp])).toEqual(expected);
  });
});
