/**
 * The pure rules of incoming calls, kept apart from the database so they are tested table-driven
 * (calls.rules.test.ts): who a call is from, who it is for, when it counts as pending now.
 */

export type FromInput = {
  customerId?: string | null;
  contactId?: string | null;
  phone?: string | null;
  taxId?: string | null;
  serialNumber?: string | null;
};

const present = (v: string | null | undefined) => typeof v === 'string' && v.trim() !== '';

/** "From" needs at least one of customer, contact, phone, tax id or serial number. */
export function hasFrom(from: FromInput): boolean {
  return present(from.customerId) || present(from.contactId) || present(from.phone) || present(from.taxId) || present(from.serialNumber);
}

export type Destination = { toUserId: number | null; toGroupId: number | null };

export type DestinationChoice =
  | { ok: true; destination: Destination; fromPreferences: boolean }
  | { ok: false; field: 'toUserId' | 'toGroupId'; code: 'one_of_user_group' | 'call_destination_required' };

/**
 * "To" is one user or one group. What the request names wins; otherwise the caller's preference
 * (a user or a group); with neither, the request is refused naming `toUserId`.
 */
export function chooseDestination(
  given: { toUserId?: string | null; toGroupId?: string | null },
  preferences: { defaultToUserId: string | null; defaultToGroupId: string | null },
): DestinationChoice {
  if (given.toUserId && given.toGroupId) return { ok: false, field: 'toUserId', code: 'one_of_user_group' };
  if (given.toUserId) return { ok: true, destination: { toUserId: Number(given.toUserId), toGroupId: null }, fromPreferences: false };
  if (given.toGroupId) return { ok: true, destination: { toUserId: null, toGroupId: Number(given.toGroupId) }, fromPreferences: false };
  if (preferences.defaultToUserId) return { ok: true, destination: { toUserId: Number(preferences.defaultToUserId), toGroupId: null }, fromPreferences: true };
  if (preferences.defaultToGroupId) return { ok: true, destination: { toUserId: null, toGroupId: Number(preferences.defaultToGroupId) }, fromPreferences: true };
  return { ok: false, field: 'toUserId', code: 'call_destination_required' };
}

/** A call is pending exactly while it has no finish stamp — whatever its status says. */
export function isPending(call: { finishedAt: string | null }): boolean {
  return call.finishedAt === null;
}

/** Postponed: pending and its postponement has not yet come. It comes back by itself afterwards. */
export function isPostponed(call: { finishedAt: string | null; postponedUntil: string | null }, now: string): boolean {
  return isPending(call) && call.postponedUntil !== null && call.postponedUntil > now;
}

/** In the "pending now" lists: pending and not postponed into the future. */
export function isPendingNow(call: { finishedAt: string | null; postponedUntil: string | null }, now: string): boolean {
  return isPending(call) && !isPostponed(call, now);
}

/** A postponement must be for a later moment than now. */
export function isFuture(until: string, now: string): boolean {
  return new Date(until).getTime() > new Date(now).getTime();
}

/** The rank of a call without a priority: after every priority in "most urgent first". */
export const NO_PRIORITY_RANK = 1_000_000;

export type PriorityFacts = {
  /** What the agent chose (already checked to be an active code). */
  given: string | null;
  /** The priority of the contract covering the unit the call names, if any. */
  unitContract: string | null;
  /** The priorities of the customer's contracts in force. */
  customerContracts: string[];
  /** The priorities catalog's default entry. */
  fallback: string | null;
};

export type PriorityChoice = { code: string | null; rank: number; source: 'given' | 'unit-contract' | 'customer-contract' | 'default' | 'none' };

/**
 * The priority a new call takes: what the agent chose; else the contract's (what the customer pays
 * for) — the contract covering the named unit, else the most urgent of the customer's contracts in
 * force; else the catalog's default; else none: a call is never refused for want of a priority.
 * Retired or unknown codes on a contract are passed over. The rank is the entry's sort order.
 */
export function choosePriority(f: PriorityFacts, entries: ReadonlyMap<string, { active: boolean; sortOrder: number }>): PriorityChoice {
  const usable = (code: string | null): code is string => code !== null && entries.get(code)?.active === true;
  const rank = (code: string) => entries.get(code)!.sortOrder;
  if (f.given !== null && entries.has(f.given)) return { code: f.given, rank: rank(f.given), source: 'given' };
  if (usable(f.unitContract)) return { code: f.unitContract, rank: rank(f.unitContract), source: 'unit-contract' };
  const fromContracts = f.customerContracts.filter(usable).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
  if (fromContracts) return { code: fromContracts, rank: rank(fromContracts), source: 'customer-contract' };
  if (usable(f.fallback)) return { code: f.fallback, rank: rank(f.fallback), source: 'default' };
  return { code: null, rank: NO_PRIORITY_RANK, source: 'none' };
}

/** How long after finishing a call the user who finished it may undo it (the toast's "Deshacer"). */
export const UNDO_FINISH_SECONDS = 60;

/**
 * Who may reopen a finished call: a supervisor (who sees every call) at any time; the user who
 * finished it with the Finish button, within UNDO_FINISH_SECONDS (undo). A call an action finished
 * is reopened by a supervisor only. A pending call cannot be reopened.
 */
export function reopenCheck(
  call: { finishedAt: string | null; finishedBy: number | null; finishedByActionType: string | null },
  actor: { userId: number; supervisor: boolean },
  now: string,
): 'ok' | 'call_not_finished' | 'call_reopen_supervisors_only' {
  if (call.finishedAt === null) return 'call_not_finished';
  if (actor.supervisor) return 'ok';
  const withinUndo = new Date(now).getTime() - new Date(call.finishedAt).getTime() <= UNDO_FINISH_SECONDS * 1000;
  if (call.finishedByActionType === null && call.finishedBy === actor.userId && withinUndo) return 'ok';
  return 'call_reopen_supervisors_only';
}

/** What the inbox counter (`call_inbox_counts`) knows of a call: its destination and whether it is pending. */
export type InboxState = { toUserId: number | null; toGroupId: number | null; pending: boolean };

/** The counter key of a destination: `u:<user id>` or `g:<group id>` (null without one). */
export function inboxDest(s: Pick<InboxState, 'toUserId' | 'toGroupId'>): string | null {
  if (s.toUserId !== null) return `u:${s.toUserId}`;
  if (s.toGroupId !== null) return `g:${s.toGroupId}`;
  return null;
}

/**
 * How the pending counters change when a call goes from `before` (null: a new call) to `after`:
 * −1 where it was pending, +1 where it is pending, a destination that nets to zero left out, in key
 * order (so concurrent writers lock the counter rows alike).
 */
export function inboxDeltas(before: InboxState | null, after: InboxState): Array<{ dest: string; pending: number }> {
  const d = new Map<string, number>();
  const add = (s: InboxState | null, n: number) => {
    const key = s?.pending ? inboxDest(s) : null;
    if (key) d.set(key, (d.get(key) ?? 0) + n);
  };
  add(before, -1);
  add(after, 1);
  return [...d]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dest, pending]) => ({ dest, pending }));
}
