/**
 * Capacity at an offered rate: the open-loop view of a write goal. `bench/run.ts` drives each scenario
 * with a fixed number of connections (10), each sending its next request when the last one is answered
 * (closed loop): its req/s is connections / latency, so with group commit it also measures how long a
 * request waits for its group's COMMIT and fsync. Here requests arrive at a fixed rate, evenly spaced,
 * whether or not the earlier ones were answered (bench/lib/open-load.mjs), and the figures are whether
 * the server keeps up — the rate it answered against the rate offered, the requests still waiting at
 * the end — the latency from each request's due instant, and the server's CPU per request. A rate it
 * answers in full at a steady latency is a rate it sustains; past its capacity the answered rate stops
 * growing and the backlog and the latency climb. Atiende runs as `run.ts` starts it (`serve --workers
 * N`, background jobs off). Nothing is written to bench/results: one line is printed per rate.
 *
 *   node --import tsx bench/offered-load.ts --engine sqlite --file bench/data/bench.db --scenarios incidents-create --rates 800,1000,1200
 *   options: --sockets 256 --duration 8 --warmup 2 --workers 2
 */
import os from 'node:os';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';
import { runOpenLoad, startServer, treeTicks } from './lib/processes.ts';

const args = benchArgs({
  scenarios: { type: 'string', default: 'incidents-create' },
  rates: { type: 'string', default: '1000' },
  /** Most requests in flight at once (the generator's keep-alive sockets); more wait for a socket, their latency counted from their due instant. */
  sockets: { type: 'string', default: '256' },
  duration: { type: 'string', default: '8' },
  warmup: { type: 'string', default: '2' },
  workers: { type: 'string', default: String(os.availableParallelism()) },
});

async function main() {
  const postgres = args.engine === 'postgres';
  const dbConfig = postgres ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  const { config, database, app, headers } = await openBench(dbConfig);
  const ctx = scenarioContext(database, app, headers);
  const workers = Number(args.workers);
  const server = await startServer('atiende', { workers, config });
  const maxSockets = Number(args.sockets);
  const duration = Number(args.duration);
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (!scenario) throw new Error(`no scenario ${name}`);
      const requests = await scenario.requests(ctx);
      // A fresh server's first requests run cold (compilation, caches): a backlog built then would
      // still drain in the first measured seconds. A few seconds at the first rate, not measured.
      const rates = args.rates!.split(',').map(Number);
      await runOpenLoad({ url: server.url, headers, requests, rate: rates[0]!, duration: 3, warmup: 0, maxSockets });
      console.log(`${name}: ${workers} workers, up to ${maxSockets} requests in flight, ${Number(args.warmup)} s at the rate then ${duration} s measured`);
      for (const rate of rates) {
        const load = os.loadavg()[0]!.toFixed(1);
        // The warm-up seconds run at the same rate (the generator counts only after them), so the
        // measured seconds start in the steady state; the CPU is read over the whole run.
        const t0 = treeTicks(server.pid);
        const r = await runOpenLoad({ url: server.url, headers, requests, rate, duration, warmup: Number(args.warmup), maxSockets });
        const sent = rate * (duration + Number(args.warmup));
        const cpu = ((treeTicks(server.pid) - t0) * 10_000) / Math.max(1, sent - r.lost);
        console.log(
          `  offered ${rate}/s (load ${load}): answered ${r.answeredPerSecond.toFixed(0)}/s (${((100 * r.answeredPerSecond) / rate).toFixed(1)} %), ` +
            `p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
            `waiting at the end ${r.backlogAtEnd}, non-2xx ${r.non2xx}, errors ${r.errors}, server CPU ${cpu.toFixed(0)} µs/request`,
        );
      }
    }
  } finally {
    await server.stop();
    await app.close();
    await database.destroy();
  }
}

runMain(main);
