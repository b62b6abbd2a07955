/**
 * How `serve --workers 2` shares a load generator's connections: starts Atiende as bench/run.ts does
 * (2 workers), then N times runs autocannon (10 connections, a scenario's requests) and prints how many
 * connections each worker held (`ss`, by worker pid) and the rate. Before cluster.ts balanceConnections
 * the primary's round-robin split them 7/3 or worse in about half the trials.
 *
 *   node --import tsx bench/connection-split.ts --file bench/data/bench.db [--scenarios calls-create --trials 8 --duration 2]
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';
import { runLoad, startServer } from './lib/processes.ts';
const args = benchArgs({ scenarios: { type: 'string', default: 'calls-create' }, trials: { type: 'string', default: '8' }, duration: { type: 'string', default: '2' } });
function workers(root: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) { if (!/^\d+$/.test(d)) continue; try { const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' '); if (Number(f[1]) === root) out.push(Number(d)); } catch {} }
  return out;
}
async function main() {
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  const { config, database, app, headers } = await openBench({ dialect: 'sqlite', file: args.file! });
  const ctx = scenarioContext(database, app, headers);
  const atiende = await startServer('atiende', { workers: 2, config });
  const port = new URL(atiende.url).port;
  const requests = await SCENARIOS.find((s) => s.name === args.scenarios)!.requests(ctx);
  try {
    for (let t = 0; t < Number(args.trials); t++) {
      const ws = workers(atiende.pid);
      const split: string[] = [];
      const timer = setInterval(() => {
        const ss = execSync(`ss -tnpH state established '( sport = :${port} )'`).toString();
        const counts = ws.map((w) => (ss.match(new RegExp(`pid=${w},`, 'g')) ?? []).length).filter((n) => n > 0);
        if (counts.reduce((a, b) => a + b, 0) >= 10 && !split.length) split.push(...counts.map(String));
      }, 150);
      const r = await runLoad({ url: atiende.url, connections: 10, duration: Number(args.duration), warmup: 0, headers, requests });
      clearInterval(timer);
      console.log(`trial ${t + 1}: connections per worker ${split.join('/')}, ${Math.round(r.requestsPerSecond)} req/s`);
    }
  } finally {
    await atiende.stop();
    await app.close();
    await database.destroy();
  }
}
runMain(main);
