/**
 * Where one incident intake's time goes (issue 11): replays the `incidents-create` requests in process
 * (app.inject, no HTTP), first one at a time, then `--concurrency` at once (the group commit batches
 * them), and prints the service time per intake and the SQL statements one intake runs.
 * Writes real incidents into the bench file ("Intake de prueba …", as bench/run.ts does).
 *
 *   node --import tsx bench/intake-profile.ts --engine sqlite [--count 300] [--concurrency 10]
 *   node --import tsx bench/intake-profile.ts … --profile /tmp/prof   (CPU profiles of the measured rounds only)
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { benchArgs, benchEngine, openBench, runMain, scenarioContext } from './args.ts';
import { prepareDataset } from './lib/dataset.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { onSqliteStatement, timeSqliteStatements } from './lib/sqlite-statements.ts';
import { mainThreadSched } from './lib/lock-trace.ts';
import { checkpointing } from '../src/server/db/dialect.ts';

const args = benchArgs({
  count: { type: 'string', default: '300' },
  concurrency: { type: 'string', default: '10' },
  /** Intakes of the one-at-a-time round (default: --count; 0 skips it). */
  serial: { type: 'string' },
  statements: { type: 'boolean', default: false },
  /**
   * Group transactions before the log is checkpointed off the main thread, as a busy server does
   * after its first 50 (dialect.ts checkpointing). Default 0: measure the steady state from the start;
   * before, the first 50 groups' COMMITs copied the log into the database (and fsync'd it) on the main
   * thread, inside the write lock, about every 11 groups of 10.
   */
  'checkpoint-after': { type: 'string', default: '0' },
  /**
   * No checkpoint at all during the run (SQLite): the log only grows, so its size after each round
   * over 4,120 bytes (a 4 KiB page and its frame header) is the pages the round's COMMITs wrote,
   * printed as WAL frames per intake and per group. Only for measuring; a long run grows the log.
   */
  'no-checkpoint': { type: 'boolean', default: false },
  /** Write CPU profiles of the measured rounds only (serial.cpuprofile, concurrent.cpuprofile) into this directory. */
  profile: { type: 'string' },
});

async function main() {
  checkpointing.after = Number(args['checkpoint-after']);
  if (args['no-checkpoint']) {
    checkpointing.after = 0;
    checkpointing.everyMs = Number.POSITIVE_INFINITY;
  }
  const walFile = args.file ? `${args.file}-wal` : undefined;
  const walBytes = () => {
    try {
      return walFile ? fs.statSync(walFile).size : 0;
    } catch {
      return 0;
    }
  };
  const walSince = () => {
    const at = { bytes: walBytes() };
    return (n: number, tx: number) =>
      args['no-checkpoint'] && walFile ? `; WAL ${((walBytes() - at.bytes) / 4120 / Math.max(n, 1)).toFixed(1)} frames per intake, ${((walBytes() - at.bytes) / 4120 / Math.max(tx, 1)).toFixed(1)} per group` : '';
  };
  const dataset = await prepareDataset(benchEngine(args), { file: args.file!, url: args.url, regenerate: false, customers: 200000, units: 1000000 });
  const { database, app, headers } = await openBench(dataset.config);
  const ctx = scenarioContext(database, app, headers, 11);
  const scenario = SCENARIOS.find((s) => s.name === 'incidents-create')!;
  const requests = await scenario.requests(ctx);
  const count = Number(args.count);
  const post = async (k: number) => {
    const r = requests[k % requests.length]!;
    const res = await app.inject({ method: 'POST', url: r.path, headers, payload: r.body as object });
    if (res.statusCode !== 201) throw new Error(`intake answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  };
  // --statements (SQLite): the time of each statement one intake runs, by SQL text.
  const stats = args.statements && database.dialect === 'sqlite' ? timeSqliteStatements() : new Map<string, { n: number; ms: number }>();
  // SQLite: the time the write lock is held, from the end of each BEGIN IMMEDIATE to the end of its
  // COMMIT (the write-lock probe's BEGIN is followed by a ROLLBACK and not counted); the deferred
  // fsync after the COMMIT is outside it. Both workers of `serve` queue on this one lock.
  // Its CPU too (this process's, user + system, over the same span): under load the wall time counts
  // the waits for a core.
  const held = { tx: 0, ms: 0, cpu: 0, thread: 0 };
  // With --profile: the spans the lock was held (monotonic µs, the CPU profile's clock), to split the
  // profile's samples into inside and outside the write lock.
  const lockSpans: Array<[number, number]> = [];
  const monoUs = () => Number(process.hrtime.bigint() / 1000n);
  // The main thread's own CPU (bench/lib/lock-trace.ts mainThreadSched), in ns.
  const sched = mainThreadSched();
  const threadNs = () => sched()[0] * 1000;
  let threadSince = 0;
  if (database.dialect === 'sqlite') {
    let since: number | undefined;
    let sinceUs = 0;
    let cpuSince: NodeJS.CpuUsage | undefined;
    onSqliteStatement((source, _ms, result) => {
      if (result === undefined) return;
      if (source === 'begin immediate') {
        since = performance.now();
        sinceUs = monoUs();
        cpuSince = process.cpuUsage();
        threadSince = threadNs();
      } else if (source === 'rollback') since = undefined;
      else if (source === 'commit' && since !== undefined) {
        const cpu = process.cpuUsage(cpuSince);
        held.thread += (threadNs() - threadSince) / 1e6;
        held.tx++;
        held.ms += performance.now() - since;
        held.cpu += (cpu.user + cpu.system) / 1000;
        if (args.profile) lockSpans.push([sinceUs, monoUs()]);
        since = undefined;
      }
    });
  }
  const heldSince = (n = count) => {
    const at = { ...held };
    const wal = walSince();
    return () => `${((held.ms - at.ms) / Math.max(n, 1)).toFixed(2)} ms (CPU ${((held.cpu - at.cpu) / Math.max(n, 1)).toFixed(2)} ms, main thread ${((held.thread - at.thread) / Math.max(n, 1)).toFixed(2)} ms) per intake in ${held.tx - at.tx} transactions${wal(n, held.tx - at.tx)}`;
  };
  try {
    for (let k = 0; k < 20; k++) await post(k); // warm-up
    stats.clear();
    const session = args.profile ? new Session() : undefined;
    const profileStart = async () => {
      if (!session) return;
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    };
    const profileStop = async (name: string) => {
      if (!session) return;
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(args.profile!, { recursive: true });
      fs.writeFileSync(path.join(args.profile!, `${name}.cpuprofile`), JSON.stringify(profile));
      if (lockSpans.length) {
        fs.writeFileSync(path.join(args.profile!, `${name}.lock-spans.json`), JSON.stringify(lockSpans));
        printOutsideLock(name, profile, lockSpans.splice(0));
      }
    };
    session?.connect();
    const cpu0 = process.cpuUsage();
    await profileStart();
    let start = performance.now();
    const serialCount = args.serial === undefined ? count : Number(args.serial);
    const heldSerial = heldSince(serialCount);
    for (let k = 0; k < serialCount; k++) await post(k);
    const heldSerialText = heldSerial();
    const serialMs = (performance.now() - start) / Math.max(serialCount, 1);
    await profileStop('serial');
    const cpu1 = process.cpuUsage(cpu0);
    const printStatements = (title: string, n = count) => {
      if (!stats.size) return;
      const all = [...stats].sort((a, b) => b[1].ms - a[1].ms);
      const sum = all.reduce((t, [, v]) => t + v.ms, 0);
      console.log(`SQL per intake, ${title}: ${(sum / n).toFixed(2)} ms in ${(all.reduce((t, [, v]) => t + v.n, 0) / n).toFixed(1)} statements`);
      for (const [source, v] of all.slice(0, 25)) console.log(`  ${(v.ms / n).toFixed(3).padStart(7)} ms ${(v.n / n).toFixed(1).padStart(4)}×  ${source.replace(/\s+/g, ' ').slice(0, 160)}`);
      stats.clear();
    };
    printStatements('one at a time', Math.max(serialCount, 1));
    const c = Number(args.concurrency);
    await profileStart();
    const threads0 = threadCpu();
    const cpu2 = process.cpuUsage();
    start = performance.now();
    const heldConcurrent = heldSince();
    let next = 0;
    await Promise.all(Array.from({ length: c }, async () => {
      while (next < count) await post(next++);
    }));
    const concurrentMs = (performance.now() - start) / count;
    const heldConcurrentText = heldConcurrent();
    printStatements(`${c} at once (a group's BEGIN and COMMIT shared by its intakes)`);
    const cpu3 = process.cpuUsage(cpu2);
    const threads1 = threadCpu();
    await profileStop('concurrent');
    session?.disconnect();
    const perIntake = (u: NodeJS.CpuUsage, n = count) => `${(u.user / 1000 / Math.max(n, 1)).toFixed(2)} ms user + ${(u.system / 1000 / Math.max(n, 1)).toFixed(2)} ms system`;
    console.log(`CPU of this process per intake: one at a time ${perIntake(cpu1, serialCount)}; ${c} at once ${perIntake(cpu3)}`);
    if (threads0.size) {
      // Linux: which threads spent it (the main thread; V8's helpers: GC and compilation; the WAL checkpointer's worker; libuv's pool: the fsyncs).
      const spent = [...threads1].map(([tid, t]) => ({ tid, name: t.name, ms: (t.ns - (threads0.get(tid)?.ns ?? 0)) / 1e6 / count })).filter((t) => t.ms >= 0.005).sort((a, b) => b.ms - a.ms);
      console.log(`  by thread, ${c} at once (ms per intake): ${spent.map((t) => `${t.tid === process.pid ? 'main' : `${t.name}#${t.tid}`} ${t.ms.toFixed(3)}`).join(', ')}`);
    }
    if (database.dialect === 'sqlite') console.log(`write lock held (BEGIN IMMEDIATE to COMMIT): one at a time ${heldSerialText}; ${c} at once ${heldConcurrentText}`);
    console.log(`intake (${args.engine}), ${count} each: one at a time ${serialMs.toFixed(2)} ms per intake (${Math.round(1000 / serialMs)}/s); ${c} at once ${concurrentMs.toFixed(2)} ms per intake (${Math.round(1000 / concurrentMs)}/s)`);
  } finally {
    await app.close();
    await database.destroy();
    dataset.stop?.();
  }
}

/** Linux: each thread of this process, its name and its time on a CPU so far (ns, /proc schedstat); empty elsewhere. */
function threadCpu(): Map<number, { name: string; ns: number }> {
  const out = new Map<number, { name: string; ns: number }>();
  try {
    for (const tid of fs.readdirSync(`/proc/${process.pid}/task`)) {
      try {
        const name = fs.readFileSync(`/proc/${process.pid}/task/${tid}/comm`, 'utf8').trim();
        out.set(Number(tid), { name, ns: Number(fs.readFileSync(`/proc/${process.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) });
      } catch {
        // the thread ended
      }
    }
  } catch {
    // no /proc
  }
  return out;
}

/**
 * SQLite, --profile: the share of the profile's busy samples taken outside the write lock (not
 * between a BEGIN IMMEDIATE and its COMMIT), and those by function (self time): what an intake costs
 * the process beyond the lock (HTTP injection, validation, reads before the write, the answer). The
 * spans are written beside the profile (<name>.lock-spans.json, monotonic µs as the profile's clock).
 * Samples are taken by wall time: under load, code that waits for a core or a helper thread (GC) is
 * over-counted, so read the shares as a map, not as CPU.
 */
function printOutsideLock(name: string, profile: import('node:inspector').Profiler.Profile, spans: Array<[number, number]>) {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const self = new Map<string, number>();
  let t = profile.startTime;
  let k = 0;
  let inside = 0;
  let outside = 0;
  samples.forEach((id, i) => {
    t += deltas[i]!;
    const f = frames.get(id)!;
    if (f.functionName === '(idle)') return;
    while (k < spans.length && spans[k]![1] < t) k++;
    if (k < spans.length && spans[k]![0] <= t) {
      inside++;
      return;
    }
    outside++;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  });
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
  console.log(`${name}: busy samples inside the write lock ${inside}, outside ${outside} (${pct(outside, inside + outside)}); outside, by function (self, share of the outside samples):`);
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(n, outside).padStart(7)}  ${key}`);
}

runMain(main);
