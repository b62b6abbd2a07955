/**
 * Registering a call in process, without sockets: N `POST /api/v1/calls` through `app.inject` with C
 * in flight, on a bench database. Prints the wall rate and — what a loaded machine changes least —
 * the CPU time of this Node process per call (user + system), so two versions of the code can be
 * compared back to back on the shared machine. Durable commits as served (SQLite synchronous=FULL;
 * PostgreSQL as the cluster is set).
 *
 *   node --import tsx bench/calls-register.ts --engine sqlite --file bench/data/bench.db [--calls 2000 --concurrency 10]
 *   node --import tsx bench/calls-register.ts --engine postgres --url postgres://…
 *   … --statements (SQLite: the time of each statement per call, by SQL text)
 *   … --lock (SQLite: how long the write lock is held per call, BEGIN IMMEDIATE to the end of COMMIT:
 *     the workers of `serve --workers N` take turns for it, so it bounds the rate of all of them together)
 *   … --profile /tmp/prof (a CPU profile of the measured calls only: register.cpuprofile)
 *   … --no-migrate (the file as it is: another tree's migration may already be on a shared bench file)
 *   … --wal (SQLite: no checkpoints at all during the run, so the log only grows: WAL frames (pages) written
 *     per call and per group, and calls per group; a copy of the log is left in <file>-wal.run, whose pages
 *     bench/wal-pages.ts tells by table and index)
 *   PostgreSQL also prints the CPU its backends serving this process used per call (from /proc: the
 *   cluster must run on this machine), found by this process's application_name.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { checkpointing } from '../src/server/db/dialect.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE } from './generate.ts';
import { benchToken } from './lib/dataset.ts';
import { onSqliteStatement, timeSqliteStatements } from './lib/sqlite-statements.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    calls: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '10' },
    statements: { type: 'boolean', default: false },
    profile: { type: 'string' },
    lock: { type: 'boolean', default: false },
    /** Open the file as it is (another tree's migration may be on the shared bench file already). */
    'no-migrate': { type: 'boolean', default: false },
    wal: { type: 'boolean', default: false },
  },
});

const APP_NAME = `atiende-register-${process.pid}`;

/** CPU seconds (user + system) the PostgreSQL backends of this process used so far, by pid (/proc/<pid>/stat). */
async function backendTicks(db: Awaited<ReturnType<typeof createDatabase>>['db']): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${APP_NAME}`.execute(db);
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // not on this machine, or gone
    }
  }
  return ticks;
}

async function main() {
  if (args.engine === 'postgres') process.env.PGAPPNAME = APP_NAME;
  const dbConfig = args.engine === 'postgres' ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv, { database: dbConfig, runJobs: false });
  // --wal: the off-thread checkpointer from the first group on (the connection stops checkpointing by
  // itself), never nudged: every page a group writes stays in the log.
  if (args.wal) Object.assign(checkpointing, { after: 0, everyMs: Number.POSITIVE_INFINITY });
  const database = await createDatabase(config.database, { migrate: !args['no-migrate'] });
  const app = await buildApp({ config, database, serveWeb: false, logger: false });
  const token = await benchToken(database, config);
  const agent = await database.db.selectFrom('users').select('id').where('username', '=', 'bench-agent').executeTakeFirstOrThrow();
  const phones = (await database.db.selectFrom('phone_numbers').select('normalized').orderBy('id').limit(2000).execute()).map((p) => p.normalized);
  const total = Number(args.calls);
  const concurrency = Number(args.concurrency);
  const post = (k: number) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/calls',
      headers: { authorization: `Bearer ${token}` },
      payload: { phone: `+${phones[k % phones.length]}`, toUserId: String(agent.id), description: `Llamada de prueba ${k}: el equipo muestra el error E${k % 40} al arrancar.` },
    });
  const stats = args.statements && database.dialect === 'sqlite' ? timeSqliteStatements() : new Map<string, { n: number; ms: number }>();
  const lock = { since: 0, ms: 0, groups: 0, cpuSince: 0, cpuMs: 0 };
  /** Each group's COMMIT, in ms (FTS5 flushes its segment and does its merge work there). */
  const commits: number[] = [];
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const walFile = `${args.file}-wal`;
  const walBytes = () => (fs.existsSync(walFile) ? fs.statSync(walFile).size : 0);
  const wal = { groups: 0, bytes: 0 };
  if (args.wal && database.dialect === 'sqlite') onSqliteStatement((source) => void (source === 'commit' && wal.groups++));
  if (args.lock && database.dialect === 'sqlite') {
    onSqliteStatement((source, ms) => {
      if (source === 'begin immediate') {
        lock.since = performance.now() - ms;
        lock.cpuSince = cpuNow() - ms;
      }
      else if (source === 'rollback') lock.since = 0;
      else if (source === 'commit' && lock.since) {
        commits.push(ms);
        lock.ms += performance.now() - lock.since;
        lock.cpuMs += cpuNow() - lock.cpuSince;
        lock.groups++;
        lock.since = 0;
      }
    });
  }
  // Warm-up (prepared statements, caches), not counted.
  for (let k = 0; k < 50; k++) await post(k);
  stats.clear();
  Object.assign(lock, { since: 0, ms: 0, groups: 0, cpuMs: 0 });
  commits.length = 0;
  const session = args.profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const pg0 = database.dialect === 'postgres' ? await backendTicks(database.db) : undefined;
  const load = os.loadavg()[0];
  wal.groups = 0;
  wal.bytes = walBytes();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const res = await post(next++);
        if (res.statusCode !== 201 && failed++ === 0) console.error(`first failure: ${res.statusCode} ${res.body.slice(0, 300)}`);
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(args.profile!, { recursive: true });
    fs.writeFileSync(path.join(args.profile!, 'register.cpuprofile'), JSON.stringify(profile));
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${args.engine}: ${total} calls, ${concurrency} in flight, load ${load.toFixed(1)} → ${Math.round((total / wall) * 1000)} calls/s wall, ` +
      `${(cpuMs / total).toFixed(3)} ms Node CPU per call (${Math.round((total / cpuMs) * 1000)} calls per CPU-second), ${failed} not 201`,
  );
  if (args.wal && database.dialect === 'sqlite') {
    const pageSize = Number((await sql<{ page_size: number }>`pragma page_size`.execute(database.db)).rows[0]!.page_size);
    const frames = (walBytes() - wal.bytes) / (pageSize + 24);
    // The log as the run left it (the close checkpoints and removes it), for bench/wal-pages.ts.
    fs.copyFileSync(walFile, `${walFile}.run`);
    console.log(`WAL: ${frames} frames, ${(frames / total).toFixed(2)} pages per call, ${(frames / wal.groups).toFixed(1)} per group (${wal.groups} groups, ${(total / wal.groups).toFixed(2)} calls per group)`);
  }
  if (pg0) {
    const pg1 = await backendTicks(database.db);
    let ticks = 0;
    for (const [pid, t] of pg1) ticks += t - (pg0.get(pid) ?? 0);
    // Clock ticks are 1/100 s on Linux.
    console.log(`PostgreSQL backends of this process: ${((ticks * 10) / total).toFixed(3)} ms CPU per call (${pg1.size} backends; a backend opened during the run counts from its start)`);
  }
  if (lock.groups) {
    console.log(
      `write lock held ${(lock.ms / total).toFixed(3)} ms per call (${lock.groups} groups, ${(lock.ms / lock.groups).toFixed(2)} ms each; ` +
        `${(lock.cpuMs / total).toFixed(3)} ms of it this process's CPU): at most ${Math.round((total / lock.ms) * 1000)} calls/s for all workers together ` +
        `(${Math.round((total / lock.cpuMs) * 1000)}/s on the CPU alone)`,
    );
    const sorted = [...commits].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
    const slow = sorted.filter((ms) => ms >= 5);
    console.log(
      `COMMIT per group: p50 ${at(0.5)}, p90 ${at(0.9)}, p99 ${at(0.99)}, max ${at(1)} ms; ${(sorted.reduce((a, b) => a + b, 0) / total).toFixed(3)} ms per call in all, ` +
        `${slow.length} groups ≥ 5 ms holding ${(slow.reduce((a, b) => a + b, 0) / total).toFixed(3)} ms per call of it`,
    );
  }
  if (stats.size) {
    const sqlMs = [...stats.values()].reduce((a, b) => a + b.ms, 0);
    console.log(`SQL ${(sqlMs / total).toFixed(3)} ms per call (${[...stats.values()].reduce((a, b) => a + b.n, 0) / total} statements):`);
    for (const [text, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      console.log(`  ${(s.ms / total).toFixed(3)} ms/call  ${(s.ms / s.n).toFixed(3)} ms × ${(s.n / total).toFixed(2)}  ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
  }
  // The calls this run left pending are finished by the next calls scenario's preparation (bench/calls.ts).
  await app.close();
  await database.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
