/**
 * The SQL a hot path runs, statement by statement, with its time (SQLite, in process): replays a
 * scenario's GET requests through app.inject and times every better-sqlite3 call by SQL text.
 *
 *   node --import tsx bench/sql-times.ts --file /work/wt-speed/bench/data/bench.db --scenarios calls-pending-now [--rounds 200]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE } from './generate.ts';
import { benchToken } from './lib/dataset.ts';
import { runMain, scenarioContext } from './args.ts';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    scenarios: { type: 'string', default: 'calls-pending-now' },
    rounds: { type: 'string', default: '200' },
  },
});

const times = new Map<string, { n: number; ms: number }>();
let recording = false;
const proto = (SqliteDatabase as unknown as { prototype: { prepare: (s: string) => any } }).prototype;
const prepare = proto.prepare;
proto.prepare = function (this: unknown, source: string) {
  const st = prepare.call(this, source);
  for (const m of ['all', 'run', 'get'] as const) {
    const f = st[m].bind(st);
    st[m] = (...a: unknown[]) => {
      if (!recording) return f(...a);
      const t0 = performance.now();
      try {
        return f(...a);
      } finally {
        const e = times.get(source) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t0;
        times.set(source, e);
      }
    };
  }
  return st;
};

async function main() {
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  const dbConfig = { dialect: 'sqlite' as const, file: args.file! };
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv, { database: dbConfig, runJobs: false });
  const database = await createDatabase(config.database);
  const app = await buildApp({ config, database, serveWeb: false, logger: false });
  await app.ready();
  const token = await benchToken(database, config);
  const headers = { authorization: `Bearer ${token}` };
  const ctx = scenarioContext(database, app, headers);
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name)!;
      const requests = (await scenario.requests(ctx)).filter((r) => (r.method ?? 'GET') === 'GET');
      const rounds = Number(args.rounds);
      for (let warm = 0; warm < 2; warm++) {
        times.clear();
        recording = warm === 1;
        for (let k = 0; k < rounds; k++) await app.inject({ url: requests[k % requests.length]!.path, headers });
      }
      recording = false;
      const total = [...times.values()].reduce((a, b) => a + b.ms, 0);
      console.log(`${name}: ${rounds} requests, SQL ${(total / rounds).toFixed(3)} ms per request`);
      for (const [sqlText, t] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
        console.log(`  ${(t.ms / rounds).toFixed(3)} ms/req  ${(t.ms / t.n).toFixed(3)} ms × ${(t.n / rounds).toFixed(2)}  ${sqlText.replace(/\s+/g, ' ').slice(0, 220)}`);
      }
    }
  } finally {
    await app.close();
    await database.destroy();
  }
}

runMain(main);
