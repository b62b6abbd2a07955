/**
 * Object-level rules: beyond what a role may do in general (roles.ts, checked on every route),
 * what it may do to a given record. One place, pure, shared with the web so it hides what the
 * server would refuse. Services call these instead of keeping their own role sets.
 */
import type { Role } from './roles.ts';

export const POLICIES = {
  /** See and count everyone's calls, not only those for me and my groups. */
  'calls.seeAll': ['admin', 'supervisor'],
  /** Correct or remove a time entry someone else recorded for someone else. */
  'time.editOthers': ['admin', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Policy = keyof typeof POLICIES;

export function may(role: string, policy: Policy): boolean {
  return (POLICIES[policy] as readonly string[]).includes(role);
}

type Actor = { userId: string | number; role: string };
const same = (a: string | number | null | undefined, b: string | number) => a !== null && a !== undefined && String(a) === String(b);

/** Everyone's calls, or only mine and my groups'. */
export function maySeeAllCalls(actor: Pick<Actor, 'role'>): boolean {
  return may(actor.role, 'calls.seeAll');
}

/** A time entry may be changed by the employee it is for, by whoever recorded it, or by a supervisor. */
export function mayChangeTimeEntry(actor: Actor, entry: { userId: string | number; createdBy: string | number | null }): boolean {
  return same(entry.userId, actor.userId) || same(entry.createdBy, actor.userId) || may(actor.role, 'time.editOthers');
}
