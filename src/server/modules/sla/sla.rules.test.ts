import { describe, expect, it } from 'vitest';
import { BusinessCalendar, type Shift } from './business-clock.ts';
import { type Clock, type ClockTimes, type Counted, countDeltas, marginFor, phaseAt, nextEscalation, pauseClock, remainingAt, reanchor, restartClock, resumeClock, schedule, slaStateOf, startClock, stopClock } from './sla.rules.ts';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString().replace('.000Z', 'Z'));
const split: Shift[] = [
  [480, 840],
  [930, 1110],
];
const catalonia = new BusinessCalendar({ timeZone: 'Europe/Madrid', week: [split, split, split, split, split, [], []], holidays: ['2026-09-11'] });
const allDay = new BusinessCalendar({ timeZone: 'Europe/Madrid', week: Array(7).fill([[0, 1440]]), holidays: [] });

describe('marginFor', () => {
  it.each([
    [480, { escalationMarginMinutes: 60 }, 60],
    [480, { warningPercent: 80 }, 96],
    [480, { escalationMarginMinutes: 60, warningPercent: 80 }, 96],
    [480, { escalationMarginMinutes: 120, warningPercent: 80 }, 120],
    [60, { escalationMarginMinutes: 90 }, 60],
    [100, { warningPercent: 75 }, 25],
    [480, {}, 0],
  ])('target %i with %j → %i', (target, p, expected) => {
    expect(marginFor(target, p)).toBe(expected);
  });
});

describe('a resolution clock through its life (Catalonia, 960 min, margin 60)', () => {
  // Received Thu 10/09/2026 17:00 CEST; the Diada on Friday; worked out in business-clock.test.ts.
  const received = ms('2026-09-10T15:00:00Z');
  const start = startClock(received, 960, 60);

  it.each<[string, () => Clock, BusinessCalendar, string | null, string | null]>([
    ['at intake: due Tue 13:30, warn Tue 12:30 (CEST)', () => start, catalonia, '2026-09-15T11:30:00Z', '2026-09-15T10:30:00Z'],
    ['paused Mon 09:00: no deadline', () => pauseClock(catalonia, start, ms('2026-09-14T07:00:00Z')), catalonia, null, null],
    [
      'resumed Mon 11:30: pushed by the 150 minutes waited → Tue 17:30',
      () => resumeClock(pauseClock(catalonia, start, ms('2026-09-14T07:00:00Z')), ms('2026-09-14T09:30:00Z')),
      catalonia,
      '2026-09-15T15:30:00Z',
      '2026-09-15T14:30:00Z',
    ],
    [
      // used 150 before the pause; 480 − 150 = 330 from Mon 11:30: 11:30–14:00 (150) + 15:30–18:30 (180) → Mon 18:30.
      'then priority changes to 480 min: Mon 18:30',
      () => ({ ...resumeClock(pauseClock(catalonia, start, ms('2026-09-14T07:00:00Z')), ms('2026-09-14T09:30:00Z')), targetMinutes: 480 }),
      catalonia,
      '2026-09-14T16:30:00Z',
      '2026-09-14T15:30:00Z',
    ],
    [
      // Mon 12:00 CEST: used 150 + 30 = 180 on Catalonia's calendar; 780 left on 24×7 from 10:00Z → 23:00Z.
      'then the contract moves to 24×7 at Mon 12:00: the 180 used are kept',
      () => reanchor(catalonia, resumeClock(pauseClock(catalonia, start, ms('2026-09-14T07:00:00Z')), ms('2026-09-14T09:30:00Z')), ms('2026-09-14T10:00:00Z')),
      allDay,
      '2026-09-14T23:00:00Z',
      '2026-09-14T22:00:00Z',
    ],
    ['resolved: stopped, no deadline', () => stopClock(catalonia, start, ms('2026-09-14T08:00:00Z')), catalonia, null, null],
    [
      // resolved Mon 10:00 CEST after 90 + 120 = 210 used; reopened Tue 08:00 CEST: 750 left → Tue 08:00–14:00 (360), 15:30–18:30 (180), Wed 08:00 + 210 → 11:30.
      'reopened Tue 08:00: runs again with the 210 minutes used',
      () => restartClock(stopClock(catalonia, start, ms('2026-09-14T08:00:00Z')), ms('2026-09-15T06:00:00Z')),
      catalonia,
      '2026-09-16T09:30:00Z',
      '2026-09-16T08:30:00Z',
    ],
  ])('%s', (_n, clock, cal, due, warn) => {
    const s = schedule(cal, clock());
    expect([iso(s.dueAt), iso(s.warnAt)]).toEqual([due, warn]);
  });

  it('counts the business minutes left, negative once overdue', () => {
    expect(remainingAt(catalonia, start, ms('2026-09-14T07:00:00Z'))).toBe(960 - 150);
    expect(remainingAt(catalonia, start, ms('2026-09-15T12:00:00Z'))).toBe(-30); // Tue 14:00 CEST: 90 + 540 + 360 = 990 used
    const paused = pauseClock(catalonia, start, ms('2026-09-14T07:00:00Z'));
    expect(remainingAt(catalonia, paused, ms('2026-09-20T07:00:00Z'))).toBe(810);
  });
});

describe('nextEscalation', () => {
  const due = ms('2026-09-15T11:30:00Z');
  const warn = ms('2026-09-15T10:30:00Z');
  const s = { dueAt: due, warnAt: warn };
  it.each<[string, { dueAt: number | null; warnAt: number | null }, number | null, number | null, number, string | null]>([
    ['nothing sent yet, before the margin: the warning at warnAt', s, null, null, warn - 1, `warning@${warn}`],
    ['warned for this deadline: the breach at dueAt', s, due, null, warn + 1, `breach@${due}`],
    ['both sent: nothing more', s, due, due, due + 1, null],
    ['first seen past the deadline: the breach only', s, null, null, due + 1, `breach@${due}`],
    ['warned for an older deadline: this one owes its warning', s, due - 3_600_000, null, warn - 1, `warning@${warn}`],
    ['breached an older deadline that moved later: owes both again', s, due - 60_000, due - 60_000, warn - 1, `warning@${warn}`],
    ['paused: nothing', { dueAt: null, warnAt: null }, null, null, due, null],
  ])('%s', (_n, sched, warnedFor, breachedFor, now, expected) => {
    const next = nextEscalation(sched, { warnedFor, breachedFor }, now);
    expect(next ? `${next.level}@${next.at}` : null).toBe(expected);
  });
});

describe('slaStateOf: one row per incident for the badge counts', () => {
  const run = (dueAt: string, warnAt: string): ClockTimes => ({ state: 'running', dueAt, warnAt, pausedSince: null });
  const pause = (since: string): ClockTimes => ({ state: 'paused', dueAt: null, warnAt: null, pausedSince: since });
  const stop: ClockTimes = { state: 'stopped', dueAt: null, warnAt: null, pausedSince: null };
  it.each<[string, ClockTimes[], ReturnType<typeof slaStateOf>]>([
    ['no clocks', [], null],
    ['every clock stopped', [stop, stop], null],
    ['one running', [stop, run('2026-11-30T10:00:00.000Z', '2026-11-30T09:00:00.000Z')], { dueAt: '2026-11-30T10:00:00.000Z', warnAt: '2026-11-30T09:00:00.000Z', pausedSince: null }],
    [
      'two running: the earliest deadline and the earliest warning (of different clocks)',
      [run('2026-11-30T10:00:00.000Z', '2026-11-30T09:50:00.000Z'), run('2026-11-30T12:00:00.000Z', '2026-11-30T08:00:00.000Z')],
      { dueAt: '2026-11-30T10:00:00.000Z', warnAt: '2026-11-30T08:00:00.000Z', pausedSince: null },
    ],
    ['compared as instants, not as text', [run('2026-11-30T10:00:00.000Z', '2026-11-30T09:00:00.000Z'), run('2026-11-30T09:30:00Z', '2026-11-30T09:00:00Z')], { dueAt: '2026-11-30T09:30:00Z', warnAt: '2026-11-30T09:00:00.000Z', pausedSince: null }],
    ['both paused: the earliest since-when, no deadline', [pause('2026-11-30T09:00:00.000Z'), pause('2026-11-29T09:00:00.000Z')], { dueAt: null, warnAt: null, pausedSince: '2026-11-29T09:00:00.000Z' }],
    ['response stopped, resolution paused', [stop, pause('2026-11-30T09:00:00.000Z')], { dueAt: null, warnAt: null, pausedSince: '2026-11-30T09:00:00.000Z' }],
  ])('%s', (_label, clocks, expected) => {
    expect(slaStateOf(clocks)).toEqual(expected);
  });
});

describe('phaseAt: what an incident is counted as, and until when', () => {
  const now = ms('2026-11-30T10:00:00.000Z');
  it.each<[string, string | null, string | null, ReturnType<typeof phaseAt>]>([
    ['nothing running', null, null, { counted: null, until: null }],
    ['on time: until its warning', '2026-11-30T12:00:00.000Z', '2026-11-30T11:00:00.000Z', { counted: null, until: '2026-11-30T11:00:00.000Z' }],
    ['at risk from its warning: until its deadline', '2026-11-30T12:00:00.000Z', '2026-11-30T10:00:00.000Z', { counted: 'at_risk', until: '2026-11-30T12:00:00.000Z' }],
    ['breached at its deadline, for good', '2026-11-30T10:00:00.000Z', '2026-11-30T09:00:00.000Z', { counted: 'breached', until: null }],
    ['breached long ago', '2026-11-01T10:00:00.000Z', '2026-11-01T09:00:00.000Z', { counted: 'breached', until: null }],
  ])('%s', (_, dueAt, warnAt, expected) => {
    expect(phaseAt({ dueAt, warnAt }, now)).toEqual(expected);
  });
});

describe('countDeltas: the counter rows a change of an incident writes', () => {
  const c = (counted: Counted['counted'], paused = false, ownerUserId: number | null = 7, ownerGroupId: number | null = null): Counted => ({ counted, paused, ownerUserId, ownerGroupId });
  it.each<[string, Counted | null, Counted | null, ReturnType<typeof countDeltas>]>([
    ['intake on time: nothing', null, c(null), []],
    ['intake paused', null, c(null, true), [{ ownerUserId: 7, ownerGroupId: null, view: 'paused', n: 1 }]],
    ['on time → at risk', c(null), c('at_risk'), [{ ownerUserId: 7, ownerGroupId: null, view: 'at_risk', n: 1 }]],
    [
      'at risk → breached',
      c('at_risk'),
      c('breached'),
      [
        { ownerUserId: 7, ownerGroupId: null, view: 'at_risk', n: -1 },
        { ownerUserId: 7, ownerGroupId: null, view: 'breached', n: 1 },
      ],
    ],
    [
      'breached → paused (waiting for the customer)',
      c('breached'),
      c(null, true),
      [
        { ownerUserId: 7, ownerGroupId: null, view: 'breached', n: -1 },
        { ownerUserId: 7, ownerGroupId: null, view: 'paused', n: 1 },
      ],
    ],
    ['breached, unchanged (a note, a case type)', c('breached'), c('breached'), []],
    [
      'reassigned from a user to a group',
      c('at_risk', false, 7, null),
      c('at_risk', false, null, 3),
      [
        { ownerUserId: 7, ownerGroupId: null, view: 'at_risk', n: -1 },
        { ownerUserId: null, ownerGroupId: 3, view: 'at_risk', n: 1 },
      ],
    ],
    ['resolved (no row left)', c('breached', true), null, [
      { ownerUserId: 7, ownerGroupId: null, view: 'breached', n: -1 },
      { ownerUserId: 7, ownerGroupId: null, view: 'paused', n: -1 },
    ]],
  ])('%s', (_, before, after, expected) => {
    expect(countDeltas(before, after)).toEqual(expected);
  });
});
