/**
 * The business clock against calendars worked out by hand. Every expected instant below was
 * counted on paper, shift by shift; the comment on each row is that count.
 */
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, type Pause, type Shift, wallToInstant, dayNumber, instantToWall } from './business-clock.ts';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString().replace('.000Z', 'Z'));

const split: Shift[] = [
  [8 * 60, 14 * 60],
  [15 * 60 + 30, 18 * 60 + 30],
];
const friday: Shift[] = [[8 * 60, 15 * 60]];
/** Mon–Thu 08:00–14:00 + 15:30–18:30 (540 min), Fri 08:00–15:00 (420 min), weekend closed. */
const officeWeek = [split, split, split, split, friday, [], []];
const nineToFive: Shift[] = [[9 * 60, 17 * 60]];
const allDay: Shift[] = [[0, 1440]];

const madrid = (holidays: string[] = []) => new BusinessCalendar({ timeZone: 'Europe/Madrid', week: officeWeek, holidays });
const cataloniaHolidays2026 = ['2026-01-01', '2026-01-06', '2026-04-03', '2026-04-06', '2026-05-01', '2026-06-24', '2026-08-15', '2026-09-11', '2026-10-12', '2026-11-01', '2026-12-08', '2026-12-25', '2026-12-26'];
const catalonia = new BusinessCalendar({ timeZone: 'Europe/Madrid', week: [split, split, split, split, split, [], []], holidays: cataloniaHolidays2026 });
const madrid9to5 = new BusinessCalendar({ timeZone: 'Europe/Madrid', week: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, [], []], holidays: [] });
const madrid24x7 = new BusinessCalendar({ timeZone: 'Europe/Madrid', week: Array(7).fill(allDay), holidays: [] });
const madridNights = new BusinessCalendar({ timeZone: 'Europe/Madrid', week: Array(7).fill([[0, 240]]), holidays: [] });
const canary = new BusinessCalendar({ timeZone: 'Atlantic/Canary', week: [friday, friday, friday, friday, friday, [], []], holidays: ['2027-05-31'] });

type AddRow = [string, BusinessCalendar, string, number, Pause[], string | null];

describe('addMinutes: the deadline', () => {
  it.each<AddRow>([
    // Catalonia, split shifts Mon–Fri. Thu 10/09/2026 17:00 CEST; Fri 11/09 is the Diada (regional);
    // pause Mon 14/09 09:00–11:30 waiting for the customer. 960 min:
    // Thu 17:00–18:30 = 90 · Fri holiday · weekend · Mon 08:00–09:00 = 60 (150) · paused ·
    // 11:30–14:00 = 150 (300) · 15:30–18:30 = 180 (480) · Tue 08:00–14:00 = 360 (840) · 15:30 + 120 = 17:30 CEST.
    ['regional holiday + weekend + pause', catalonia, '2026-09-10T15:00:00Z', 960, [{ from: ms('2026-09-14T07:00:00Z'), to: ms('2026-09-14T09:30:00Z') }], '2026-09-15T15:30:00Z'],
    // Without the pause: Thu 90 · Mon 360 (450) · 180 (630) · Tue 08:00 + 330 = 13:30 CEST.
    ['same without the pause: Tue 13:30 CEST', catalonia, '2026-09-10T15:00:00Z', 960, [], '2026-09-15T11:30:00Z'],
    ['the Diada alone: Thu 18:00 + 60 → Mon 08:30', catalonia, '2026-09-10T16:00:00Z', 60, [], '2026-09-14T06:30:00Z'],
    // Madrid split shift, Mon 14/12/2026 13:00 CET + 480: 13–14 = 60 · 15:30–18:30 = 180 (240) · Tue 08:00–12:00 = 240.
    ['split shift across the night', madrid(), '2026-12-14T12:00:00Z', 480, [], '2026-12-15T11:00:00Z'],
    ['national holiday Tue 08/12 skipped', madrid(['2026-12-08']), '2026-12-07T12:00:00Z', 480, [], '2026-12-09T11:00:00Z'],
    ['national + local holiday (Wed 09/12 by hand)', madrid(['2026-12-08', '2026-12-09']), '2026-12-07T12:00:00Z', 480, [], '2026-12-10T11:00:00Z'],
    ['filling the morning ends at 14:00, not at 15:30', madrid(), '2026-12-14T07:00:00Z', 360, [], '2026-12-14T13:00:00Z'],
    ['from the lunch break: 14:30 + 30 → 16:00', madrid(), '2026-12-14T13:30:00Z', 30, [], '2026-12-14T15:00:00Z'],
    ['from 13:30 + 60 → 16:00 (30 before lunch, 30 after)', madrid(), '2026-12-14T12:30:00Z', 60, [], '2026-12-14T15:00:00Z'],
    ['short Friday: Fri 14:00 + 120 → Mon 09:00', madrid(), '2026-12-11T13:00:00Z', 120, [], '2026-12-14T08:00:00Z'],
    ['from Saturday: starts Monday 08:00', madrid(), '2026-12-12T10:00:00Z', 90, [], '2026-12-14T08:30:00Z'],
    ['zero minutes is the start itself', madrid(), '2026-12-12T10:00:00Z', 0, [], '2026-12-12T10:00:00Z'],
    ['pause before the start changes nothing', madrid(), '2026-12-14T08:00:00Z', 60, [{ from: ms('2026-12-10T08:00:00Z'), to: ms('2026-12-11T08:00:00Z') }], '2026-12-14T09:00:00Z'],
    ['two pauses, one outside working hours', madrid(), '2026-12-14T08:00:00Z', 120, [{ from: ms('2026-12-14T09:00:00Z'), to: ms('2026-12-14T09:30:00Z') }, { from: ms('2026-12-14T13:05:00Z'), to: ms('2026-12-14T14:00:00Z') }], '2026-12-14T10:30:00Z'],
    ['a pause still running: no deadline', madrid(), '2026-12-14T08:00:00Z', 120, [{ from: ms('2026-12-14T09:00:00Z'), to: null }], null],
    ['a running pause that starts after the deadline', madrid(), '2026-12-14T08:00:00Z', 60, [{ from: ms('2026-12-14T10:00:00Z'), to: null }], '2026-12-14T09:00:00Z'],
    // DST, spring: Sun 29/03/2026 02:00 CET → 03:00 CEST.
    // Fri 27/03 16:00 CET + 120 (09–17): Fri 16–17 = 60, Mon 30/03 09:00–10:00 CEST = 08:00Z (not 09:00Z).
    ['office hours over the spring change', madrid9to5, '2026-03-27T15:00:00Z', 120, [], '2026-03-30T08:00:00Z'],
    // 24×7 from Sat 28/03 22:00 CET + 360: 22–24 = 120, 00–02 = 120, 03–05 = 120 → 05:00 CEST = 03:00Z (6 real hours).
    ['24×7 over the spring gap', madrid24x7, '2026-03-28T21:00:00Z', 360, [], '2026-03-29T03:00:00Z'],
    // DST, autumn: Sun 25/10/2026 03:00 CEST → 02:00 CET. 24×7 from Sat 24/10 23:00 CEST (21:00Z) + 240:
    // 23–24 = 60, 00:00–02:00 CEST = 120 (180), 02:00–03:00 CEST = 60 (240) → 01:00Z, i.e. the first 03:00 = the second 02:00 CET.
    ['24×7 over the autumn repeat', madrid24x7, '2026-10-24T21:00:00Z', 240, [], '2026-10-25T01:00:00Z'],
    // Office hours Fri 23/10 16:00 CEST (14:00Z) + 120: Fri 16–17 = 60, Mon 26/10 09:00–10:00 CET = 09:00Z.
    ['office hours over the autumn change', madrid9to5, '2026-10-23T14:00:00Z', 120, [], '2026-10-26T09:00:00Z'],
    // Canary Islands (WET/WEST), 08:00–15:00 Mon–Fri. Fri 27/11/2026 14:00 WET + 120 → Mon 30/11 09:00 WET = 09:00Z
    // (the same wall clock in Madrid would be 08:00Z).
    ['Atlantic/Canary in winter', canary, '2026-11-27T14:00:00Z', 120, [], '2026-11-30T09:00:00Z'],
    // Thu 16/07/2026 14:30 WEST (13:30Z) + 60: 14:30–15:00 = 30, Fri 08:00–08:30 WEST = 07:30Z.
    ['Atlantic/Canary in summer', canary, '2026-07-16T13:30:00Z', 60, [], '2026-07-17T07:30:00Z'],
    // Fri 28/05/2027 14:00 WEST + 120: 14–15 = 60 · weekend · Mon 31/05 a holiday (by hand) · Tue 01/06 08:00–09:00 WEST = 08:00Z.
    ['Atlantic/Canary with a holiday on Monday', canary, '2027-05-28T13:00:00Z', 120, [], '2027-06-01T08:00:00Z'],
  ])('%s', (_name, cal, start, minutes, pauses, expected) => {
    expect(iso(cal.addMinutes(ms(start), minutes, pauses))).toBe(expected);
  });
});

type BetweenRow = [string, BusinessCalendar, string, string, Pause[], number];

describe('minutesBetween: business time used', () => {
  it.each<BetweenRow>([
    ['Fri 14:00 → Mon 09:00 (short Friday)', madrid(), '2026-12-11T13:00:00Z', '2026-12-14T08:00:00Z', [], 120],
    ['13:00 → 16:00 over lunch', madrid(), '2026-12-14T12:00:00Z', '2026-12-14T15:00:00Z', [], 90],
    ['a whole split-shift week', madrid(), '2026-12-14T00:00:00Z', '2026-12-21T00:00:00Z', [], 4 * 540 + 420],
    ['the week with a national holiday (Tue 08/12)', madrid(['2026-12-08']), '2026-12-07T00:00:00Z', '2026-12-14T00:00:00Z', [], 3 * 540 + 420],
    ['Diada week in Catalonia (Fri off)', catalonia, '2026-09-07T00:00:00Z', '2026-09-14T00:00:00Z', [], 4 * 540],
    ['paused 09:00–11:30 of a Monday', catalonia, '2026-09-14T06:00:00Z', '2026-09-14T12:00:00Z', [{ from: ms('2026-09-14T07:00:00Z'), to: ms('2026-09-14T09:30:00Z') }], 360 - 150],
    ['a running pause counts nothing after its start', catalonia, '2026-09-14T06:00:00Z', '2026-09-14T12:00:00Z', [{ from: ms('2026-09-14T07:00:00Z'), to: null }], 60],
    ['backwards is zero', madrid(), '2026-12-14T15:00:00Z', '2026-12-14T12:00:00Z', [], 0],
    ['24×7: the spring Sunday has 23 hours', madrid24x7, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', [], 23 * 60],
    ['24×7: the autumn Sunday has 25 hours', madrid24x7, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', [], 25 * 60],
    ['24×7: the DST week Mon–Mon is 167 real hours', madrid24x7, '2026-03-22T23:00:00Z', '2026-03-29T22:00:00Z', [], 167 * 60],
    ['office hours Mon 23/03 → Tue 31/03 over the change: 6 × 8 h', madrid9to5, '2026-03-23T00:00:00Z', '2026-03-31T00:00:00Z', [], 6 * 480],
    ['night shift 00:00–04:00 on the spring Sunday is 3 real hours', madridNights, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', [], 180],
    ['night shift 00:00–04:00 on the autumn Sunday is 5 real hours', madridNights, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', [], 300],
    ['Canary Monday 08:00–15:00 WET', canary, '2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z', [], 420],
  ])('%s', (_name, cal, from, to, pauses, expected) => {
    expect(cal.minutesBetween(ms(from), ms(to), pauses)).toBe(expected);
  });
});

describe('wall time ↔ instant (Intl)', () => {
  it.each([
    ['Europe/Madrid', '2026-03-29', 120, '2026-03-29T01:00:00Z'], // 02:00 does not exist → 03:00 CEST
    ['Europe/Madrid', '2026-03-29', 150, '2026-03-29T01:30:00Z'], // 02:30 → 03:30 CEST
    ['Europe/Madrid', '2026-10-25', 150, '2026-10-25T00:30:00Z'], // 02:30 happens twice → the first (CEST)
    ['Europe/Madrid', '2026-07-01', 480, '2026-07-01T06:00:00Z'],
    ['Atlantic/Canary', '2026-07-01', 480, '2026-07-01T07:00:00Z'],
    ['Atlantic/Canary', '2026-01-15', 480, '2026-01-15T08:00:00Z'],
  ])('%s %s minute %i', (tz, date, minute, expected) => {
    expect(new Date(wallToInstant(tz, dayNumber(date), minute)).toISOString()).toBe(expected.replace('Z', '.000Z'));
  });
  it('reads the local wall time of an instant', () => {
    expect(instantToWall('Atlantic/Canary', ms('2026-11-27T14:00:00Z'))).toEqual({ date: '2026-11-27', minute: 14 * 60 });
    expect(instantToWall('Europe/Madrid', ms('2026-11-27T23:30:00Z'))).toEqual({ date: '2026-11-28', minute: 30 });
  });
});

describe('add and count agree', () => {
  // A deterministic sweep: for many starts and lengths, counting from the start to the deadline gives the length back.
  const cals = [madrid(['2026-12-08']), catalonia, madrid24x7, canary, madrid9to5];
  it.each(cals.map((c, i) => [i, c] as const))('calendar %i', (_i, cal) => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 2000; k++) {
      const start = ms('2026-01-01T00:00:00Z') + Math.floor(rnd() * 360 * 1440) * 60_000;
      const minutes = Math.floor(rnd() * 5000);
      const pauses: Pause[] = rnd() < 0.5 ? [] : [{ from: start + Math.floor(rnd() * 3 * 1440) * 60_000, to: start + Math.floor((3 + rnd() * 3) * 1440) * 60_000 }];
      const due = cal.addMinutes(start, minutes, pauses);
      expect(due).not.toBeNull();
      expect(cal.minutesBetween(start, due as number, pauses)).toBe(minutes);
    }
  });
});

describe('bad calendars are refused', () => {
  it.each([
    ['unknown zone', { timeZone: 'Europe/Atlantis', week: Array(7).fill([]), holidays: [] }],
    ['six days', { timeZone: 'Europe/Madrid', week: Array(6).fill([]), holidays: [] }],
    ['shift ending before it starts', { timeZone: 'Europe/Madrid', week: [[[600, 500]], [], [], [], [], [], []], holidays: [] }],
  ])('%s', (_n, spec) => {
    expect(() => new BusinessCalendar(spec as never)).toThrow(RangeError);
  });
  it('a calendar without hours cannot give a deadline', () => {
    const none = new BusinessCalendar({ timeZone: 'Europe/Madrid', week: Array(7).fill([]), holidays: [] });
    expect(() => none.addMinutes(ms('2026-01-01T00:00:00Z'), 10)).toThrow(RangeError);
    expect(none.minutesBetween(ms('2026-01-01T00:00:00Z'), ms('2026-02-01T00:00:00Z'))).toBe(0);
  });
});

describe('speed', () => {
  it('computes 100,000 deadlines in well under a second once the calendar is warm', () => {
    const cal = madrid(['2026-12-08']);
    const base = ms('2026-11-02T07:00:00Z');
    cal.addMinutes(base, 100_000); // warm the day cache over the range used below
    const started = performance.now();
    let sink = 0;
    for (let i = 0; i < 100_000; i++) sink += cal.addMinutes(base + (i % 40_000) * 60_000, 60 + (i % 1440)) as number;
    const elapsed = performance.now() - started;
    expect(sink).toBeGreaterThan(0);
    console.log(`business clock: 100,000 deadlines in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(1000);
  });
});
