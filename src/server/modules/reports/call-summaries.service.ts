/**
 * The calls summary (`report_call_daily`): kept on write by the calls hooks of this area's manifest,
 * rebuilt on demand (`atiende reports rebuild --only calls`), read by the calls report for a
 * whole-day period with no other filter once built.
 *
 * - Registration: the new call's rows go as `merge` companions of its insert (db/companions.ts), so
 *   they share the call's group commit: one multi-row upsert statement per call on SQLite, none of
 *   its own on PostgreSQL (a CTE of the group's one statement).
 * - A change of type, destination or finish state (the call row locked by its transaction): the
 *   difference of the call's rows before and after, by upsert `n = n + d`.
 * - Rebuild: takes the `calls` lease, empties the table and sets its cursor above the newest call;
 *   then counts the calls downwards in batches, each batch locked in its own transaction. Calls
 *   registered meanwhile are counted by their registration (their ids are above the start); a
 *   change of a call the cursor has passed (id ≥ cursor) is applied, one it has not reached is left
 *   to the batch that will read it (locked, so after the change commits).
 */
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import { tx } from '../../context.ts';
import type { Companion } from '../../db/companions.ts';
import { nowIso } from '../../db/dialect.ts';
import type { CallSnapshot } from '../calls/call-hooks.ts';
import { callSnapshot } from '../calls/call-hooks.ts';
import { callDeltas, periodParts } from './call-summaries.rules.ts';
import * as repo from './reports.repository.ts';
import type { Filters } from './reports.repository.ts';
import { summaryTimeZone } from './summaries.service.ts';

const CONFLICT = ['grain', 'day', 'dim', 'code', 'outcome', 'bucket'];

/** The rows a new call adds, as companions of its insert. */
export function callCreatedCompanions(ctx: Ctx, call: CallSnapshot): Companion[] {
  return callDeltas(null, call, summaryTimeZone(ctx)).map((row) => ({ table: 'report_call_daily', row, merge: { conflict: CONFLICT, add: ['n'] } }));
}

/** Applies a change of a call (inside its transaction) when the summary counts that call now. */
export async function callChangedSummary(ctx: Ctx, before: CallSnapshot, after: CallSnapshot): Promise<void> {
  const rows = callDeltas(before, after, summaryTimeZone(ctx));
  if (!rows.length) return;
  const state = await repo.summaryState(ctx.db, 'calls');
  if (!state) return;
  const counted = state.built_at !== null || (state.lease_by !== null && after.id >= Number(state.next_id));
  if (counted) await repo.addCallDeltas(ctx.db, rows);
}

const LEASE_MS = 5 * 60_000;
const leaseUntil = () => new Date(Date.now() + LEASE_MS).toISOString();

/** Recomputes the calls summary from the calls (safe while the server runs); null when another rebuild holds the lease. */
export async function rebuildCallSummaries(ctx: Ctx, opts: { batch?: number; onBatch?: (done: number, lastId: number) => void } = {}): Promise<{ calls: number; ms: number } | null> {
  const started = Date.now();
  const by = randomUUID();
  const timeZone = summaryTimeZone(ctx);
  const claimed = await tx(ctx, async (c) => {
    const top = (await repo.maxCallId(c.db)) + 1;
    if (!(await repo.claimRebuild(c.db, by, timeZone, nowIso(), leaseUntil(), 'calls', top))) return false;
    await repo.clearCallSummary(c.db);
    return true;
  });
  if (!claimed) return null;
  const batch = opts.batch ?? 5000;
  let cursor = Number((await repo.summaryState(ctx.db, 'calls'))!.next_id);
  let done = 0;
  for (;;) {
    const n = await tx(ctx, async (c) => {
      const rows = (await repo.lockCallsBefore(c.db, cursor, batch)).map(callSnapshot);
      if (!rows.length) return 0;
      const merged = new Map<string, ReturnType<typeof callDeltas>[number]>();
      for (const call of rows) {
        for (const r of callDeltas(null, call, timeZone)) {
          const k = `${r.grain}\u0000${r.day}\u0000${r.dim}\u0000${r.code}\u0000${r.outcome}\u0000${r.bucket}`;
          const had = merged.get(k);
          if (had) had.n += r.n;
          else merged.set(k, r);
        }
      }
      await repo.addCallDeltas(c.db, [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r));
      const next = rows.at(-1)!.id;
      if (!(await repo.advanceRebuild(c.db, by, next, leaseUntil(), 'calls'))) throw new Error('the rebuild lease was taken by another process');
      cursor = next;
      return rows.length;
    });
    if (!n) break;
    done += n;
    opts.onBatch?.(done, cursor);
  }
  await tx(ctx, (c) => repo.finishRebuild(c.db, by, nowIso(), 'calls'));
  return { calls: done, ms: Date.now() - started };
}

export type CallSums = Array<{ dim: string; code: string; outcome: string; bucket: number; n: number }>;

/**
 * The calls summary over the period when it can answer (built, the caller's time zone is the
 * summary's, whole days, no filter but the period), else null: months inside from month rows, the
 * edge days from day rows.
 */
export async function callSummary(ctx: Ctx, f: Filters, timeZone: string): Promise<CallSums | null> {
  if (f.source === 'raw' || !f.fromDate || !f.toDate) return null;
  const others = [f.customerId, f.itemId, f.regionCode, f.ownerUserId, f.groupId, f.typeCode, f.statusCode];
  if (others.some((v) => v !== undefined)) return null;
  const state = await repo.summaryState(ctx.db, 'calls');
  if (!state?.built_at || state.time_zone !== timeZone || state.time_zone !== summaryTimeZone(ctx)) return null;
  const parts = periodParts(f.fromDate, f.toDate);
  const reads = [
    ...(parts.months ? [repo.callSummarySums(ctx.db, 'm', parts.months[0], parts.months[1])] : []),
    ...parts.days.map(([a, b]) => repo.callSummarySums(ctx.db, 'd', a, b)),
  ];
  const sums = new Map<string, CallSums[number]>();
  for (const rows of await Promise.all(reads)) {
    for (const r of rows) {
      const k = `${r.dim}\u0000${r.code}\u0000${r.outcome}\u0000${r.bucket}`;
      const had = sums.get(k);
      if (had) had.n += r.n;
      else sums.set(k, { ...r });
    }
  }
  return [...sums.values()].filter((r) => r.n !== 0);
}
