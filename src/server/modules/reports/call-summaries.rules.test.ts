import { describe, expect, it } from 'vitest';
import { callDeltas, callRows, periodParts } from './call-summaries.rules.ts';

const call = { typeCode: 'AV', toUserId: 7, toGroupId: null, registeredAt: '2026-02-28T23:30:00Z', finishedAt: null, finishedByActionType: null };

describe('calls summary rules', () => {
  it.each([
    // from, to, months, days
    ['2026-03-01', '2026-03-31', ['2026-03', '2026-03'], []],
    ['2026-02-15', '2026-03-31', ['2026-03', '2026-03'], [['2026-02-15', '2026-02-28']]],
    ['2025-12-01', '2026-11-30', ['2025-12', '2026-11'], []],
    ['2025-12-02', '2026-11-29', ['2026-01', '2026-10'], [['2025-12-02', '2025-12-31'], ['2026-11-01', '2026-11-29']]],
    ['2026-03-02', '2026-03-20', null, [['2026-03-02', '2026-03-20']]],
    ['2024-02-01', '2024-02-29', ['2024-02', '2024-02'], []],
    ['2026-03-20', '2026-03-02', null, []],
  ] as const)('period %s..%s reads months %j and days %j', (from, to, months, days) => {
    expect(periodParts(from, to)).toEqual({ months, days });
  });

  it.each([
    ['pending, counted on its Madrid day and month', call, 'Europe/Madrid', '2026-03-01', '2026-03', -1, ''],
    ['in UTC the day before', call, 'UTC', '2026-02-28', '2026-02', -1, ''],
    ['finished by hand after 30 min (bucket 64 + ⌊log₁.₁ 28.125⌋)', { ...call, finishedAt: '2026-03-01T00:00:00Z' }, 'UTC', '2026-02-28', '2026-02', 99, 'manual'],
    ['finished by an action after 30 s (exact bucket)', { ...call, finishedAt: '2026-02-28T23:30:30Z', finishedByActionType: 'task' }, 'UTC', '2026-02-28', '2026-02', 30, 'task'],
  ] as const)('%s', (_what, c, tz, day, month, bucket, outcome) => {
    const rows = callRows(c, tz, 1);
    expect(rows).toEqual([
      { grain: 'd', day, dim: 't', code: 'AV', outcome, bucket, n: 1 },
      { grain: 'd', day, dim: 'd', code: 'u:7', outcome: '', bucket, n: 1 },
      { grain: 'm', day: month, dim: 't', code: 'AV', outcome, bucket, n: 1 },
      { grain: 'm', day: month, dim: 'd', code: 'u:7', outcome: '', bucket, n: 1 },
    ]);
  });

  it.each([
    ['a change nothing counts by', call, { ...call }, 0],
    ['a new call', null, call, 4],
    ['forwarded to a group: only the destination rows move', call, { ...call, toUserId: null, toGroupId: 3 }, 4],
    ['finished: every row moves bucket', call, { ...call, finishedAt: '2026-03-01T00:30:00Z' }, 8],
  ] as const)('%s gives %i increments', (_what, before, after, count) => {
    const d = callDeltas(before, after, 'Europe/Madrid');
    expect(d).toHaveLength(count);
    expect(d.reduce((n, r) => n + r.n, 0)).toBe(before ? 0 : 4);
  });
});
