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

const args = benchArgs({
  count: { type: 'string', default: '300' },
  concurrency: { type: 'string', default: '10' },
  statements: { type: 'boolean', default: false },
  /** Write CPU profiles of the measured rounds only (serial.cpuprofile, concurrent.cpuprofile) into this directory. */
  profile: { type: 'string' },
});

async function main() {
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
  const held = { tx: 0, ms: 0, cpu: 0 };
  if (database.dialect === 'sqlite') {
    let since: number | undefined;
    let cpuSince: NodeJS.CpuUsage | undefined;
    onSqliteStatement((source, _ms, result) => {
      if (result === undefined) return;
      if (source === 'begin immediate') {
        since = performance.now();
        cpuSince = process.cpuUsage();
      } else if (source === 'rollback') since = undefined;
      else if (source === 'commit' && since !== undefined) {
        const cpu = process.cpuUsage(cpuSince);
        held.tx++;
        held.ms += performance.now() - since;
        held.cpu += (cpu.user + cpu.system) / 1000;
        since = undefined;
      }
    });
  }
  const heldSince = () => {
    const at = { ...held };
    return () => `${((held.ms - at.ms) / count).toFixed(2)} ms (CPU ${((held.cpu - at.cpu) / count).toFixed(2)} ms) per intake in ${held.tx - at.tx} transactions`;
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
    };
    session?.connect();
    const cpu0 = process.cpuUsage();
    await profileStart();
    let start = performance.now();
    const heldSerial = heldSince();
    for (let k = 0; k < count; k++) await post(k);
    const heldSerialText = heldSerial();
    const serialMs = (performance.now() - start) / count;
    await profileStop('serial');
    const cpu1 = process.cpuUsage(cpu0);
    const printStatements = (title: string) => {
      if (!stats.size) return;
      const all = [...stats].sort((a, b) => b[1].ms - a[1].ms);
      const sum = all.reduce((t, [, v]) => t + v.ms, 0);
      console.log(`SQL per intake, ${title}: ${(sum / count).toFixed(2)} ms in ${(all.reduce((t, [, v]) => t + v.n, 0) / count).toFixed(1)} statements`);
      for (const [source, v] of all.slice(0, 25)) console.log(`  ${(v.ms / count).toFixed(3).padStart(7)} ms ${(v.n / count).toFixed(1).padStart(4)}×  ${source.replace(/\s+/g, ' ').slice(0, 160)}`);
      stats.clear();
    };
    printStatements('one at a time');
    const c = Number(args.concurrency);
    await profileStart();
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
    await profileStop('concurrent');
    session?.disconnect();
    const perIntake = (u: NodeJS.CpuUsage) => `${(u.user / 1000 / count).toFixed(2)} ms user + ${(u.system / 1000 / count).toFixed(2)} ms system`;
    console.log(`CPU of this process per intake: one at a time ${perIntake(cpu1)}; ${c} at once ${perIntake(cpu3)}`);
    if (database.dialect === 'sqlite') console.log(`write lock held (BEGIN IMMEDIATE to COMMIT): one at a time ${heldSerialText}; ${c} at once ${heldConcurrentText}`);
    console.log(`intake (${args.engine}), ${count} each: one at a time ${serialMs.toFixed(2)} ms per intake (${Math.round(1000 / serialMs)}/s); ${c} at once ${concurrentMs.toFixed(2)} ms per intake (${Math.round(1000 / concurrentMs)}/s)`);
  } finally {
    await app.close();
    await database.destroy();
    dataset.stop?.();
  }
}

runMain(main);
