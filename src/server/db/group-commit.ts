/**
 * Group commit for SQLite. With `synchronous=FULL` every COMMIT waits for an fsync of the WAL, and
 * better-sqlite3 waits on the main thread: one transaction per request caps a write endpoint near
 * the disk's fsync rate and stalls every other request meanwhile. `groupedTx` queues the write part
 * of a request; the writes that arrived in the same turn of the event loop then run in ONE
 * transaction, each inside its own SAVEPOINT (a failing one is undone alone and its request gets its
 * error), and one fsync'd COMMIT makes all of them durable before any of their requests is answered.
 * Durability is the same as one transaction per request; only the number of fsyncs drops.
 *
 * PostgreSQL (its own group commit, a pool of connections) and calls already inside a transaction
 * run as a plain `tx`.
 */
import type { Kysely } from 'kysely';
import { type Ctx, tx } from '../context.ts';
import type { DB } from './schema.ts';
import { withSavepoint } from './dialect.ts';

type Job = { ctx: Ctx; fn: (ctx: Ctx) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

const queues = new WeakMap<object, Job[]>();

/** Like `tx`, but on SQLite shares one durable commit with the other writes queued in the same turn. */
export function groupedTx<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.dialect !== 'sqlite' || ctx.db.isTransaction) return tx(ctx, fn);
  const db = ctx.db as Kysely<DB>;
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(db);
    if (!queue) {
      queues.set(db, (queue = []));
      setImmediate(() => void flush(db));
    }
    queue.push({ ctx, fn, resolve: resolve as (v: unknown) => void, reject });
  });
}

async function flush(db: Kysely<DB>) {
  const jobs = queues.get(db) ?? [];
  queues.delete(db);
  if (jobs.length === 1) {
    const [job] = jobs;
    return tx(job.ctx, job.fn).then(job.resolve, job.reject);
  }
  const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
  try {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < jobs.length; i++) {
        const job = jobs[i];
        try {
          outcomes.push({ ok: true, value: await withSavepoint(trx, `grouped_${i}`, () => job.fn({ ...job.ctx, db: trx })) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    // The COMMIT itself failed: nothing of the group was saved.
    for (const job of jobs) job.reject(error);
    return;
  }
  jobs.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) {
      for (const after of job.ctx.afterCommit.splice(0)) after();
      job.resolve(outcome.value);
    } else job.reject(outcome.error);
  });
}
