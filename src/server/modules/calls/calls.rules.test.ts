import { describe, expect, it } from 'vitest';
import { chooseDestination, hasFrom, isFuture, isPending, isPendingNow, isPostponed, localDayStartUtc, nextDay, zoneOffsetMinutes } from './calls.rules.ts';

describe('hasFrom: at least one of customer, contact, phone, tax id, serial', () => {
  it.each([
    [{}, false],
    [{ customerId: null, contactId: null, phone: null, taxId: null, serialNumber: null }, false],
    [{ phone: '   ' }, false],
    [{ customerId: '' }, false],
    [{ customerId: '1' }, true],
    [{ contactId: '7' }, true],
    [{ phone: '912345678' }, true],
    [{ taxId: 'B12345678' }, true],
    [{ serialNumber: 'SN-1' }, true],
  ])('%j → %s', (input, expected) => {
    expect(hasFrom(input)).toBe(expected);
  });
});

describe('chooseDestination: one user or one group, defaulting from preferences', () => {
  const none = { defaultToUserId: null, defaultToGroupId: null };
  it.each([
    [{ toUserId: '1', toGroupId: '2' }, none, { ok: false, field: 'toUserId', code: 'one_of_user_group' }],
    [{ toUserId: '1' }, { defaultToUserId: null, defaultToGroupId: '9' }, { ok: true, destination: { toUserId: 1, toGroupId: null }, fromPreferences: false }],
    [{ toGroupId: '2' }, { defaultToUserId: '5', defaultToGroupId: null }, { ok: true, destination: { toUserId: null, toGroupId: 2 }, fromPreferences: false }],
    [{}, { defaultToUserId: '5', defaultToGroupId: null }, { ok: true, destination: { toUserId: 5, toGroupId: null }, fromPreferences: true }],
    [{ toUserId: null }, { defaultToUserId: null, defaultToGroupId: '9' }, { ok: true, destination: { toUserId: null, toGroupId: 9 }, fromPreferences: true }],
    [{}, none, { ok: false, field: 'toUserId', code: 'call_destination_required' }],
  ])('%j with %j', (given, prefs, expected) => {
    expect(chooseDestination(given, prefs)).toEqual(expected);
  });
});

describe('pending, postponed, pending now', () => {
  const now = '2026-11-22T10:00:00.000Z';
  it.each([
    // finishedAt, postponedUntil, pending, postponed, pendingNow
    [null, null, true, false, true],
    [null, '2026-11-22T12:00:00.000Z', true, true, false],
    [null, '2026-11-22T10:00:00.000Z', true, false, true],
    [null, '2026-11-22T09:00:00.000Z', true, false, true],
    ['2026-11-22T09:30:00.000Z', null, false, false, false],
    ['2026-11-22T09:30:00.000Z', '2026-11-23T09:00:00.000Z', false, false, false],
  ])('finished %s, postponed until %s', (finishedAt, postponedUntil, pending, postponed, pendingNow) => {
    const call = { finishedAt, postponedUntil };
    expect(isPending(call)).toBe(pending);
    expect(isPostponed(call, now)).toBe(postponed);
    expect(isPendingNow(call, now)).toBe(pendingNow);
  });

  it.each([
    ['2026-11-22T10:00:00.001Z', true],
    ['2026-11-22T11:00:00+01:00', false],
    ['2026-11-22T11:00:01+01:00', true],
    ['2026-11-21T23:00:00Z', false],
  ])('isFuture(%s)', (until, expected) => {
    expect(isFuture(until, now)).toBe(expected);
  });
});

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
    expect(localDayStartUtc(date, tz)).toBe(expected);
  });

  it('knows the Madrid offset in winter and summer', () => {
    expect(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Europe/Madrid')).toBe(60);
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Europe/Madrid')).toBe(120);
  });

  it.each([
    ['2026-11-22', '2026-11-23'],
    ['2026-12-31', '2027-01-01'],
    ['2028-02-28', '2028-02-29'],
  ])('the day after %s is %s', (d, next) => {
    expect(nextDay(d)).toBe(next);
  });
});
