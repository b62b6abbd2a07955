/**
 * Where the SLA views' time goes, one request at a time: each repository read (SQL only) and each
 * request through the app (SQL + mapping), best and median of N, on the bench file or cluster.
 *
 *   node --import tsx bench/sla-profile.ts --engine sqlite --file /work/wt-speed/bench/data/bench.db
 *   node --import tsx bench/sla-profile.ts --engine postgres --url postgres://postgres@127.0.0.1:5432/atiende_bench
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import * as repo from '../src/server/modules/sla/sla.repository.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE } from './generate.ts';
import { benchToken } from './lib/dataset.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    runs: { type: 'string', default: '7' },
  },
});

async function time(label: string, f: () => Promise<unknown>) {
  const runs = Number(args.runs);
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await f();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  console.log(`${label.padEnd(60)} best ${t[0]!.toFixed(2)} ms  median ${t[Math.floor(runs / 2)]!.toFixed(2)} ms`);
}

async function main() {
  const engine = args.engine === 'postgres' ? 'postgres' : 'sqlite';
  const dbConfig = engine === 'postgres' ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv, { database: dbConfig, runJobs: false });
  const database = await createDatabase(config.database);
  const app = await buildApp({ config, database, serveWeb: false, logger: false });
  await app.ready();
  const token = await benchToken(database, config);
  const headers = { authorization: `Bearer ${token}` };
  console.log(`${engine}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  try {
    const db = database.db;
    const now = new Date().toISOString();
    for (const view of ['at-risk', 'breached', 'paused'] as const) await time(`repo.listClocks ${view}`, () => repo.listClocks(db, { view, now, limit: 51 }));
    await time('repo.countSlaStates all (a count of the state rows)', () => repo.countSlaStates(db, { now }));
    await time('repo.countSla all and mine (the counters)', () => repo.countSla(db, { now, ownerUserId: 1, ownerGroupIds: [1, 2] }));
    for (const p of ['/api/v1/incidents/sla?view=at-risk&limit=50', '/api/v1/incidents/sla?view=at-risk&mine=true&limit=50', '/api/v1/incidents/sla?view=breached&limit=50', '/api/v1/incidents/sla?view=paused&limit=50', '/api/v1/incidents/sla/counts']) {
      await time(`GET ${p.slice(7)}`, async () => {
        const r = await app.inject({ method: 'GET', url: p, headers });
        if (r.statusCode !== 200) throw new Error(`${p}: ${r.statusCode} ${r.body}`);
      });
    }
  } finally {
    await app.close();
    await database.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
