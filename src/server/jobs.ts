/**
 * The one runner of background jobs: every area's `jobs` (modules/index.ts) run here, one loop per
 * job, a pass at a time. Jobs claim their work in the database, so running this on several app
 * servers is safe; a failing pass is logged and retried on the next tick.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { systemCtx } from './context.ts';
import type { Database } from './db/database.ts';
import type { Job } from './modules/area.ts';

export type JobRunner = {
  /** Settles once every job's `onStart` has run (or failed, logged). */
  started: Promise<void>;
  /** Ends the loops, waits for the passes in flight, then runs every job's `onStop`. */
  stop(): Promise<void>;
};

export function startJobs(jobs: Job[], database: Database, config: Config, log: FastifyBaseLogger): JobRunner {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  const hook = (job: Job, which: 'onStart' | 'onStop') =>
    Promise.resolve()
      .then(() => job[which]?.(systemCtx(database, config)))
      .then(
        () => undefined,
        (err) => log.error({ err, job: job.name }, `background job ${which} failed`),
      );
  const started = Promise.all(jobs.map((job) => hook(job, 'onStart'))).then(() => undefined);
  for (const job of jobs) {
    const tick = () => {
      if (stopped) return;
      const pass = job
        .run(systemCtx(database, config))
        .catch((err) => log.error({ err, job: job.name }, 'background job failed'))
        .finally(() => {
          running.delete(pass);
          if (!stopped) {
            const t = setTimeout(() => { timers.delete(t); tick(); }, job.everyMs);
            timers.add(t);
          }
        });
      running.add(pass);
    };
    const first = setTimeout(() => { timers.delete(first); void started.then(tick); }, Math.min(job.everyMs, 1000));
    timers.add(first);
  }
  let stopping: Promise<void> | undefined;
  return {
    started,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        for (const t of timers) clearTimeout(t);
        await started;
        await Promise.allSettled([...running]);
        await Promise.all(jobs.map((job) => hook(job, 'onStop')));
      })();
      return stopping;
    },
  };
}
