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
  /** Record time and commercial activities in another employee's name. */
  'work.recordForOthers': ['admin', 'supervisor'],
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

/** Time and commercial activities are recorded in one's own name; supervisors record them for anyone. */
export function mayRecordFor(actor: Actor, userId: string | number): boolean {
  return same(userId, actor.userId) || may(actor.role, 'work.recordForOthers');
}

/**
 * Whose pending calls a call list shows: a list of pending calls (the "now" and "postponed" views,
 * or `pending=true` in any view) is an inbox, and an inbox holds my calls and my groups' unless
 * the caller may see everyone's. `mine` is what the list will filter on; `refused` when the caller
 * asked for everyone's (`mine=false`) without the right. Lists that are not only pending calls
 * (the history) show everyone's calls to everyone who may read calls. A list of one customer's or
 * one unit's calls (`oneRecord`) is that record's history, not an inbox: whoever takes the
 * customer's call sees all their pending calls, as the caller identification already counts them.
 */
export function callListScope(
  actor: Pick<Actor, 'role'>,
  q: { view: 'now' | 'postponed' | 'finished' | 'all'; mine?: boolean; pending?: boolean; oneRecord?: boolean },
): { mine: boolean; refused: boolean } {
  const inbox = q.oneRecord !== true && (q.view === 'now' || q.view === 'postponed' || (q.pending === true && q.view !== 'finished'));
  if (!inbox) return { mine: q.mine ?? false, refused: false };
  const mine = q.mine ?? (q.view === 'now' || q.view === 'postponed' || !maySeeAllCalls(actor));
  if (!mine && !maySeeAllCalls(actor)) return { mine: true, refused: true };
  return { mine, refused: false };
}

/** A time entry may be changed by the employee it is for, by whoever recorded it, or by a supervisor. */
export function mayChangeTimeEntry(actor: Actor, entry: { userId: string | number; createdBy: string | number | null }): boolean {
  return same(entry.userId, actor.userId) || same(entry.createdBy, actor.userId) || may(actor.role, 'time.editOthers');
}
