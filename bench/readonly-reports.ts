/**
 * Times the supervisor's dashboard and the reports on an existing SQLite bench file opened
 * READ-ONLY (nothing is migrated or written), one request at a time, and prints the query plans of
 * the SQL they run. For looking at plans without the whole bench:
 *
 *   node --import tsx bench/readonly-reports.ts --file bench/data/bench.db [--now 2026-11-29T12:00:00Z] [--runs 5] [--reports dashboard,incidents,root-causes]
 *
 * PostgreSQL (`--url`): the same reports on an existing database, not migrated, nothing written
 * (the statements run in read-only transactions' default mode, SELECTs only); each statement timed
 * by a Kysely plugin and the slowest shown with EXPLAIN (ANALYZE, BUFFERS):
 *
 *   node --import tsx bench/readonly-reports.ts --url postgres://postgres@127.0.0.1:5432/atiende_bench --runs 3 --reports dashboard,incidents
 */
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { type CompiledQuery, Kysely, type KyselyPlugin, type QueryId, type RootOperationNode, SqliteDialect } from 'kysely';
import { loadConfig } from '../src/server/config.ts';
import type { Ctx } from '../src/server/context.ts';
import { createDatabase } from '../src/server/db/database.ts';
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
  },
});

const seen: Array<{ sql: string; params: unknown[]; ms: number; cpu: number }> = [];
const convert = (params: ReadonlyArray<unknown>) => params.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));

/** PostgreSQL: each statement's time from its compiling to its result (Kysely plugin hooks). */
function timingPlugin(compile: (node: RootOperationNode, id: QueryId) => CompiledQuery): KyselyPlugin {
  const started = new WeakMap<QueryId, { at: number; node: RootOperationNode }>();
  return {
    transformQuery({ node, queryId }) {
      started.set(queryId, { at: performance.now(), node });
      return node;
    },
    async transformResult({ result, queryId }) {
      const s = started.get(queryId);
      if (s) {
        const c = compile(s.node, queryId);
        seen.push({ sql: c.sql, params: [...c.parameters], ms: performance.now() - s.at, cpu: 0 });
      }
      return result;
    },
  };
}

let db: Kysely<DB>;
let close: () => Promise<void>;
let explain: (q: { sql: string; params: unknown[] }) => Promise<string[]>;
if (args.url) {
  const database = await createDatabase({ dialect: 'postgres', url: args.url }, { migrate: false });
  const executor = database.db.getExecutor();
  db = database.db.withPlugin(timingPlugin((node, id) => executor.compileQuery(node, id)));
  close = () => database.destroy();
  explain = async (q) => {
    const { rows } = await database.db.executeQuery<Record<string, unknown>>({ sql: `explain (analyze, buffers) ${q.sql}`, parameters: q.params, query: undefined as never, queryId: undefined as never });
    return rows.map((r) => String(Object.values(r)[0]));
  };
} else {
  const raw = new SqliteDatabase(args.file!, { readonly: true, fileMustExist: true });
  raw.pragma('cache_size = -65536');
  raw.pragma('mmap_size = 1073741824');
  const wrapped = {
    close: () => raw.close(),
    prepare(source: string) {
      const st = raw.prepare(source);
      const timed = <T>(params: ReadonlyArray<unknown>, fn: (p: unknown[]) => T): T => {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = fn(convert(params));
        const c = process.cpuUsage(c0);
        seen.push({ sql: source, params: convert(params), ms: performance.now() - t0, cpu: (c.user + c.system) / 1000 });
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
  db = new Kysely<DB>({ dialect: new SqliteDialect({ database: wrapped as never }) });
  close = () => db.destroy();
  explain = async (q) => (raw.prepare(`explain query plan ${q.sql}`).all(q.params) as Array<{ detail: string }>).map((p) => p.detail);
}
const admin = (await db.selectFrom('users').select(['id', 'username', 'name']).orderBy('id').limit(1).executeTakeFirstOrThrow()) as { id: number; username: string; name: string };
seen.length = 0;
const ctx: Ctx = {
  db,
  dialect: args.url ? 'postgres' : 'sqlite',
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
  for (let i = 0; i < Number(args.runs); i++) {
    seen.length = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (name === 'dashboard') await getDashboard(ctx);
    else await runReport(ctx, name, { from: year, to: day(Date.now()) });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  // CPU time of the process (SQLite runs in it): the service time, which the neighbours' load hardly changes.
  console.log(`\n## ${name}: best ${times[0].toFixed(0)} ms, median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms (${times.length} runs); CPU best ${cpus[0].toFixed(0)} ms, median ${cpus[Math.floor(cpus.length / 2)].toFixed(0)} ms`);
  for (const q of [...seen].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
    console.log(`\n${q.ms.toFixed(1)} ms${args.url ? '' : ` (CPU ${q.cpu.toFixed(1)} ms)`}  ${q.sql.slice(0, 300).replace(/\s+/g, ' ')}${q.sql.length > 300 ? '…' : ''}`);
    if (args.plans) for (const p of await explain(q)) console.log(`    ${p}`);
  }
}
await close();
