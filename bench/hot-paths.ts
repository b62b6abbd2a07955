/**
 * Service time of the hot paths, in process (app.inject, no sockets), one request at a time:
 * customer detail, call detail, the call inbox pending now and its badge counts. For each scenario
 * it prints the best round's wall time per request and the Node CPU per request (user + system,
 * what a loaded machine changes least), so two trees of the code can be compared back to back on
 * the same database (run this file from each tree in turn).
 *
 *   node --import tsx bench/hot-paths.ts --engine sqlite --file /work/wt-speed/bench/data/bench.db
 *   node --import tsx bench/hot-paths.ts --engine postgres --url postgres://postgres@127.0.0.1:5432/atiende_bench
 *   options: --scenarios customer-detail,calls-detail,calls-pending-now --rounds 5 --per-round 300 --concurrency 1
 *
 * On PostgreSQL it also prints the statements sent per request (every `query` of a pg client) and
 * the CPU of this process's PostgreSQL backends per request (their /proc counters, a server on this
 * machine; clock ticks of 10 ms, so over all rounds: use --per-round 1000 or more for a steady figure).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';

const args = benchArgs({
  rounds: { type: 'string', default: '5' },
  'per-round': { type: 'string', default: '300' },
  /** Requests in flight at once (in process): 1 is one at a time; the bench's 10 connections over 2 workers are ~5 per process. */
  concurrency: { type: 'string', default: '1' },
  scenarios: { type: 'string', default: 'customer-detail,calls-detail,calls-pending-now' },
  /** Only the requests whose path matches this regular expression (e.g. 'view=(breached|paused)'). */
  only: { type: 'string' },
  /** Write a CPU profile of the measured rounds only (one file per scenario) into this directory. */
  profile: { type: 'string' },
});

async function main() {
  const dbConfig = args.engine === 'postgres' ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  // The calls scenarios must not fill the database here: measure what is there. (Imported after
  // setting this: bench/calls.ts reads it when loaded.)
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  // PostgreSQL: count the statements, and tell this process's backends apart by application name.
  let statements = 0;
  let side: pg.Client | undefined;
  const appName = `atiende-hot-paths-${process.pid}`;
  if (args.engine === 'postgres') {
    process.env.PGAPPNAME = appName;
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
    (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...a: unknown[]) {
      statements += 1;
      return query.apply(this, a);
    };
    side = new pg.Client({ connectionString: args.url, application_name: `${appName}-side` });
    await side.connect();
  }
  /** Clock ticks (1/100 s) of each of this process's backends. */
  const backendTicks = async (): Promise<Map<number, number>> => {
    const out = new Map<number, number>();
    if (!side) return out;
    const { rows } = await side.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [appName]);
    for (const { pid } of rows) {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        out.set(pid, Number(f[11]) + Number(f[12]));
      } catch {
        // gone
      }
    }
    return out;
  };
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
      const only = args.only ? new RegExp(args.only) : undefined;
      const requests = (await scenario.requests(ctx)).filter((r) => (r.method ?? 'GET') === 'GET' && (!only || only.test(r.path)));
      for (const r of requests.slice(0, 5)) {
        const res = await app.inject({ url: r.path, headers });
        if (res.statusCode !== 200) throw new Error(`${r.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      let bestWall = Infinity;
      let bestCpu = Infinity;
      let bestSystem = Infinity;
      let bytes = 0;
      const load = os.loadavg()[0];
      const session = args.profile ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const ticks0 = await backendTicks();
      const statements0 = statements;
      for (let round = 0; round < Number(args.rounds); round++) {
        const cpu0 = process.cpuUsage();
        const start = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: Number(args.concurrency) }, async () => {
            while (next < perRound) {
              const k = next++;
              const res = await app.inject({ url: requests[(round * perRound + k) % requests.length]!.path, headers });
              bytes += res.body.length;
            }
          }),
        );
        const cpu = process.cpuUsage(cpu0);
        bestWall = Math.min(bestWall, (performance.now() - start) / perRound);
        if ((cpu.user + cpu.system) / 1000 / perRound < bestCpu) {
          bestCpu = (cpu.user + cpu.system) / 1000 / perRound;
          bestSystem = cpu.system / 1000 / perRound;
        }
      }
      const total = perRound * Number(args.rounds);
      const perRequest = (statements - statements0) / total;
      let backendMs = 0;
      for (const [pid, t] of await backendTicks()) backendMs += (t - (ticks0.get(pid) ?? 0)) * 10;
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        fs.mkdirSync(args.profile!, { recursive: true });
        fs.writeFileSync(path.join(args.profile!, `${name}.cpuprofile`), JSON.stringify(profile));
        session.disconnect();
      }
      console.log(
        `${name} (${args.engine}, ${requests.length} distinct, best of ${args.rounds} rounds of ${perRound}, ${args.concurrency} at once, load ${load.toFixed(1)}): ` +
          `${bestWall.toFixed(3)} ms wall, ${bestCpu.toFixed(3)} ms CPU per request (${bestSystem.toFixed(3)} of it system; mean answer ${Math.round(bytes / (perRound * Number(args.rounds)))} bytes)` +
          (side ? `; ${perRequest.toFixed(2)} statements and ${((backendMs * 1000) / total).toFixed(0)} µs PostgreSQL backend CPU per request (all rounds)` : ''),
      );
    }
  } finally {
    await app.close();
    await database.destroy();
    await side?.end();
  }
}

runMain(main);
