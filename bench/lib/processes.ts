/**
 * The processes of a throughput measurement, shared by `bench/run.ts` and `bench/http-cpu.ts`: the server
 * under measurement (bench/lib/serve.ts: Atiende or the bare ceiling, `workers` processes through the same
 * cluster code as `atiende serve --workers N`) and the load generator (bench/lib/load.mjs, autocannon),
 * each in its own process.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { BENCH_DIR } from '../generate.ts';
import type { ScenarioResult } from '../scenarios/types.ts';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export type BenchServer = { url: string; pid: number; stop: () => Promise<void> };

/** Starts a server under measurement; `env` is added to this process's, `profile` runs it with --cpu-prof into that directory. */
export async function startServer(kind: 'atiende' | 'bare', opts: { workers: number; config?: unknown; env?: NodeJS.ProcessEnv; profile?: string }): Promise<BenchServer> {
  const port = await freePort();
  const child = fork(path.join(BENCH_DIR, 'lib', 'serve.ts'), [], {
    execArgv: ['--import', 'tsx', ...(opts.profile ? ['--cpu-prof', '--cpu-prof-dir', opts.profile] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...opts.env, BENCH_SERVE: JSON.stringify({ kind, port, workers: opts.workers, config: opts.config }) },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type LoadJob = { url: string; connections: number; duration: number; warmup: number; headers: Record<string, string>; requests: unknown[] };

export type OpenLoadJob = { url: string; headers: Record<string, string>; requests: unknown[]; rate: number; duration: number; warmup: number; maxSockets: number };
export type OpenLoadResult = {
  offered: number;
  answeredPerSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  /** Requests sent and not yet answered when the measured seconds ended; `lost`: still not answered 10 s later. */
  backlogAtEnd: number;
  lost: number;
};

/** One open-loop run (bench/lib/open-load.mjs: a fixed rate, latency from each request's due instant) in its own process. */
export const runOpenLoad = (job: OpenLoadJob): Promise<OpenLoadResult> => loadProcess('open-load.mjs', job);

/** One autocannon run in its own process. */
export const runLoad = (job: LoadJob): Promise<Omit<ScenarioResult, 'name' | 'title' | 'distinctRequests'>> => loadProcess('load.mjs', job);

/** A load generator in its own process, given one job; refused if it has not finished a minute after its time. */
function loadProcess<R>(script: string, job: { duration: number; warmup: number }): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(BENCH_DIR, 'lib', script), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('load generator did not finish in time'));
    }, (job.duration + job.warmup + 60) * 1000);
    child.once('message', (msg: any) => {
      clearTimeout(limit);
      child.kill();
      if (msg.ok) resolve(msg.result);
      else reject(new Error(msg.error));
    });
    child.once('error', reject);
    child.send(job);
  });
}

/** CPU ticks (1/100 s) of one process, user + system or system only (/proc; 0 once it is gone). */
export const ticks = (pid: number, which: 'all' | 'system' = 'all'): number => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (which === 'all' ? Number(f[11]) : 0) + Number(f[12]);
  } catch {
    return 0;
  }
};

/** CPU ticks (1/100 s) of a process and its children that are alive (the cluster's workers). */
export function treeTicks(root: number, which: 'all' | 'system' = 'all'): number {
  let sum = ticks(root, which);
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(f[1]) === root) sum += (which === 'all' ? Number(f[11]) : 0) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return sum;
}
