/**
 * The compiled response serializer against Zod's validate-then-JSON.stringify (issue 16), back to
 * back in one process: two apps on the same database, one built with ATIENDE_SERIALIZER=zod, the
 * other with the compiled serializer, take turns over the same requests (customer detail, the call
 * inbox pending now and its badge counts, the customer list, the incident inbox), in rounds, keeping
 * each side's best round, so the neighbours' load hits both alike. In process (app.inject): the
 * service time without HTTP.
 *
 *   node --import tsx bench/serializer.ts --engine sqlite [--rounds 5] [--per-round 300]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE } from './generate.ts';
import { benchToken, prepareDataset } from './lib/dataset.ts';
import { SCENARIOS } from './scenarios/index.ts';
import type { ScenarioContext } from './scenarios/types.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    rounds: { type: 'string', default: '5' },
    'per-round': { type: 'string', default: '300' },
    scenarios: { type: 'string', default: 'customer-detail,calls-pending-now,customer-list-region,incidents-inbox' },
  },
});

async function main() {
  const dataset = await prepareDataset(args.engine === 'postgres' ? 'postgres' : 'sqlite', { file: args.file!, url: args.url, regenerate: false, customers: 200000, units: 1000000 });
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv, { database: dataset.config, runJobs: false });
  const database = await createDatabase(config.database);
  const build = async (mode: 'zod' | 'compiled') => {
    process.env.ATIENDE_SERIALIZER = mode;
    const app = await buildApp({ config, database, serveWeb: false, logger: false });
    await app.ready();
    return app;
  };
  const apps = { zod: await build('zod'), compiled: await build('compiled') };
  delete process.env.ATIENDE_SERIALIZER;
  const token = await benchToken(database, config);
  const headers = { authorization: `Bearer ${token}` };
  let seed = 7;
  const ctx: ScenarioContext = {
    dialect: database.dialect,
    db: database.db,
    async get(p) {
      const res = await apps.zod.inject({ method: 'GET', url: p, headers });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    },
    random: () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    },
  };
  const perRound = Number(args['per-round']);
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (!scenario) continue;
      const requests = (await scenario.requests(ctx)).filter((r) => (r.method ?? 'GET') === 'GET');
      // Same answers from both (the suites check every route; this checks the bench's requests).
      for (const r of requests.slice(0, 20)) {
        const [a, b] = await Promise.all([apps.zod.inject({ url: r.path, headers }), apps.compiled.inject({ url: r.path, headers })]);
        if (a.statusCode !== 200 || JSON.stringify(JSON.parse(a.body)) !== JSON.stringify(JSON.parse(b.body))) throw new Error(`${r.path}: answers differ (${a.statusCode}/${b.statusCode})`);
      }
      const best = { zod: Infinity, compiled: Infinity };
      const bytes = { zod: 0, compiled: 0 };
      for (let round = 0; round < Number(args.rounds); round++) {
        for (const mode of ['zod', 'compiled'] as const) {
          const start = performance.now();
          for (let k = 0; k < perRound; k++) {
            const res = await apps[mode].inject({ url: requests[k % requests.length]!.path, headers });
            bytes[mode] = res.body.length;
          }
          best[mode] = Math.min(best[mode], (performance.now() - start) / perRound);
        }
      }
      console.log(
        `${name} (${args.engine}, ${requests.length} distinct requests, best of ${args.rounds} rounds of ${perRound}): zod ${best.zod.toFixed(3)} ms, compiled ${best.compiled.toFixed(3)} ms per request (${(((best.zod - best.compiled) / best.zod) * 100).toFixed(0)} % less; last answer ${bytes.compiled} bytes)`,
      );
    }
  } finally {
    await apps.zod.close();
    await apps.compiled.close();
    await database.destroy();
    dataset.stop?.();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
