import { describe, expect, it } from 'vitest';
import { ROLES } from './roles.ts';
import { mayChangeTimeEntry, maySeeAllCalls } from './policies.ts';

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
});
