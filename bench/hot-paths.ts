/**
 * Service time of the hot paths, in process (app.inject, no sockets), one request at a time:
 * customer detail, call detail, the call inbox pending now and its badge counts. For each scenario
 * it prints the best round's wall time per request and the Node CPU per request (user + system,
 * what a loaded machine changes least), so two trees of the code can be compared back to back on
 * the same database (run this file from each tree in turn).
 *
 *   node --import tsx bench/hot-paths.ts --engine sqlite --file /work/wt-speed/bench/data/bench.db
 *   node --import tsx bench/hot-paths.ts --engine postgres --url postgres://postgres@127.0.0.1:5432/atiende_bench
 *   options: --scenarios customer-detail,calls-detail,calls-pending-now --rounds 5 --per-round 300
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';

const args = benchArgs({
  rounds: { type: 'string', default: '5' },
  'per-round': { type: 'string', default: '300' },
  scenarios: { type: 'string', default: 'customer-detail,calls-detail,calls-pending-now' },
  /** Write a CPU profile of the measured rounds only (one file per scenario) into this directory. */
  profile: { type: 'string' },
});

async function main() {
  const dbConfig = args.engine === 'postgres' ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  // The calls scenarios must not fill the database here: measure what is there. (Imported after
  // setting this: bench/calls.ts reads it when loaded.)
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  const { database, app, headers } = await openBench(dbConfig);
  const ctx = scenarioContext(database, app, headers);
  const perRound = Number(args['per-round']);
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (!scenario) {
        console.log(`${name}: no such scenario`);
        continue;
      }
      const requests = (await scenario.requests(ctx)).filter((r) => (r.method ?? 'GET') === 'GET');
      for (const r of requests.slice(0, 5)) {
        const res = await app.inject({ url: r.path, headers });
        if (res.statusCode !== 200) throw new Error(`${r.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      let bestWall = Infinity;
      let bestCpu = Infinity;
      let bytes = 0;
      const load = os.loadavg()[0];
      const session = args.profile ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      for (let round = 0; round < Number(args.rounds); round++) {
        const cpu0 = process.cpuUsage();
        const start = performance.now();
        for (let k = 0; k < perRound; k++) {
          const res = await app.inject({ url: requests[(round * perRound + k) % requests.length]!.path, headers });
          bytes += res.body.length;
        }
        const cpu = process.cpuUsage(cpu0);
        bestWall = Math.min(bestWall, (performance.now() - start) / perRound);
        bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000 / perRound);
      }
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        fs.mkdirSync(args.profile!, { recursive: true });
        fs.writeFileSync(path.join(args.profile!, `${name}.cpuprofile`), JSON.stringify(profile));
        session.disconnect();
      }
      console.log(
        `${name} (${args.engine}, ${requests.length} distinct, best of ${args.rounds} rounds of ${perRound}, load ${load.toFixed(1)}): ` +
          `${bestWall.toFixed(3)} ms wall, ${bestCpu.toFixed(3)} ms CPU per request (mean answer ${Math.round(bytes / (perRound * Number(args.rounds)))} bytes)`,
      );
    }
  } finally {
    await app.close();
    await database.destroy();
  }
}

runMain(main);
