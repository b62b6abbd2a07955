/**
 * Which index each reader of an intake's tables uses (issue 11: an intake inserts into every index of
 * `incidents`, `incident_clocks`, `incident_sla_state`, `report_incident_facts`; one no plan uses is
 * a page per group for nothing). Replays the screens and reports that read those tables (the inbox
 * with every filter, similar cases, the SLA lists and badge, the unit history and customer timeline,
 * the incident, root-cause and time reports over a year and a month, the dashboard) and the background
 * reads (escalation sweep, SLA phases; in a transaction rolled back), records every distinct
 * statement that reads one of the tables with its first values, and prints its plan (SQLite EXPLAIN
 * QUERY PLAN; PostgreSQL EXPLAIN for those values) and the median service time of each request.
 * Ends with the indexes of those tables no plan used.
 *
 *   node --import tsx bench/index-readers.ts --engine sqlite --file /tmp/copy.db [--plans] [--rounds 3]
 *   node --import tsx bench/index-readers.ts --engine postgres --url postgres://…/atiende_bench
 *
 * Opening the app migrates the database to this tree's latest: never point a tree with an
 * unapplied migration at a shared bench database.
 */
import fs from 'node:fs';
import pg from 'pg';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { benchArgs, benchEngine, openBench, runMain, scenarioContext } from './args.ts';
import { prepareDataset } from './lib/dataset.ts';
import { SCENARIOS } from './scenarios/index.ts';
import * as slaRepo from '../src/server/modules/sla/sla.repository.ts';

const args = benchArgs({
  tables: { type: 'string', default: 'incidents,incident_clocks,incident_sla_state,report_incident_facts' },
  rounds: { type: 'string', default: '3' },
  plans: { type: 'boolean', default: false },
  /**
   * PostgreSQL: the plans as they would be without these indexes (comma-separated): the EXPLAINs run
   * in one transaction that drops them first and is rolled back (it locks their tables meanwhile).
   */
  'pg-drop': { type: 'string' },
  /** PostgreSQL: SQL run in that same transaction after the drops (e.g. the CREATE INDEX of a migration under trial). */
  'pg-ddl': { type: 'string' },
  /** Writes every recorded statement with its first values to this JSON file (to EXPLAIN it elsewhere). */
  dump: { type: 'string' },
});

const TABLES = args.tables!.split(',');
const touches = (text: string) => TABLES.some((t) => new RegExp(`\\b${t}\\b`).test(text)) && !/^\s*insert\b/i.test(text) && !/^\s*(begin|commit|rollback|savepoint|release|pragma)/i.test(text);

type Seen = { text: string; values: unknown[]; n: number; from: Set<string> };
const seen = new Map<string, Seen>();
let current = '';
let capturing = true;
const record = (text: string, values: unknown[]) => {
  if (!capturing || !touches(text)) return;
  const s = seen.get(text);
  if (s) {
    s.n++;
    s.from.add(current);
  } else seen.set(text, { text, values, n: 1, from: new Set([current]) });
};

function hookSqlite() {
  const probe = new SqliteDatabase(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string }, ...a: unknown[]) {
      record(this.source, a);
      return original.apply(this, a);
    };
  }
}

function hookPostgres() {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const q = a[0] as string | { text?: string; values?: unknown[] };
    if (typeof q === 'string') record(q, (a[1] as unknown[]) ?? []);
    else if (q && typeof q.text === 'string') record(q.text, q.values ?? (Array.isArray(a[1]) ? (a[1] as unknown[]) : []));
    return original.apply(this, a);
  };
}

function day(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

async function main() {
  const engine = benchEngine(args);
  if (engine === 'sqlite') hookSqlite();
  else hookPostgres();
  const dataset = await prepareDataset(engine, { file: args.file!, url: args.url, regenerate: false, customers: 200000, units: 1000000 });
  const { database, app, headers } = await openBench(dataset.config);
  const ctx = scenarioContext(database, app, headers, 5);
  const db = database.db;
  try {
    const some = await db.selectFrom('incidents').select(['unit_id', 'customer_id', 'owner_user_id', 'owner_group_id', 'item_id', 'reason_code']).where('id', '=', sql<number>`(select max(id) - 1000 from incidents)`).executeTakeFirstOrThrow();
    const now = Date.now();
    const year = `from=${day(now - 364 * 86_400_000)}&to=${day(now)}`;
    const month = `from=${day(now - 30 * 86_400_000)}&to=${day(now)}`;
    const paths: string[] = [];
    for (const name of ['incidents-inbox', 'incidents-similar', 'sla-at-risk']) {
      const s = SCENARIOS.find((x) => x.name === name)!;
      const reqs = await s.requests(ctx);
      paths.push(...reqs.slice(0, name === 'incidents-similar' ? 12 : reqs.length).map((r) => r.path));
    }
    const inbox = '/api/v1/incidents?limit=50';
    paths.push(
      `${inbox}&statusCode=EC`,
      `${inbox}&statusCode=CERR`,
      `${inbox}&priorityCode=P1`,
      `${inbox}&caseType=billable`,
      `${inbox}&view=closed`,
      `${inbox}&stage=closed`,
      `${inbox}&unitId=${some.unit_id}`,
      `${inbox}&customerId=${some.customer_id}`,
      ...(some.owner_user_id ? [`${inbox}&ownerUserId=${some.owner_user_id}`, `${inbox}&ownerUserId=${some.owner_user_id}&statusCode=EC`] : []),
      `/api/v1/incidents/sla?view=breached&mine=true&limit=50`,
      `/api/v1/incidents/sla?view=paused&mine=true&limit=50`,
      `/api/v1/units/${some.unit_id}/history?limit=20`,
      `/api/v1/customers/${some.customer_id}/timeline?limit=20`,
      `/api/v1/reports/incidents?${year}`,
      `/api/v1/reports/incidents?${month}&statusCode=EC`,
      `/api/v1/reports/root-causes?${year}`,
      `/api/v1/reports/root-causes?${month}`,
      `/api/v1/reports/incident-times?${year}`,
      `/api/v1/reports/incident-times?${month}`,
      `/api/v1/reports/incident-times?${day(now - 2 * 86_400_000)}`.replace('?', `?from=`) + `&to=${day(now)}`,
      `/api/v1/reports/dashboard`,
    );
    const times = new Map<string, number[]>();
    for (let r = 0; r < Number(args.rounds); r++) {
      for (const p of paths) {
        current = p;
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url: p, headers: { ...headers } });
        const ms = performance.now() - t0;
        if (res.statusCode >= 400) console.log(`  ${res.statusCode} ${p}: ${res.body.slice(0, 160)}`);
        times.set(p, [...(times.get(p) ?? []), ms]);
      }
    }
    // The background reads, as their jobs run them (in a transaction rolled back: nothing claimed stays claimed).
    const at = new Date().toISOString();
    current = 'jobs';
    const rollback = new Error('rollback');
    for (const job of [
      (c: any) => slaRepo.claimDueClocks(c, { now: at, limit: 100 }),
      (c: any) => slaRepo.claimStalePhases(c, { now: at, limit: 100 }),
    ]) {
      await db
        .transaction()
        .execute(async (trx) => {
          await job(trx);
          throw rollback;
        })
        .catch((e) => {
          if (e !== rollback) console.log(`  job failed: ${(e as Error).message}`);
        });
    }
    capturing = false;
    if (args.dump) fs.writeFileSync(args.dump, JSON.stringify([...seen.values()].map((s) => ({ text: s.text, values: s.values, n: s.n, from: [...s.from] })), null, 1));

    console.log(`\n## median service time per request (${args.rounds} rounds, one at a time)`);
    for (const [p, t] of times) console.log(`  ${[...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!.toFixed(2).padStart(8)} ms  ${p}`);

    const used = new Map<string, number>();
    console.log(`\n## statements reading ${TABLES.join(', ')}: ${seen.size}`);
    for (const s of seen.values()) {
      let plan: string[];
      try {
        if (database.dialect === 'sqlite') {
          const raw = (database as unknown as { sqlite?: SqliteDatabase.Database }).sqlite ?? rawSqlite(db);
          const values = s.values.length === 1 && typeof s.values[0] === 'object' && s.values[0] !== null && !Array.isArray(s.values[0]) ? s.values[0] : s.values.flat();
          plan = (raw.prepare(`explain query plan ${s.text}`).all(values as never) as Array<{ detail: string }>).map((r) => r.detail);
        } else {
          plan = await explainPg(dataset.config as { url?: string }, s.text, s.values);
        }
      } catch (e) {
        plan = [`(no plan: ${(e as Error).message.slice(0, 120)})`];
      }
      const idx = new Set<string>();
      for (const line of plan) for (const m of line.matchAll(/\b((?:incidents|incident_clocks|incident_sla_state|report_incident_facts)_[a-z_0-9]+|sqlite_autoindex_[a-z_0-9]+)\b/g)) idx.add(m[1]!);
      for (const i of idx) used.set(i, (used.get(i) ?? 0) + s.n);
      if (args.plans || idx.size === 0) {
        console.log(`\n- ${s.n}× from ${[...s.from].slice(0, 3).join(' | ')}\n  ${s.text.replace(/\s+/g, ' ').slice(0, 400)}\n    ${plan.join('\n    ')}`);
      } else console.log(`- ${s.n}× [${[...idx].join(', ')}] ${s.text.replace(/\s+/g, ' ').slice(0, 140)}`);
    }
    const all =
      database.dialect === 'sqlite'
        ? (await sql<{ name: string; tbl: string }>`select name, tbl_name as tbl from sqlite_master where type = 'index' and tbl_name in (${sql.join(TABLES)})`.execute(db)).rows
        : (await sql<{ name: string; tbl: string }>`select indexname as name, tablename as tbl from pg_indexes where tablename in (${sql.join(TABLES)})`.execute(db)).rows.filter((r) => !args['pg-drop']?.split(',').includes(r.name));
    if (pgClient && (args['pg-drop'] || args['pg-ddl'])) await pgClient.query('rollback');
    console.log('\n## indexes of those tables, and how many statement runs used each');
    for (const r of all.sort((a, b) => (a.tbl + a.name).localeCompare(b.tbl + b.name))) console.log(`  ${String(used.get(r.name) ?? 0).padStart(6)}  ${r.tbl}.${r.name}`);
  } finally {
    await app.close();
    await database.destroy();
    dataset.stop?.();
  }
}

let rawConn: SqliteDatabase.Database | undefined;
function rawSqlite(_db: unknown): SqliteDatabase.Database {
  if (!rawConn) rawConn = new SqliteDatabase(args.file!, { readonly: true });
  return rawConn;
}

let pgClient: pg.Client | undefined;
async function explainPg(config: { url?: string }, text: string, values: unknown[]): Promise<string[]> {
  if (!pgClient) {
    pgClient = new pg.Client({ connectionString: args.url ?? config.url });
    await pgClient.connect();
    if (args['pg-drop'] || args['pg-ddl']) {
      await pgClient.query(`begin; set local lock_timeout = '2s'`);
      for (const name of args['pg-drop']?.split(',') ?? []) await pgClient.query(`drop index ${name}`);
      if (args['pg-ddl']) await pgClient.query(fs.readFileSync(args['pg-ddl'], 'utf8'));
    }
  }
  const r = await pgClient.query({ text: `explain (costs off) ${text}`, values: values as unknown[] });
  return r.rows.map((x: Record<string, string>) => String(Object.values(x)[0]));
}

runMain(main);
