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

export type JobRunner = { stop(): Promise<void> };

export function startJobs(jobs: Job[], database: Database, config: Config, log: FastifyBaseLogger): JobRunner {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
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
    const first = setTimeout(() => { timers.delete(first); tick(); }, Math.min(job.everyMs, 1000));
    timers.add(first);
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running]);
    },
  };
}
