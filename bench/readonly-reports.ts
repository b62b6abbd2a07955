/**
 * Times the supervisor's dashboard and the reports on an existing bench database, one request at a
 * time, and prints the slowest statements of each with their query plans. SQLite: the file opened
 * READ-ONLY (nothing is migrated or written). PostgreSQL (`--url`): nothing is migrated; the reports
 * only read; plans are `EXPLAIN` (not ANALYZE) of each statement with its parameters.
 *
 *   node --import tsx bench/readonly-reports.ts --file bench/data/bench.db [--now 2026-11-29T12:00:00Z] [--runs 5] [--reports dashboard,incidents,root-causes]
 *   node --import tsx bench/readonly-reports.ts --url postgres://postgres@127.0.0.1:5432/atiende_bench --runs 3 --reports billing
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/server/config.ts';
import '../src/server/db/dialect.ts';
import type { Ctx } from '../src/server/context.ts';
import type { DB } from '../src/server/db/schema.ts';
import { getDashboard } from '../src/server/modules/reports/dashboard.service.ts';
import { runReport } from '../src/server/modules/reports/reports.service.ts';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: 'bench/data/bench.db' },
    url: { type: 'string' },
    now: { type: 'string' },
    runs: { type: 'string', default: '5' },
    reports: { type: 'string', default: 'dashboard' },
    plans: { type: 'boolean', default: true },
    'no-plans': { type: 'boolean', default: false },
  },
});

const seen: Array<{ sql: string; params: unknown[]; ms: number }> = [];

/** SQLite: the file read-only, each statement timed in the driver wrapper; plans by EXPLAIN QUERY PLAN. */
function openSqliteReadonly(file: string) {
  const raw = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  raw.pragma('cache_size = -65536');
  raw.pragma('mmap_size = 1073741824');
  const convert = (params: ReadonlyArray<unknown>) => params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  const wrapped = {
    close: () => raw.close(),
    prepare(source: string) {
      const st = raw.prepare(source);
      const timed = <T>(params: ReadonlyArray<unknown>, fn: (p: unknown[]) => T): T => {
        const t0 = performance.now();
        const r = fn(convert(params));
        seen.push({ sql: source, params: convert(params), ms: performance.now() - t0 });
        return r;
      };
      return {
        reader: st.reader,
        all: (params: ReadonlyArray<unknown>) => timed(params, (p) => st.all(p)),
        run: (params: ReadonlyArray<unknown>) => timed(params, (p) => st.run(p)),
        iterate: (params: ReadonlyArray<unknown>) => st.iterate(convert(params)),
      };
    },
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: wrapped as never }) });
  const plan = async (q: (typeof seen)[number]) => (raw.prepare(`explain query plan ${q.sql}`).all(q.params) as Array<{ detail: string }>).map((p) => p.detail);
  return { db, plan, dialect: 'sqlite' as const };
}

/** PostgreSQL: a pool of one connection with the app's type parsers (dialect.ts); each statement timed by Kysely's log. */
function openPostgres(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') seen.push({ sql: e.query.sql, params: [...e.query.parameters], ms: e.queryDurationMillis });
    },
  });
  const plan = async (q: (typeof seen)[number]) => {
    const r = await pool.query(`explain ${q.sql}`, q.params);
    return r.rows.map((row: Record<string, string>) => row['QUERY PLAN']);
  };
  return { db, plan, dialect: 'postgres' as const };
}

const opened = args.url ? openPostgres(args.url) : openSqliteReadonly(args.file!);
const db = opened.db;
const admin = (await db.selectFrom('users').select(['id', 'username', 'name']).orderBy('id').limit(1).executeTakeFirstOrThrow()) as { id: number; username: string; name: string };
const ctx: Ctx = {
  db,
  dialect: opened.dialect,
  actor: { userId: Number(admin.id), username: admin.username, name: admin.name, role: 'admin', language: 'es', timeZone: 'Europe/Madrid', via: 'system' },
  locale: 'es',
  config: loadConfig({ ...process.env, DATABASE_URL: args.url ?? `sqlite:${args.file}` }),
  afterCommit: [],
};

const realNow = Date.now;
if (args.now) {
  const fixed = Date.parse(args.now);
  Date.now = () => fixed;
  const RealDate = Date;
  // new Date() without arguments reads "now" too.
  globalThis.Date = class extends RealDate {
    constructor(...a: unknown[]) {
      super(...((a.length ? a : [fixed]) as [number]));
    }
    static override now() {
      return fixed;
    }
  } as DateConstructor;
}
void realNow;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const year = `${day(Date.now() - 364 * 86_400_000)}`;
for (const name of args.reports!.split(',')) {
  const times: number[] = [];
  const cpus: number[] = [];
  const engine = opened.dialect;
  for (let i = 0; i < Number(args.runs); i++) {
    seen.length = 0;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    if (name === 'dashboard') await getDashboard(ctx);
    else await runReport(ctx, name, { from: year, to: day(Date.now()) });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  console.log(`\n## ${name} (${engine}, load ${loadavg()[0].toFixed(1)}): best ${times[0].toFixed(0)} ms, median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms (${times.length} runs); CPU of this process best ${cpus[0].toFixed(0)} ms, median ${cpus[Math.floor(cpus.length / 2)].toFixed(0)} ms${engine === 'postgres' ? ' (the server\'s CPU not counted)' : ''}`);
  for (const q of [...seen].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
    console.log(`\n${q.ms.toFixed(1)} ms  ${q.sql.slice(0, 300).replace(/\s+/g, ' ')}${q.sql.length > 300 ? '…' : ''}`);
    if (args.plans && !args['no-plans']) {
      for (const line of await opened.plan(q)) console.log(`    ${line}`);
    }
  }
}
await db.destroy();
