import { describe, expect, it } from 'vitest';
import { ROLES } from './roles.ts';
import { callListScope, mayChangeTimeEntry, mayRecordFor, maySeeAllCalls } from './policies.ts';

describe('policies', () => {
  it.each(ROLES.map((role) => [role, role === 'admin' || role === 'supervisor'] as const))('%s sees everyone’s calls: %s', (role, expected) => {
    expect(maySeeAllCalls({ role })).toBe(expected);
  });

  it.each([
    ['the employee it is for', { userId: 7, role: 'agent' }, { userId: '7', createdBy: '9' }, true],
    ['whoever recorded it', { userId: 9, role: 'technician' }, { userId: '7', createdBy: '9' }, true],
    ['another agent', { userId: 3, role: 'agent' }, { userId: '7', createdBy: '9' }, false],
    ['another agent, no recorder', { userId: 3, role: 'agent' }, { userId: '7', createdBy: null }, false],
    ['a supervisor', { userId: 3, role: 'supervisor' }, { userId: '7', createdBy: '9' }, true],
    ['an administrator', { userId: 3, role: 'admin' }, { userId: '7', createdBy: null }, true],
    ['read-only', { userId: 3, role: 'readonly' }, { userId: '7', createdBy: '9' }, false],
  ] as const)('a time entry may be changed by %s: %s', (_who, actor, entry, expected) => {
    expect(mayChangeTimeEntry(actor, entry)).toBe(expected);
  });

  it.each([
    ['oneself, as an agent', { userId: 7, role: 'agent' }, '7', true],
    ['someone else, as an agent', { userId: 7, role: 'agent' }, '8', false],
    ['someone else, as a technician', { userId: 7, role: 'technician' }, 8, false],
    ['someone else, as a supervisor', { userId: 7, role: 'supervisor' }, '8', true],
    ['someone else, as an administrator', { userId: 7, role: 'admin' }, '8', true],
  ] as const)('work is recorded for %s: %s', (_who, actor, userId, expected) => {
    expect(mayRecordFor(actor, userId)).toBe(expected);
  });

  it.each([
    ['agent, now', 'agent', { view: 'now' }, { mine: true, refused: false }],
    ['agent, now, everyone', 'agent', { view: 'now', mine: false }, { mine: true, refused: true }],
    ['agent, all pending', 'agent', { view: 'all', pending: true }, { mine: true, refused: false }],
    ['agent, all pending, everyone', 'agent', { view: 'all', pending: true, mine: false }, { mine: true, refused: true }],
    ['agent, postponed, everyone', 'agent', { view: 'postponed', mine: false }, { mine: true, refused: true }],
    ['agent, history', 'agent', { view: 'all' }, { mine: false, refused: false }],
    ['agent, finished', 'agent', { view: 'finished' }, { mine: false, refused: false }],
    ['agent, history, mine', 'agent', { view: 'all', mine: true }, { mine: true, refused: false }],
    ['supervisor, now', 'supervisor', { view: 'now' }, { mine: true, refused: false }],
    ['supervisor, now, everyone', 'supervisor', { view: 'now', mine: false }, { mine: false, refused: false }],
    ['supervisor, all pending', 'supervisor', { view: 'all', pending: true }, { mine: false, refused: false }],
    ["agent, one customer's pending", 'agent', { view: 'all', pending: true, oneRecord: true }, { mine: false, refused: false }],
    ["agent, one customer's pending, mine", 'agent', { view: 'all', pending: true, oneRecord: true, mine: true }, { mine: true, refused: false }],
  ] as const)('call list scope: %s', (_name, role, q, expected) => {
    expect(callListScope({ role }, q)).toEqual(expected);
  });
});
