/**
 * SQLite's write lock as one process sees it, for bench/lock-gaps.ts: installed in a server process
 * (bench/lib/serve.ts) when BENCH_LOCK_TRACE names a directory. Wraps better-sqlite3's statement
 * methods and records, with the monotonic clock every process shares (CLOCK_MONOTONIC, µs):
 * - each write transaction of the process's own connection: its BEGIN IMMEDIATE (start, end), its
 *   COMMIT or ROLLBACK (start, end), the statements and the rows inserted into the hot tables
 *   (incidents, calls) in between, and the main thread's CPU and run-queue wait over the span
 *   (/proc schedstat: on-CPU ns, waiting-for-a-core ns);
 * - each try of the write-lock probe: a BEGIN IMMEDIATE of the process's connection that found the lock
 *   held (dialect.ts withWriteLock; the BEGIN is the probe), or, in trees before that, of the probe's
 *   second connection then a ROLLBACK: when, and whether it found the lock free.
 * At exit it writes `<dir>/<pid>.json` with those and the process's /proc/self/io counters.
 * Costs two schedstat reads per transaction (~10 µs); compare traced runs with traced runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export type TracedTx = {
  /** BEGIN IMMEDIATE start and end, COMMIT/ROLLBACK start and end (µs, monotonic). */
  b0: number;
  b1: number;
  c0: number;
  c1: number;
  committed: boolean;
  statements: number;
  rows: number;
  /** Main thread over BEGIN end → COMMIT end: on-CPU µs, run-queue wait µs, read() calls, bytes read, minor page faults. */
  cpu: number;
  wait: number;
  reads: number;
  readBytes: number;
  faults: number;
};
export type LockTrace = { pid: number; txs: TracedTx[]; probes: Array<[number, 0 | 1]>; io: Record<string, number>; ioStart: Record<string, number> };

const HOT = /^insert into "(incidents|calls)"/;

function readIo(): Record<string, number> {
  try {
    return Object.fromEntries(
      fs
        .readFileSync('/proc/self/io', 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(': '))
        .map(([k, v]) => [k!, Number(v)]),
    );
  } catch {
    return {};
  }
}

/**
 * The main thread's time on a core and waiting for one, in µs since it started (Linux:
 * /proc/self/task/<pid>/schedstat). process.cpuUsage also counts the threads that fsync and checkpoint
 * the log, which do not hold the write lock. Elsewhere [0, 0].
 */
export function mainThreadSched(): () => [number, number] {
  let fd: number | undefined;
  try {
    fd = fs.openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return () => [0, 0];
  }
  const buf = Buffer.alloc(128);
  return () => {
    const f = buf.toString('latin1', 0, fs.readSync(fd, buf, 0, 128, 0)).split(' ');
    return [Number(f[0]) / 1000, Number(f[1]) / 1000];
  };
}

/** Starts tracing (every connection of this process); `dir`: where the trace is written at exit. Answers the live trace. */
export function installLockTrace(dir?: string): LockTrace {
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const sched = mainThreadSched();
  // The main thread's read() calls and bytes (/proc io), and its minor page faults (/proc stat).
  const fdOf = (f: string) => {
    try {
      return fs.openSync(`/proc/self/task/${process.pid}/${f}`, 'r');
    } catch {
      return undefined;
    }
  };
  const ioFd = fdOf('io');
  const statFd = fdOf('stat');
  const big = Buffer.alloc(1024);
  const counters = (): [number, number, number] => {
    let reads = 0;
    let bytes = 0;
    let faults = 0;
    if (ioFd !== undefined) {
      const t = big.toString('latin1', 0, fs.readSync(ioFd, big, 0, 1024, 0));
      bytes = Number(/rchar: (\d+)/.exec(t)?.[1] ?? 0);
      reads = Number(/syscr: (\d+)/.exec(t)?.[1] ?? 0);
    }
    if (statFd !== undefined) {
      const t = big.toString('latin1', 0, fs.readSync(statFd, big, 0, 1024, 0));
      faults = Number(t.slice(t.lastIndexOf(') ') + 2).split(' ')[7]);
    }
    return [reads, bytes, faults];
  };
  const trace: LockTrace = { pid: process.pid, txs: [], probes: [], io: {}, ioStart: readIo() };
  // The connection that commits is the process's own; the one whose BEGIN is followed by a ROLLBACK at once is the probe's.
  const probeDbs = new WeakSet<object>();
  let open: (TracedTx & { db: object; s0: [number, number]; k0: [number, number, number] }) | undefined;

  const probe = new SqliteDatabase(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all']) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string; database: object }, ...a: unknown[]) {
      const source = this.source;
      const db = this.database;
      if (source === 'begin immediate') {
        const t0 = now();
        let ok = false;
        try {
          const r = original.apply(this, a);
          ok = true;
          return r;
        } finally {
          const t1 = now();
          if (probeDbs.has(db)) trace.probes.push([t1, ok ? 1 : 0]);
          else if (ok) open = { db, b0: t0, b1: t1, c0: 0, c1: 0, committed: false, statements: 0, rows: 0, cpu: 0, wait: 0, reads: 0, readBytes: 0, faults: 0, s0: sched(), k0: counters() };
          else trace.probes.push([t1, 0]); // a first probe try that found the lock busy (not yet known as the probe)
        }
      }
      if (open && db === open.db && (source === 'commit' || source === 'rollback')) {
        const c0 = now();
        try {
          return original.apply(this, a);
        } finally {
          const c1 = now();
          const s1 = sched();
          const k1 = counters();
          const tx = open;
          open = undefined;
          if (source === 'rollback' && tx.statements === 0) {
            // BEGIN then ROLLBACK with nothing between: the probe (whenWriteLockFree) took and gave back the lock.
            probeDbs.add(db);
            trace.probes.push([tx.b1, 1]);
          } else {
            const { db: _db, s0, k0, ...rest } = tx;
            trace.txs.push({ ...rest, c0, c1, committed: source === 'commit', cpu: s1[0] - s0[0], wait: s1[1] - s0[1], reads: k1[0] - k0[0], readBytes: k1[1] - k0[1], faults: k1[2] - k0[2] });
          }
        }
      }
      if (open && db === open.db) {
        open.statements++;
        if (HOT.test(source)) open.rows++;
      }
      return original.apply(this, a);
    };
  }
  if (dir) {
    process.on('exit', () => {
      trace.io = readIo();
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(trace));
    });
  }
  return trace;
}
