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
  /** Ends the loops, waits for the passes in flight, then runs every job's `onStop` once. */
  stop(): Promise<void>;
};

export function startJobs(jobs: Job[], database: Database, config: Config, log: FastifyBaseLogger): JobRunner {
  let stopped = false;
  const running = new Set<Promise<unknown>>();
  const stoppers: Array<() => void> = [];
  const hook = (job: Job, which: 'onStart' | 'onStop') =>
    Promise.resolve()
      .then(() => job[which]?.(systemCtx(database, config)))
      .then(
        () => undefined,
        (err) => log.error({ err, job: job.name }, `background job ${which} failed`),
      );
  const started = Promise.all(jobs.map((job) => hook(job, 'onStart'))).then(() => undefined);
  for (const job of jobs) {
    let timer: NodeJS.Timeout | undefined;
    let pass: Promise<unknown> | undefined;
    let again = false;
    const schedule = (delay: number) => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(tick, delay);
    };
    function tick() {
      if (stopped) return;
      if (pass) {
        again = true;
        return;
      }
      const current = job
        .run(systemCtx(database, config))
        .catch((err) => log.error({ err, job: job.name }, 'background job failed'))
        .finally(() => {
          running.delete(current);
          pass = undefined;
          schedule(again ? 0 : job.everyMs);
          again = false;
        });
      pass = current;
      running.add(current);
    }
    void started.then(() => schedule(Math.min(job.everyMs, 1000)));
    const unsubscribe = job.wakeOn?.(() => schedule(50));
    stoppers.push(() => {
      clearTimeout(timer);
      unsubscribe?.();
    });
  }
  let stopping: Promise<void> | undefined;
  return {
    started,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        for (const stop of stoppers) stop();
        await started;
        await Promise.allSettled([...running]);
        await Promise.all(jobs.map((job) => hook(job, 'onStop')));
      })();
      return stopping;
    },
  };
}
