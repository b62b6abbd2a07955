import { describe, expect, it } from 'vitest';
import { addDays, dayRange, formatIsoDate, isIsoDate, localDate, sameTimeDaysBefore, zonedToUtc } from './dates.ts';

describe('local days in a time zone', () => {
  it.each([
    ['2026-11-22', 'Europe/Madrid', '2026-11-21T23:00:00.000Z'],
    ['2026-07-01', 'Europe/Madrid', '2026-06-30T22:00:00.000Z'],
    // the day summer time starts (clocks go forward at 02:00): midnight is still +01:00
    ['2026-03-29', 'Europe/Madrid', '2026-03-28T23:00:00.000Z'],
    // the day after: +02:00
    ['2026-03-30', 'Europe/Madrid', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', 'Europe/Madrid', '2026-10-24T22:00:00.000Z'],
    ['2026-11-22', 'UTC', '2026-11-22T00:00:00.000Z'],
    ['2026-11-22', 'America/New_York', '2026-11-22T05:00:00.000Z'],
    ['2026-11-22', 'Atlantic/Canary', '2026-11-22T00:00:00.000Z'],
  ])('%s in %s starts at %s', (date, tz, expected) => {
    expect(zonedToUtc(date, tz)).toBe(expected);
  });

  it('reads a day range as local midnights, the end exclusive', () => {
    expect(dayRange('2026-11-22', '2026-11-22', 'Europe/Madrid')).toEqual({ from: '2026-11-21T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z' });
    expect(dayRange(undefined, undefined, 'Europe/Madrid')).toEqual({ from: undefined, to: undefined });
  });

  it.each([
    ['2026-11-22T22:59:59Z', 'Europe/Madrid', '2026-11-22'],
    ['2026-11-22T23:00:00Z', 'Europe/Madrid', '2026-11-23'],
    ['2026-11-22T23:30:00Z', 'Atlantic/Canary', '2026-11-22'],
  ])('%s is on %s the local day %s', (instant, tz, day) => {
    expect(localDate(instant, tz)).toBe(day);
  });

  it.each([
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['22/11/2026', false],
    ['2026-11-22', true],
  ])('%s is a calendar date: %s', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });

  it.each([
    ['2026-11-22', '2026-11-23'],
    ['2026-12-31', '2027-01-01'],
    ['2028-02-28', '2028-02-29'],
  ])('the day after %s is %s', (d, next) => {
    expect(addDays(d, 1)).toBe(next);
  });

  it.each([
    ['2027-08-14', 'es', '14/08/2027'],
    ['2027-08-14', 'en', '14/08/2027'],
    ['2026-01-01', 'es', '01/01/2026'],
  ] as const)('writes %s in %s as %s', (date, locale, expected) => {
    expect(formatIsoDate(date, locale)).toBe(expected);
  });
});

describe('localDate, asked again within a minute', () => {
  it('answers each zone its own date, across midnight and a DST change', () => {
    expect(localDate('2026-03-29T00:59:30Z', 'Europe/Madrid')).toBe('2026-03-29');
    expect(localDate('2026-03-29T00:59:40Z', 'America/New_York')).toBe('2026-03-28');
    expect(localDate('2026-03-29T00:59:50Z', 'Europe/Madrid')).toBe('2026-03-29');
    expect(localDate('2026-11-30T22:59:59Z', 'Europe/Madrid')).toBe('2026-11-30');
    expect(localDate('2026-11-30T23:00:00Z', 'Europe/Madrid')).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T22:59:30Z'), 'Europe/Madrid')).toBe('2026-11-30');
    expect(localDate('1900-01-01T00:10:00Z', 'Europe/Madrid')).toBe('1899-12-31');
    expect(() => localDate('not a date', 'Europe/Madrid')).toThrow();
  });
});

describe('the same local time some days before', () => {
  it.each([
    // 23:30 in Madrid (winter), 40 days back is in summer time: 23:30 local is 21:30Z, not 22:30Z (00:30 the next day)
    ['2026-11-30T22:30:00.000Z', 40, 'Europe/Madrid', '2026-10-21T21:30:00.000Z', '2026-10-21'],
    ['2026-11-30T22:30:15.250Z', 1, 'Europe/Madrid', '2026-11-29T22:30:15.250Z', '2026-11-29'],
    // from summer back into winter: 00:30 local (11 April) stays 00:30 (12 March)
    ['2026-04-10T22:30:00.000Z', 30, 'Europe/Madrid', '2026-03-11T23:30:00.000Z', '2026-03-12'],
    ['2026-11-30T23:30:00.000Z', 40, 'Atlantic/Canary', '2026-10-21T22:30:00.000Z', '2026-10-21'],
    ['2026-11-30T22:30:00.000Z', 0, 'Europe/Madrid', '2026-11-30T22:30:00.000Z', '2026-11-30'],
  ])('%s minus %i days in %s is %s (local day %s)', (now, days, tz, expected, day) => {
    const at = sameTimeDaysBefore(new Date(now), days, tz);
    expect(at.toISOString()).toBe(expected);
    expect(localDate(at, tz)).toBe(day);
    expect(localDate(at, tz)).toBe(addDays(localDate(now, tz), -days));
  });
});
