/**
 * CPU per request over real HTTP, Atiende against the bare-Fastify ceiling, measured the same way:
 * each server runs in its own process as bench/run.ts starts it (bench/lib/serve.ts, 1 worker by
 * default), autocannon drives it from another process with a few connections, and the figure is
 * the server process's CPU (user + system, /proc) per answered request, plus on PostgreSQL the CPU
 * of that server's backends (told apart by application name). Unlike throughput, CPU per request
 * changes little with the neighbours' load, so two trees can be compared back to back on a shared
 * machine; the goal's ratio is about (bare CPU + load generator) / (Atiende CPU + backends + load
 * generator) when the cores are the limit. Rounds alternate bare and Atiende.
 *
 *   node --import tsx bench/http-cpu.ts --engine postgres --url postgres://postgres@127.0.0.1:5432/atiende_bench
 *   options: --scenarios customer-detail,calls-detail --rounds 3 --duration 4 --connections 5 --workers 1
 */
import os from 'node:os';
import pg from 'pg';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';
import { runLoad, startServer, ticks, treeTicks } from './lib/processes.ts';

const args = benchArgs({
  scenarios: { type: 'string', default: 'customer-detail' },
  rounds: { type: 'string', default: '3' },
  duration: { type: 'string', default: '4' },
  connections: { type: 'string', default: '5' },
  workers: { type: 'string', default: '1' },
  /** Skip the bare ceiling (only Atiende's figures). */
  'no-bare': { type: 'boolean', default: false },
  /** Run Atiende with --cpu-prof into this directory (the whole server's life: start-up, warm-ups and rounds). */
  profile: { type: 'string' },
});

async function main() {
  const postgres = args.engine === 'postgres';
  const dbConfig = postgres ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  const { config, database, app, headers } = await openBench(dbConfig);
  const ctx = scenarioContext(database, app, headers);
  const appName = `atiende-http-cpu-${process.pid}`;
  const side = postgres ? new pg.Client({ connectionString: args.url, application_name: `${appName}-side` }) : undefined;
  await side?.connect();
  /** CPU ticks of each backend of the server under measurement, by pid. */
  const backendTicks = async (): Promise<Map<number, number>> => {
    if (!side) return new Map();
    const { rows } = await side.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [appName]);
    return new Map(rows.map((r) => [r.pid, ticks(r.pid)]));
  };
  /**
   * Ticks the backends used between two readings, per backend: one opened meanwhile counts from its
   * start; one closed meanwhile (pg-pool ends a connection idle for 10 s) counts nothing, instead of
   * taking its whole past off the sum (a negative figure).
   */
  const backendDelta = (before: Map<number, number>, after: Map<number, number>) => {
    let sum = 0;
    for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0);
    return sum;
  };
  const atiende = await startServer('atiende', { workers: Number(args.workers), env: { PGAPPNAME: appName }, config, profile: args.profile });
  const bare = args['no-bare'] ? undefined : await startServer('bare', { workers: Number(args.workers) });
  const duration = Number(args.duration);
  const connections = Number(args.connections);
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (!scenario) throw new Error(`no scenario ${name}`);
      const requests = await scenario.requests(ctx);
      const rows: string[] = [];
      for (let round = 0; round < Number(args.rounds); round++) {
        const measure = async (server: { url: string; pid: number }, reqs: unknown[], hdrs: Record<string, string>) => {
          // A short warm-up (JIT, connections), not counted.
          await runLoad({ url: server.url, connections, duration: 1, warmup: 0, headers: hdrs, requests: reqs });
          const t0 = treeTicks(server.pid);
          const s0 = treeTicks(server.pid, 'system');
          const b0 = await backendTicks();
          const r = await runLoad({ url: server.url, connections, duration, warmup: 0, headers: hdrs, requests: reqs });
          const t1 = treeTicks(server.pid);
          const s1 = treeTicks(server.pid, 'system');
          const b1 = server === atiende ? await backendTicks() : b0;
          const backend = backendDelta(b0, b1);
          if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          return { node: ((t1 - t0) * 10_000) / r.totalRequests, system: ((s1 - s0) * 10_000) / r.totalRequests, backend: (backend * 10_000) / r.totalRequests, rate: r.totalRequests / duration };
        };
        const load = os.loadavg()[0]!.toFixed(1);
        const b = bare ? await measure(bare, [{ path: '/ping' }], {}) : undefined;
        const a = await measure(atiende, requests, headers);
        rows.push(
          `round ${round + 1} (load ${load}): atiende node ${a.node.toFixed(1)} µs (system ${a.system.toFixed(1)}) + backend ${a.backend.toFixed(1)} µs = ${(a.node + a.backend).toFixed(1)} µs/request (${a.rate.toFixed(0)} req/s)` +
            (b ? `; bare ${b.node.toFixed(1)} µs/request (system ${b.system.toFixed(1)}) (${b.rate.toFixed(0)} req/s); CPU ratio bare/atiende ${((100 * b.node) / (a.node + a.backend)).toFixed(1)} %` : ''),
        );
        console.log(`${name} ${rows[rows.length - 1]}`);
      }
    }
  } finally {
    await atiende.stop();
    await bare?.stop();
    await side?.end();
    await app.close();
    await database.destroy();
  }
}

runMain(main);
