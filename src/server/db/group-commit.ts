/**
 * Group commit for writes that must run arbitrary statements per request inside their own
 * transaction (an incident's intake: its number from the year's counter, the row, history, audit,
 * search document, the call it finishes, the hooks of other areas). `groupedTx` queues the write part
 * of a request; the writes queued while the previous group was being written then run in ONE
 * transaction (first without savepoints; if one fails, the group is written again with each write
 * inside its own SAVEPOINT: a failing one is undone alone — its counter increment too — and its
 * request gets its error; see `flush`), and one durable COMMIT covers all of them before any of
 * their requests is answered. Durability is the same as one transaction per request; only the number
 * of commits (fsyncs, WAL flushes) drops.
 *
 * - SQLite: with `synchronous=FULL` every COMMIT waits for an fsync, and better-sqlite3 waits on the
 *   main thread: one transaction per request caps the endpoint near the disk's fsync rate. A group's
 *   COMMIT leaves its fsync to libuv's thread pool (dialect.ts transactionDeferringSync); the next
 *   group is written meanwhile and the group's requests are answered after the fsync.
 * - PostgreSQL: writes that all take one row lock (the year's incident counter) would each hold a
 *   pooled connection while they queue on that lock, and a burst (32 intakes at once) starved the
 *   pool: the requests behind them waited for a connection past its 5 s timeout and got 503s. Here
 *   one connection per process writes a group at a time; the lock is taken once per group.
 *
 * One group at a time per database handle; the next gathers meanwhile, so under load groups grow by
 * themselves (up to MAX_GROUP). Calls already inside a transaction simply join it.
 */
import type { Kysely } from 'kysely';
import { type Ctx, type GroupBatch, type GroupEnd, tx } from '../context.ts';
import type { DB } from './schema.ts';
import { syncCommitted, transactionDeferringSync, whenWriteLockFree, withSavepoint } from './dialect.ts';
import { groupTaker } from './group-queue.ts';

type Job = { ctx: Ctx; fn: (ctx: Ctx) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Lane = { queue: Job[]; busy: boolean };

const MAX_GROUP = 64;
/** SQLite: a worker waiting for the write lock is told at this group's COMMIT (dialect.ts, the wake-up). */
const WAKE_PEERS = { wakePeers: true };
const lanes = new WeakMap<object, Map<string, Lane>>();

/**
 * Like `tx`, but shares one durable commit with the other writes of the same `lane` queued meanwhile.
 * Writes that lock different rows first (the counters of two years) go in different lanes, so two
 * processes' groups never take two such locks in opposite orders.
 */
export function groupedTx<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>, laneKey = ''): Promise<T> {
  if (ctx.db.isTransaction) return tx(ctx, fn);
  const db = ctx.db as Kysely<DB>;
  return new Promise<T>((resolve, reject) => {
    let byKey = lanes.get(db);
    if (!byKey) lanes.set(db, (byKey = new Map()));
    let lane = byKey.get(laneKey);
    if (!lane) byKey.set(laneKey, (lane = { queue: [], busy: false }));
    lane.queue.push({ ctx, fn, resolve: resolve as (v: unknown) => void, reject });
    if (!lane.busy) {
      lane.busy = true;
      // The rest of this turn's requests join the first group.
      setImmediate(() => void drain(db, lane));
    }
  });
}

async function drain(db: Kysely<DB>, lane: Lane) {
  try {
    while (lane.queue.length) {
      // SQLite: a peer waiting for the write lock gets its turn first (dialect.ts whenWriteLockFree).
      await whenWriteLockFree(db);
      // Returns at the group's COMMIT: on SQLite its fsync runs off the event loop while the next
      // group is written (dialect.ts transactionDeferringSync); its requests are answered after that fsync.
      await flush(db, lane);
    }
  } finally {
    lane.busy = false;
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A write of a group run without savepoints failed (its error is the cause): the group is written again with them. */
class WriteFailed extends Error {}

/**
 * A group of several writes is first written without a savepoint per write (two statements fewer per
 * write; on PostgreSQL two round trips): the common case, where every write succeeds. If one fails,
 * the whole transaction is rolled back and the group is written again with each write in its own
 * savepoint, so only the failing one's request gets its error. The writes' functions then run twice:
 * each takes its database state from the transaction, and what they queued for after the commit
 * (`afterCommit`) in the first run is dropped.
 *
 * The group's requests are taken from the lane once its transaction has begun (group-queue.ts).
 */
async function flush(db: Kysely<DB>, lane: Lane) {
  const group = groupTaker(lane.queue, MAX_GROUP);
  // What each request had queued for after the commit when the first try began (dropped if it is redone).
  let marks: number[] = [];
  let outcomes: Outcome[] | undefined;
  try {
    try {
      outcomes = await transactionDeferringSync(db, (trx) => {
        const jobs = group.take();
        marks = jobs.map((job) => job.ctx.afterCommit.length);
        // A lone write needs no savepoint: its failure is its own answer.
        return writeGroup(trx, jobs, jobs.length === 1);
      }, WAKE_PEERS);
    } catch (error) {
      if (!(error instanceof WriteFailed)) throw error;
      group.take().forEach((job, i) => job.ctx.afterCommit.splice(marks[i]!));
      await whenWriteLockFree(db);
    }
    outcomes ??= await transactionDeferringSync(db, (trx) => writeGroup(trx, group.take(), true), WAKE_PEERS);
  } catch (error) {
    // One request alone failed, or the group's BEGIN, end or COMMIT itself failed: nothing of the group was saved.
    for (const job of group.failed()) job.reject(error);
    return;
  }
  const answered = outcomes;
  const jobs = group.take();
  void syncCommitted(db).then(
    () => answer(jobs, answered),
    (error: unknown) => {
      for (const job of jobs) job.reject(error);
    },
  );
}

/**
 * The group's writes in order, then the work they left for its end (atGroupEnd), inside one
 * transaction. Without savepoints a failing write fails the whole transaction (WriteFailed); with
 * them (several writes) it is undone alone and answered its error.
 */
async function writeGroup(trx: Kysely<DB>, jobs: Job[], savepoints: boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  // What the group's writes left for its end, kept only for the writes that succeed.
  const atEnd: GroupEnd['batches'] = new Map();
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    const end: GroupEnd = { open: true, batches: new Map() };
    const run = () => job.fn({ ...job.ctx, db: trx, groupEnd: end });
    try {
      if (!savepoints) {
        try {
          outcomes.push({ ok: true, value: await run() });
        } catch (error) {
          throw new WriteFailed('a write of the group failed', { cause: error });
        }
      } else if (jobs.length === 1) outcomes.push({ ok: true, value: await run() });
      else {
        try {
          outcomes.push({ ok: true, value: await withSavepoint(trx, `grouped_${i}`, run) });
        } catch (error) {
          outcomes.push({ ok: false, error });
          continue;
        }
      }
      gather(atEnd, end);
    } finally {
      end.open = false;
    }
  }
  // Once for the whole group, before its COMMIT: if it fails, nothing of the group is saved.
  for (const [batch, { ctx, items }] of atEnd) await (batch as GroupBatch<unknown>).run(ctx, items);
  return outcomes;
}

/** A successful write's batches added to the group's, in the order they were first left. */
function gather(into: GroupEnd['batches'], end: GroupEnd) {
  for (const [batch, { ctx, items }] of end.batches) {
    const got = into.get(batch);
    if (got) got.items.push(...items);
    else into.set(batch, { ctx, items: [...items] });
  }
}

/**
 * Leaves `item` to `batch`, run once for the whole group just before its COMMIT (summaries summed
 * over the group's writes instead of written by each). Answers false outside a group's write (a
 * plain transaction, or a write already inside another transaction): the caller then does the work
 * at once. The batch runs inside the group's transaction with the ctx of the first write that left
 * an item; items of a write that failed (its savepoint rolled back) are dropped with it.
 */
export function atGroupEnd<T>(ctx: Ctx, batch: GroupBatch<T>, item: T): boolean {
  const end = ctx.groupEnd;
  if (!end?.open) return false;
  const key = batch as unknown as GroupBatch<never>;
  const got = end.batches.get(key);
  if (got) got.items.push(item);
  else end.batches.set(key, { ctx, items: [item] });
  return true;
}

function answer(jobs: Job[], outcomes: Outcome[]) {
  jobs.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) {
      for (const after of job.ctx.afterCommit.splice(0)) after();
      job.resolve(outcome.value);
    } else job.reject(outcome.error);
  });
}
