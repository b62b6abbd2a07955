/**
 * The write lock handed between two worker processes, without HTTP or the bench data (issue 11):
 * `--workers` processes of node:cluster (src/server/cluster.ts startPrimary, so peer messages are
 * relayed as under `serve`) each loop for `--seconds`: some CPU outside the lock (`--outside` ms, a
 * request's parsing and reads), then a group transaction on a throwaway file (transactionDeferringSync:
 * one row, `--inside` ms of CPU under the lock, peers woken at its COMMIT as the intakes' group writer
 * does), its fsync awaited (syncCommitted). Prints the transactions per second of all workers and the mean time from a COMMIT of one
 * worker to the BEGIN of the next transaction of another (the handoff gap), from the workers' own
 * timestamps on the shared monotonic clock.
 *
 *   node --import tsx bench/handoff-micro.ts [--seconds 3 --workers 2 --inside 1 --outside 1]
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { startPrimary } from '../src/server/cluster.ts';
import { createKysely, syncCommitted, transactionDeferringSync, whenWriteLockFree } from '../src/server/db/dialect.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '2' },
    inside: { type: 'string', default: '1' },
    outside: { type: 'string', default: '1' },
    file: { type: 'string' },
  },
});
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const spin = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

if (cluster.isWorker) {
  const file = process.env.MICRO_FILE!;
  const { db } = createKysely<any>({ dialect: 'sqlite', file });
  const spans: Array<[number, number]> = [];
  // startPrimary waits for every worker to listen.
  const server = net.createServer().listen(0, '127.0.0.1');
  const until = Number(process.env.MICRO_UNTIL);
  // Start together.
  while (Date.now() < Number(process.env.MICRO_START)) await new Promise((r) => setTimeout(r, 1));
  while (Date.now() < until) {
    spin(Number(args.outside));
    await whenWriteLockFree(db);
    let b = 0;
    await transactionDeferringSync(db, async (trx) => {
      b = nowUs();
      await sql`insert into t (w, at) values (${cluster.worker!.id}, ${b})`.execute(trx);
      spin(Number(args.inside));
    }, { wakePeers: true });
    spans.push([b, nowUs()]);
    await syncCommitted(db);
  }
  server.close();
  fs.writeFileSync(`${file}.${process.pid}.json`, JSON.stringify(spans));
  await db.destroy();
  process.exit(0);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-micro-'));
  const file = args.file ?? path.join(dir, 'm.db');
  const { db } = createKysely<any>({ dialect: 'sqlite', file });
  await sql`create table if not exists t (id integer primary key, w integer, at integer)`.execute(db);
  await db.destroy();
  const start = Date.now() + 1500;
  const until = start + Number(args.seconds) * 1000;
  const workers = Number(args.workers);
  let exited = 0;
  const done = new Promise<void>((resolve) => cluster.on('exit', () => ++exited === workers && resolve()));
  const cpu0 = process.cpuUsage();
  await startPrimary({ workers, env: { MICRO_FILE: file, MICRO_START: String(start), MICRO_UNTIL: String(until) }, log: () => {}, handleSignals: false });
  await done;
  const cpu = process.cpuUsage(cpu0);
  const all: Array<[number, number, string]> = [];
  for (const f of fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(`${path.basename(file)}.`) && f.endsWith('.json'))) {
    for (const [b, c] of JSON.parse(fs.readFileSync(path.join(path.dirname(file), f), 'utf8')) as Array<[number, number]>) all.push([b, c, f]);
  }
  all.sort((x, y) => x[0] - y[0]);
  const gaps: number[] = [];
  let same = 0;
  for (let i = 1; i < all.length; i++) {
    if (all[i]![2] === all[i - 1]![2]) same++;
    else gaps.push(all[i]![0] - all[i - 1]![1]);
  }
  const mean = gaps.reduce((s, g) => s + g, 0) / Math.max(gaps.length, 1);
  const sorted = [...gaps].sort((a, b) => a - b);
  console.log(
    `load ${os.loadavg()[0]!.toFixed(1)}, ${(all.length / Number(args.seconds)).toFixed(0)} transactions/s; handoffs ${gaps.length} (gap mean ${(mean / 1000).toFixed(3)} ms, p50 ${((sorted[Math.floor(sorted.length / 2)] ?? 0) / 1000).toFixed(3)} ms), same worker again ${same}; the primary (relays the lock hints) ${((cpu.user + cpu.system) / 1000 / Number(args.seconds)).toFixed(1)} ms of CPU per second, ${((cpu.user + cpu.system) / Math.max(gaps.length, 1)).toFixed(0)} µs per handoff`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
