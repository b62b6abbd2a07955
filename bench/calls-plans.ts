/**
 * Which index each reader of `calls` uses: replays the call lists, counts, feeds and the caller lookup
 * through `app.inject` (one at a time, as the bench agent and the bench supervisor), captures every
 * statement that reads `calls` with its parameters, and prints its plan (SQLite: EXPLAIN QUERY PLAN;
 * PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) inside a rolled-back transaction) and its time. Nothing is written
 * but the two bench API tokens (as every bench tool creates).
 *
 *   node --import tsx bench/calls-plans.ts --engine sqlite --file /copy/bench.db [--no-migrate]
 *   node --import tsx bench/calls-plans.ts --engine postgres --url postgres://… --no-migrate [--explain-url postgres://…/scratch]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE } from './generate.ts';
import { benchToken } from './lib/dataset.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    /** PostgreSQL: EXPLAIN the captured statements on this database instead (e.g. a scratch copy of the tables with an index change). */
    'explain-url': { type: 'string' },
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    'no-migrate': { type: 'boolean', default: false },
  },
});

async function main() {
  const dbConfig = args.engine === 'postgres' ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv, { database: dbConfig, runJobs: false });
  const database = await createDatabase(config.database, { migrate: !args['no-migrate'] });
  const app = await buildApp({ config, database, serveWeb: false, logger: false });
  const agentToken = await benchToken(database, config);
  const supervisorToken = await benchToken(database, config, 'supervisor');
  const db = database.db;
  const agent = await db.selectFrom('users').select('id').where('username', '=', 'bench-agent').executeTakeFirstOrThrow();
  const group = await db.selectFrom('group_members').select('group_id').where('user_id', '=', agent.id).executeTakeFirst();
  const someCall = await db.selectFrom('calls').select(['customer_id', 'type_code', 'to_group_id']).where('to_group_id', 'is not', null).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const withUnit = await db.selectFrom('calls').select('unit_id').where('unit_id', 'is not', null).limit(1).executeTakeFirst();
  const phone = await db.selectFrom('phone_numbers').select('normalized').where('customer_id', '=', someCall.customer_id).limit(1).executeTakeFirst();

  // Statements as sent: SQLite through the driver's wrapper; PostgreSQL through pg's Client.query.
  let captured: Array<{ sql: string; params: unknown[] }> = [];
  if (database.dialect === 'sqlite') {
    const proto = Object.getPrototypeOf((await import('better-sqlite3')).default.prototype.prepare.call(new (await import('better-sqlite3')).default(':memory:'), 'select 1')) as Record<string, (...a: unknown[]) => unknown>;
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = proto[method]!;
      proto[method] = function (this: { source: string }, ...a: unknown[]) {
        if (/\bcalls\b/i.test(this.source) && /^\s*(with|select)/i.test(this.source)) captured.push({ sql: this.source, params: a });
        return original.apply(this, a);
      };
    }
  } else {
    const capture = (q: any, values?: any) => {
      const text = typeof q === 'string' ? q : q?.text;
      const params = typeof q === 'string' ? values : (q?.values ?? values);
      if (text && /\bcalls\b/i.test(text) && /^\s*(with|select)/i.test(text)) captured.push({ sql: text, params: Array.isArray(params) ? params : [] });
    };
    const original = pg.Client.prototype.query as (...a: any[]) => any;
    (pg.Client.prototype as any).query = function (this: unknown, q: any, values?: any, cb?: any) {
      capture(q, values);
      return original.call(this, q, values, cb);
    };
    // Pooled clients have their own query (named statements, dialect.ts): wrapped as they are handed out.
    const emit = pg.Pool.prototype.emit;
    pg.Pool.prototype.emit = function (this: pg.Pool, event: string | symbol, ...rest: any[]) {
      const client = rest[0];
      if (event === 'acquire' && client && !client.__captured && client.query !== pg.Client.prototype.query) {
        client.__captured = true;
        const own = client.query;
        client.query = function (this: unknown, q: any, values?: any, cb?: any) {
          capture(q, values);
          return own.call(this, q, values, cb);
        };
      }
      return emit.call(this, event, ...rest);
    };
  }

  const requests: Array<[string, string]> = [
    ['agent', '/api/v1/calls?view=now&limit=50'],
    ['agent', '/api/v1/calls?view=now&limit=50&sort=priority'],
    ['agent', '/api/v1/calls/counts'],
    ['agent', '/api/v1/calls?view=postponed&limit=50'],
    ['agent', '/api/v1/calls?view=finished&limit=50'],
    ['agent', '/api/v1/calls?view=all&limit=50&mine=true'],
    ['supervisor', '/api/v1/calls/counts'],
    ['supervisor', '/api/v1/calls?view=now&limit=50&mine=false'],
    ['supervisor', '/api/v1/calls?view=now&limit=50&mine=false&sort=priority'],
    ['supervisor', '/api/v1/calls?view=all&limit=50'],
    ['supervisor', `/api/v1/calls?view=all&limit=50&toUserId=${agent.id}`],
    ['supervisor', `/api/v1/calls?view=all&limit=50&toGroupId=${someCall.to_group_id}`],
    ['supervisor', `/api/v1/calls?view=now&limit=50&mine=false&toGroupId=${someCall.to_group_id}`],
    ['supervisor', `/api/v1/calls?view=now&limit=50&mine=false&toUserId=${agent.id}&sort=priority`],
    ['supervisor', `/api/v1/calls?view=all&limit=50&typeCode=${someCall.type_code}`],
    ['supervisor', `/api/v1/calls?view=all&limit=50&customerId=${someCall.customer_id}`],
    ...(withUnit ? ([['supervisor', `/api/v1/calls?view=all&limit=50&unitId=${withUnit.unit_id}`]] as Array<[string, string]>) : []),
    ['supervisor', `/api/v1/customers/${someCall.customer_id}/timeline?limit=20`],
    ['supervisor', `/api/v1/units/${withUnit?.unit_id ?? 1}/history?limit=20`],
    ...(phone ? ([['agent', `/api/v1/calls/identify?phone=%2B${phone.normalized}`]] as Array<[string, string]>) : []),
  ];
  void group;
  for (const [who, url] of requests) {
    captured = [];
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${who === 'agent' ? agentToken : supervisorToken}` } });
    const ms = performance.now() - t0;
    console.log(`\n=== ${who} GET ${url} → ${res.statusCode} in ${ms.toFixed(1)} ms (first run)`);
    const seen = new Set<string>();
    for (const s of captured) {
      if (seen.has(s.sql)) continue;
      seen.add(s.sql);
      console.log(`--- ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
      if (database.dialect === 'sqlite') {
        const Database = (await import('better-sqlite3')).default;
        const ro = new Database(args.file!, { readonly: true });
        const plan = ro.prepare(`explain query plan ${s.sql}`).all(...(s.params as any[])) as Array<{ id: number; parent: number; detail: string }>;
        const depth = new Map<number, number>([[0, 0]]);
        for (const r of plan) {
          depth.set(r.id, (depth.get(r.parent) ?? 0) + 1);
          console.log(`    ${'  '.repeat(depth.get(r.id)! - 1)}${r.detail}`);
        }
        const stmt = ro.prepare(s.sql);
        const t = performance.now();
        for (let i = 0; i < 5; i++) stmt.all(...(s.params as any[]));
        console.log(`    (${((performance.now() - t) / 5).toFixed(3)} ms per run, warm)`);
        ro.close();
      } else {
        const client = new pg.Client({ connectionString: args['explain-url'] ?? args.url });
        await client.connect();
        try {
          await client.query('begin');
          const r = await client.query({ text: `explain (analyze, buffers, costs off, summary) ${s.sql}`, values: s.params as any[] });
          for (const row of r.rows) console.log(`    ${row['QUERY PLAN']}`);
        } finally {
          await client.query('rollback');
          await client.end();
        }
      }
    }
  }
  await app.close();
  await database.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
