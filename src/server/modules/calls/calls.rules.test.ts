import { describe, expect, it } from 'vitest';
import { chooseDestination, choosePriority, reopenCheck, hasFrom, NO_PRIORITY_RANK, isFuture, isPending, isPendingNow, isPostponed, inboxDeltas, type InboxState } from './calls.rules.ts';

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

describe('choosePriority: chosen, else the contract\'s, else the default, else none', () => {
  const entries = new Map([
    ['P1', { active: true, sortOrder: 10 }],
    ['P2', { active: true, sortOrder: 20 }],
    ['P3', { active: true, sortOrder: 30 }],
    ['OLD', { active: false, sortOrder: 5 }],
  ]);
  const none = { given: null, unitContract: null, customerContracts: [], fallback: null };
  it.each([
    ['nothing configured', none, { code: null, rank: NO_PRIORITY_RANK, source: 'none' }],
    ['the default', { ...none, fallback: 'P3' }, { code: 'P3', rank: 30, source: 'default' }],
    ['what the agent chose wins over the contract', { ...none, given: 'P3', unitContract: 'P1', fallback: 'P2' }, { code: 'P3', rank: 30, source: 'given' }],
    ["the unit's contract wins over the customer's", { ...none, unitContract: 'P2', customerContracts: ['P1'], fallback: 'P3' }, { code: 'P2', rank: 20, source: 'unit-contract' }],
    ['the most urgent of the contracts in force', { ...none, customerContracts: ['P3', 'P1', 'P2'], fallback: 'P3' }, { code: 'P1', rank: 10, source: 'customer-contract' }],
    ['a retired priority on a contract is passed over', { ...none, unitContract: 'OLD', customerContracts: ['OLD', 'P2'], fallback: 'P3' }, { code: 'P2', rank: 20, source: 'customer-contract' }],
    ['an unknown code on a contract is passed over', { ...none, unitContract: 'ZZ', fallback: 'P3' }, { code: 'P3', rank: 30, source: 'default' }],
    ['a retired default gives none', { ...none, fallback: 'OLD' }, { code: null, rank: NO_PRIORITY_RANK, source: 'none' }],
  ])('%s', (_name, facts, expected) => {
    expect(choosePriority(facts, entries)).toEqual(expected);
  });
});

describe('reopenCheck: supervisors reopen; the one who finished it may undo for a minute', () => {
  const now = '2026-11-30T10:00:00.000Z';
  const finished = (over: Record<string, unknown> = {}) => ({ finishedAt: '2026-11-30T09:59:30.000Z', finishedBy: 7, finishedByActionType: null, ...over });
  it.each([
    ['a pending call', { finishedAt: null, finishedBy: null, finishedByActionType: null }, { userId: 1, supervisor: true }, 'call_not_finished'],
    ['a supervisor, any finished call', finished({ finishedAt: '2020-01-01T00:00:00.000Z' }), { userId: 1, supervisor: true }, 'ok'],
    ['a supervisor, a call an action finished', finished({ finishedByActionType: 'activity' }), { userId: 1, supervisor: true }, 'ok'],
    ['who finished it, 30 s later (undo)', finished(), { userId: 7, supervisor: false }, 'ok'],
    ['who finished it, exactly 60 s later', finished({ finishedAt: '2026-11-30T09:59:00.000Z' }), { userId: 7, supervisor: false }, 'ok'],
    ['who finished it, 61 s later', finished({ finishedAt: '2026-11-30T09:58:59.000Z' }), { userId: 7, supervisor: false }, 'call_reopen_supervisors_only'],
    ['someone else, at once', finished(), { userId: 8, supervisor: false }, 'call_reopen_supervisors_only'],
    ['who created the action that finished it', finished({ finishedByActionType: 'activity' }), { userId: 7, supervisor: false }, 'call_reopen_supervisors_only'],
  ])('%s', (_name, call, actor, expected) => {
    expect(reopenCheck(call as never, actor, now)).toBe(expected);
  });
});

describe('inboxDeltas: how the pending counters per destination change with a call', () => {
  const user = (id: number, pending = true): InboxState => ({ toUserId: id, toGroupId: null, pending });
  const group = (id: number, pending = true): InboxState => ({ toUserId: null, toGroupId: id, pending });
  it.each([
    ['a new pending call for a user', null, user(7), [{ dest: 'u:7', pending: 1 }]],
    ['a new pending call for a group', null, group(3), [{ dest: 'g:3', pending: 1 }]],
    ['a new call registered finished', null, user(7, false), []],
    ['finished', user(7), user(7, false), [{ dest: 'u:7', pending: -1 }]],
    ['reopened', group(3, false), group(3), [{ dest: 'g:3', pending: 1 }]],
    ['sent to another user (reassigned, postponed to someone)', user(7), user(12), [{ dest: 'u:12', pending: 1 }, { dest: 'u:7', pending: -1 }]],
    ['sent from a user to a group', user(7), group(3), [{ dest: 'g:3', pending: 1 }, { dest: 'u:7', pending: -1 }]],
    ['sent to the same destination (type changed, postponed to the same user)', user(7), user(7), []],
    ['a finished call sent elsewhere', user(7, false), group(3, false), []],
    ['keys in order whatever the direction', group(9), user(1), [{ dest: 'g:9', pending: -1 }, { dest: 'u:1', pending: 1 }]],
  ])('%s', (_name, before, after, expected) => {
    expect(inboxDeltas(before, after)).toEqual(expected);
  });
});
