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
import { createDatabase } from '../src/server/db/database.ts';
import { benchApp, benchArgs, benchConfig, benchEngine, benchHeaders, runMain, scenarioContext } from './args.ts';
import { prepareDataset } from './lib/dataset.ts';
import { SCENARIOS } from './scenarios/index.ts';

const args = benchArgs({
  rounds: { type: 'string', default: '5' },
  'per-round': { type: 'string', default: '300' },
  scenarios: { type: 'string', default: 'customer-detail,calls-pending-now,customer-list-region,incidents-inbox' },
});

async function main() {
  const dataset = await prepareDataset(benchEngine(args), { file: args.file!, url: args.url, regenerate: false, customers: 200000, units: 1000000 });
  const config = benchConfig(dataset.config);
  const database = await createDatabase(config.database);
  const build = async (mode: 'zod' | 'compiled') => {
    process.env.ATIENDE_SERIALIZER = mode;
    return benchApp(config, database);
  };
  const apps = { zod: await build('zod'), compiled: await build('compiled') };
  delete process.env.ATIENDE_SERIALIZER;
  const headers = await benchHeaders(database, config);
  const ctx = scenarioContext(database, apps.zod, headers);
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

runMain(main);
