/**
 * A server under measurement, in its own process (forked by bench/run.ts): Atiende built exactly
 * as `atiende serve --workers N` builds it, or the bare-Fastify ceiling, with the same N, through
 * the same cluster code (src/server/cluster.ts). N = 1 serves in this process, as `serve` does.
 * Tells the parent `{ ready: true }` once every worker listens; SIGTERM stops it.
 *
 * Job in the environment, BENCH_SERVE = { kind: 'atiende' | 'bare', port, workers, config? }.
 */
import cluster from 'node:cluster';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/server/app.ts';
import { balanceConnections, startPrimary } from '../../src/server/cluster.ts';
import type { Config } from '../../src/server/config.ts';
import { createDatabase } from '../../src/server/db/database.ts';
import { installLockTrace } from './lock-trace.ts';

type Job = { kind: 'atiende' | 'bare'; port: number; workers: number; config?: Config };
const job = JSON.parse(process.env.BENCH_SERVE ?? '{}') as Job;

async function serve() {
  if (job.kind === 'bare') {
    const bare = Fastify({ logger: false });
    bare.get('/ping', async () => ({ ok: true }));
    balanceConnections(bare.server);
    await bare.listen({ host: '127.0.0.1', port: job.port });
    const stop = () => void bare.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    return;
  }
  // bench/lock-gaps.ts: each worker traces SQLite's write lock into this directory.
  if (process.env.BENCH_LOCK_TRACE) installLockTrace(process.env.BENCH_LOCK_TRACE);
  const config = { ...job.config!, workers: job.workers };
  const database = await createDatabase(config.database, { migrate: false });
  // Bench experiments: pragmas set on each worker's connection after it opens (BENCH_SQLITE_PRAGMAS="mmap_size=0;…").
  for (const pragma of (process.env.BENCH_SQLITE_PRAGMAS ?? '').split(';').filter(Boolean)) {
    if (!/^[a-z_]+ ?= ?-?\w+$/.test(pragma)) throw new Error(`BENCH_SQLITE_PRAGMAS: bad pragma ${pragma}`);
    await sql.raw(`pragma ${pragma}`).execute(database.db);
  }
  const app = await buildApp({ config, database, serveWeb: false });
  balanceConnections(app.server);
  await app.listen({ host: '127.0.0.1', port: job.port });
  process.once('SIGTERM', () => void app.close().then(() => database.destroy()).then(() => process.exit(0)));
}

if (cluster.isWorker) await serve();
else if (job.workers > 1) {
  await startPrimary({ workers: job.workers, log: () => {} });
  process.send?.({ ready: true });
} else {
  await serve();
  process.send?.({ ready: true });
}
