/**
 * Times the supervisor's dashboard and the reports on an existing SQLite bench file opened
 * READ-ONLY (nothing is migrated or written), one request at a time, and prints the query plans of
 * the SQL they run. For looking at plans without the whole bench:
 *
 *   node --import tsx bench/readonly-reports.ts --file bench/data/bench.db [--now 2026-11-29T12:00:00Z] [--runs 5] [--reports dashboard,incidents,root-causes]
 */
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { loadConfig } from '../src/server/config.ts';
import type { Ctx } from '../src/server/context.ts';
import type { DB } from '../src/server/db/schema.ts';
import { getDashboard } from '../src/server/modules/reports/dashboard.service.ts';
import { runReport } from '../src/server/modules/reports/reports.service.ts';

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: 'bench/data/bench.db' },
    now: { type: 'string' },
    runs: { type: 'string', default: '5' },
    reports: { type: 'string', default: 'dashboard' },
    plans: { type: 'boolean', default: true },
  },
});

const raw = new SqliteDatabase(args.file!, { readonly: true, fileMustExist: true });
raw.pragma('cache_size = -65536');
raw.pragma('mmap_size = 1073741824');
const convert = (params: ReadonlyArray<unknown>) => params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
const seen: Array<{ sql: string; params: unknown[]; ms: number }> = [];
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
const admin = raw.prepare("select id, username, name from users order by id limit 1").get() as { id: number; username: string; name: string };
const ctx: Ctx = {
  db,
  dialect: 'sqlite',
  actor: { userId: Number(admin.id), username: admin.username, name: admin.name, role: 'admin', language: 'es', timeZone: 'Europe/Madrid', via: 'system' },
  locale: 'es',
  config: loadConfig({ ...process.env, ATIENDE_DB: 'sqlite', ATIENDE_SQLITE_FILE: args.file }),
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
  for (let i = 0; i < Number(args.runs); i++) {
    seen.length = 0;
    const t0 = performance.now();
    if (name === 'dashboard') await getDashboard(ctx);
    else await runReport(ctx, name, { from: year, to: day(Date.now()) });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`\n## ${name}: best ${times[0].toFixed(0)} ms, median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms (${times.length} runs)`);
  for (const q of [...seen].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
    console.log(`\n${q.ms.toFixed(1)} ms  ${q.sql.slice(0, 300).replace(/\s+/g, ' ')}${q.sql.length > 300 ? '…' : ''}`);
    if (args.plans) {
      const plan = raw.prepare(`explain query plan ${q.sql}`).all(q.params) as Array<{ detail: string }>;
      for (const p of plan) console.log(`    ${p.detail}`);
    }
  }
}
await db.destroy();
export type { CompiledQuery };
