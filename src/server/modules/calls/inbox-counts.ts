/**
 * The inbox's pending counters (`call_inbox_counts`): per destination, the sum of rows of +n/−n
 * written in each call's own transaction through the calls hooks (call-hooks.ts) this area declares
 * in its manifest:
 * - registration: a +1 row as a companion of the call's insert (db/companions.ts), so it shares the
 *   group commit — no statement of its own on PostgreSQL (a CTE of the group's one statement);
 * - finish, reopen, change of destination (PATCH, postpone, bulk reassign, an action finishing the
 *   call): the difference, inserted.
 * Writers only insert, so none waits for another's counter row (a hot agent's row would serialise
 * every registration for them) and none can deadlock with the calls or the report summaries. The
 * `calls-inbox-fold` job folds each destination's rows into one, so the badge sums a handful.
 * `atiende calls recount` (recountInbox) recomputes them from the calls, e.g. after calls were
 * changed in the database by hand.
 */
import { type Ctx, tx } from '../../context.ts';
import type { Job } from '../area.ts';
import type { CallHooks, CallSnapshot } from './call-hooks.ts';
import * as repo from './calls.repository.ts';
import { inboxDeltas, type InboxState } from './calls.rules.ts';

const stateOf = (c: CallSnapshot): InboxState => ({ toUserId: c.toUserId, toGroupId: c.toGroupId, pending: c.finishedAt === null });

export const inboxCountHooks: CallHooks = {
  created: (_ctx, call) => inboxDeltas(null, stateOf(call)).map((row) => ({ table: 'call_inbox_counts', row })),
  changed: (ctx, before, after) => repo.addInboxCounts(ctx.db, inboxDeltas(stateOf(before), stateOf(after))),
};

/** Destinations folded per pass (each in its own short transaction). */
const FOLD_BATCH = 500;

/**
 * One pass of the fold: each destination with several rows gets one. Safe with several processes
 * at once (foldInboxDest claims the rows it deletes); answers how many rows were folded.
 */
export async function foldInboxCounts(ctx: Ctx): Promise<number> {
  let folded = 0;
  for (const dest of await repo.inboxDestsToFold(ctx.db, FOLD_BATCH)) folded += await tx(ctx, (c) => repo.foldInboxDest(c.db, dest));
  return folded;
}

export const inboxFoldJob: Job = { name: 'calls-inbox-fold', everyMs: 10_000, run: foldInboxCounts };

/** Recomputes every counter from the calls, in one transaction; answers how many calls are pending. */
export function recountInbox(ctx: Ctx): Promise<number> {
  return tx(ctx, (c) => repo.recountInbox(c.db));
}
