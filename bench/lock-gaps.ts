/**
 * SQLite's write lock over real HTTP with several workers (issues 11 and 16): who holds it, for how
 * long, and how long it lies free between one holder's COMMIT and the next one's BEGIN. Starts Atiende
 * as bench/run.ts does (`serve --workers N`, bench/lib/serve.ts) with every worker tracing its write
 * transactions and its write-lock probe tries (bench/lib/lock-trace.ts), drives a write scenario with
 * autocannon, then merges the workers' traces on the shared monotonic clock and prints:
 * - the rate, the groups (transactions) and their rows, the lock's busy share of the window;
 * - the lock held per group (BEGIN end → COMMIT end): wall, main-thread CPU, run-queue wait, and the
 *   wall fitted as a + b × rows;
 * - the gaps between one COMMIT's end and the next BEGIN's end, split into the same worker again and a
 *   handoff to the other worker, and for a handoff whether the taker was already waiting (a busy probe
 *   before the COMMIT) and how long after the COMMIT its probe found the lock free;
 * - reads per group (/proc/self/io of the workers over the whole run, divided by the groups).
 *
 *   node --import tsx bench/lock-gaps.ts --file bench/data/bench.db --scenarios incidents-create,calls-create [--workers 2 --connections 10 --duration 5 --rounds 1]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';
import type { LockTrace, TracedTx } from './lib/lock-trace.ts';
import { runLoad, startServer } from './lib/processes.ts';

const args = benchArgs({
  scenarios: { type: 'string', default: 'incidents-create,calls-create' },
  rounds: { type: 'string', default: '1' },
  duration: { type: 'string', default: '5' },
  warmup: { type: 'string', default: '1' },
  connections: { type: 'string', default: '10' },
  workers: { type: 'string', default: '2' },
  /** Keep the raw traces here (default: a temporary directory, removed). */
  keep: { type: 'string' },
});

/** CPU ticks (1/100 s) of one process, user + system. */
const cpuTicks = (pid: number): number => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
};
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const q = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const ms = (us: number) => (us / 1000).toFixed(2);

function analyse(traces: LockTrace[], from: number, to: number, requests: number) {
  const txs: Array<TracedTx & { pid: number }> = [];
  for (const t of traces) for (const x of t.txs) if (x.committed && x.b1 >= from && x.c1 <= to) txs.push({ ...x, pid: t.pid });
  txs.sort((a, b) => a.b1 - b.b1);
  const probes = new Map(traces.map((t) => [t.pid, t.probes.filter(([at]) => at >= from - 100_000 && at <= to)]));
  const lines: string[] = [];
  if (txs.length < 2) return [`only ${txs.length} transactions in the window`];
  const span = txs[txs.length - 1]!.c1 - txs[0]!.b1;
  const held = txs.map((x) => x.c1 - x.b1);
  const rows = txs.map((x) => x.rows);
  const heldSum = held.reduce((a, b) => a + b, 0);
  const perPid = new Map<number, number>();
  for (const x of txs) perPid.set(x.pid, (perPid.get(x.pid) ?? 0) + 1);
  lines.push(
    `${requests} answered, ${txs.length} groups (${[...perPid.values()].join(' + ')} by worker), ${(rows.reduce((a, b) => a + b, 0) / txs.length).toFixed(2)} rows per group; lock busy ${((100 * heldSum) / span).toFixed(1)} % of ${ms(span)} ms`,
  );
  // Least squares: held = a + b × rows.
  const mr = mean(rows);
  const mh = mean(held);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < txs.length; i++) {
    sxy += (rows[i]! - mr) * (held[i]! - mh);
    sxx += (rows[i]! - mr) ** 2;
  }
  const b = sxx ? sxy / sxx : 0;
  const a = mh - b * mr;
  const cpu = txs.map((x) => x.cpu);
  const wait = txs.map((x) => x.wait);
  const begin = txs.map((x) => x.b1 - x.b0);
  const commit = txs.map((x) => x.c1 - x.c0);
  lines.push(
    `held per group: wall mean ${ms(mh)} p50 ${ms(q(held, 0.5))} p90 ${ms(q(held, 0.9))} ms (fit ${ms(a)} + ${ms(b)} × rows); main-thread CPU ${ms(mean(cpu))}, run-queue wait ${ms(mean(wait))} (p90 ${ms(q(wait, 0.9))}), other ${ms(mh - mean(cpu) - mean(wait))} ms; BEGIN ${ms(mean(begin))} (p99 ${ms(q(begin, 0.99))}), COMMIT ${ms(mean(commit))} ms`,
  );
  lines.push(
    `inside the lock per group: read() calls ${mean(txs.map((x) => x.reads)).toFixed(1)} (${(mean(txs.map((x) => x.readBytes)) / 1024).toFixed(1)} KB), minor page faults ${mean(txs.map((x) => x.faults)).toFixed(1)}; per row ${(mean(txs.map((x) => x.reads)) / mr).toFixed(1)} reads, ${(mean(txs.map((x) => x.faults)) / mr).toFixed(1)} faults`,
  );
  const same: number[] = [];
  const hand: number[] = [];
  const handWaiting: number[] = [];
  const probeLag: number[] = [];
  const probeToBegin: number[] = [];
  let handNotWaiting = 0;
  for (let i = 1; i < txs.length; i++) {
    const prev = txs[i - 1]!;
    const x = txs[i]!;
    const gap = x.b1 - prev.c1;
    if (x.pid === prev.pid) {
      same.push(gap);
      continue;
    }
    hand.push(gap);
    const mine = probes.get(x.pid) ?? [];
    const waited = mine.some(([at, ok]) => !ok && at >= prev.b1 && at <= prev.c1);
    if (!waited) {
      handNotWaiting++;
      continue;
    }
    handWaiting.push(gap);
    const freed = mine.find(([at, ok]) => ok && at >= prev.c1 && at <= x.b1);
    if (freed) {
      probeLag.push(freed[0] - prev.c1);
      probeToBegin.push(x.b0 - freed[0]);
    }
  }
  const gapSum = [...same, ...hand].reduce((s, g) => s + g, 0);
  lines.push(
    `gaps (COMMIT end → next BEGIN end): all ${ms(gapSum)} ms = ${((100 * gapSum) / span).toFixed(1)} % of the window; same worker again ${same.length} (mean ${ms(mean(same))}, p50 ${ms(q(same, 0.5))}, p90 ${ms(q(same, 0.9))} ms); handoffs ${hand.length} (mean ${ms(mean(hand))}, p50 ${ms(q(hand, 0.5))}, p90 ${ms(q(hand, 0.9))} ms)`,
  );
  lines.push(
    `handoffs to a worker already waiting: ${handWaiting.length} (gap mean ${ms(mean(handWaiting))} ms${probeLag.length ? `; its probe found the lock free ${ms(mean(probeLag))} ms after the COMMIT (p90 ${ms(q(probeLag, 0.9))}), then ${ms(mean(probeToBegin))} ms to its BEGIN` : '; its BEGIN is its probe'}); not waiting: ${handNotWaiting}`,
  );
  return lines;
}

async function main() {
  if (args.engine === 'postgres') throw new Error('SQLite only: the write lock is SQLite’s');
  process.env.ATIENDE_BENCH_CALLS ??= '0';
  const { SCENARIOS } = await import('./scenarios/index.ts');
  const dbConfig = { dialect: 'sqlite' as const, file: args.file! };
  const { config, database, app, headers } = await openBench(dbConfig);
  const ctx = scenarioContext(database, app, headers);
  const duration = Number(args.duration);
  const connections = Number(args.connections);
  const workers = Number(args.workers);
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (!scenario) throw new Error(`no scenario ${name}`);
      const requests = await scenario.requests(ctx);
      for (let round = 0; round < Number(args.rounds); round++) {
        const dir = args.keep ? path.join(args.keep, `${name}-${round + 1}`) : fs.mkdtempSync(path.join(os.tmpdir(), 'lock-gaps-'));
        fs.rmSync(dir, { recursive: true, force: true });
        const server = await startServer('atiende', { workers, config, env: { BENCH_LOCK_TRACE: dir } });
        let result;
        let from = 0;
        let to = 0;
        // The primary relays the workers' lock hints (WAIT, TAKEN, FREE): its CPU over the measured run.
        let primary0 = 0;
        let primary1 = 0;
        const load = os.loadavg()[0]!.toFixed(1);
        try {
          await runLoad({ url: server.url, connections, duration: Number(args.warmup), warmup: 0, headers, requests });
          from = nowUs();
          primary0 = cpuTicks(server.pid);
          result = await runLoad({ url: server.url, connections, duration, warmup: 0, headers, requests });
          primary1 = cpuTicks(server.pid);
          to = nowUs();
        } finally {
          await server.stop();
        }
        const traces = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as LockTrace);
        const txCount = traces.reduce((s, t) => s + t.txs.filter((x) => x.committed).length, 0);
        const io = (k: string) => traces.reduce((s, t) => s + ((t.io[k] ?? 0) - (t.ioStart[k] ?? 0)), 0);
        console.log(
          `${name} round ${round + 1} (load ${load} → ${os.loadavg()[0]!.toFixed(1)}): ${Math.round(result.totalRequests / duration)} req/s${result.non2xx ? `, ${result.non2xx} non-2xx` : ''}${result.errors ? `, ${result.errors} errors` : ''}`,
        );
        for (const line of analyse(traces, from, to, result.totalRequests)) console.log(`  ${line}`);
        console.log(`  the primary (relays the lock hints): ${(((primary1 - primary0) * 10) / duration).toFixed(1)} ms of CPU per second`);
        console.log(
          `  whole run per group (${txCount} groups, warm-up included): read() calls ${(io('syscr') / txCount).toFixed(1)}, ${(io('rchar') / txCount / 1024).toFixed(1)} KB read, ${(io('read_bytes') / txCount / 1024).toFixed(1)} KB from disk; write() calls ${(io('syscw') / txCount).toFixed(1)}, ${(io('wchar') / txCount / 1024).toFixed(1)} KB written`,
        );
        if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await app.close();
    await database.destroy();
  }
}

runMain(main);
