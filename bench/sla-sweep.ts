/**
 * One escalation sweep at scale: 1,000,000 incidents, 100,000 open, exactly 1,000 clocks whose
 * warning is due and not yet sent (bench/areas-data.ts). Runs the SLA job's own pass
 * (`sweepEscalations`: one transaction that claims the due clocks with `FOR UPDATE SKIP LOCKED`
 * and writes the events, notices and e-mails in multi-row statements) until nothing is left, with
 * the areas' incident hooks installed as in a server, on the app's own connection settings (SQLite
 * synchronous=FULL; PostgreSQL as the server is set), and times it.
 *
 *   node --import tsx bench/sla-sweep.ts --engine sqlite [--file bench/data/bench.db]
 *   node --import tsx bench/sla-sweep.ts --engine postgres --url postgres://…/atiende_bench
 *   ATIENDE_SLA_BATCH=200 …   (passes of 200; the job's default batch is 1,000: one pass leases all)
 *   … --statements            (also prints each statement of the sweep: count, total ms, rows, by SQL text)
 *
 * Before measuring, it puts the dataset back as generated: the same 1,000 clocks (remembered in
 * bench/data/sla-due-<engine>.json on the first run) due again and not escalated, and any other
 * clock that came due since (time passes) pushed a week ahead, so every run sweeps exactly 1,000.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/server/config.ts';
import { systemCtx } from '../src/server/context.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { installAreas } from '../src/server/modules/area.ts';
import { areas } from '../src/server/modules/index.ts';
import { rebuildSlaState } from '../src/server/modules/sla/sla.repository.ts';
import { sweepEscalations } from '../src/server/modules/sla/sla.service.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE } from './generate.ts';
import { fmt } from './lib/progress.ts';
import { onSqliteStatement } from './lib/sqlite-statements.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    url: { type: 'string' },
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    due: { type: 'string', default: '1000' },
    statements: { type: 'boolean', default: false },
  },
});

type Key = { incident_id: number; target: string };

/** --statements: every statement the driver runs, timed (round trip included on PostgreSQL), by SQL text. */
const stats = new Map<string, { n: number; ms: number; rows: number }>();
let timing = false;
function note(source: string, ms: number, rows: number) {
  if (!timing) return;
  const key = source.replace(/\s+/g, ' ').replace(/(\(\$?\d*\??(, \$?\d*\??)*\)(, )?)+/g, '(…)').slice(0, 150);
  const s = stats.get(key) ?? { n: 0, ms: 0, rows: 0 };
  s.n++;
  s.ms += ms;
  s.rows += rows;
  stats.set(key, s);
}
function instrument() {
  onSqliteStatement((source, ms, result) => note(source, ms, Array.isArray(result) ? result.length : 1));
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...a: unknown[]) {
    const start = performance.now();
    const r = query.apply(this, a);
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string })?.text ?? '?');
    if (r && typeof (r as Promise<unknown>).then === 'function') {
      (r as Promise<{ rowCount?: number }>).then(
        (res) => note(text, performance.now() - start, Number(res?.rowCount ?? 0)),
        () => note(text, performance.now() - start, 0),
      );
    }
    return r;
  };
}

async function main() {
  if (args.statements) instrument();
  const engine = args.engine === 'postgres' ? 'postgres' : 'sqlite';
  const dbConfig = engine === 'postgres' ? { dialect: 'postgres' as const, url: args.url! } : { dialect: 'sqlite' as const, file: args.file! };
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv, { database: dbConfig, runJobs: false });
  const database = await createDatabase(config.database);
  // The areas' incident hooks, as a server has them (an escalation event runs the reports' hook).
  installAreas(areas);
  const db = database.db;
  try {
    const now = new Date().toISOString();
    const keysFile = path.join(BENCH_DIR, 'data', `sla-due-${engine}.json`);
    let keys: Key[];
    if (fs.existsSync(keysFile)) keys = JSON.parse(fs.readFileSync(keysFile, 'utf8'));
    else {
      keys = (
        await db
          .selectFrom('incident_clocks')
          .select(['incident_id', 'target'])
          .where('next_escalation_at', '<=', now)
          .where('warned_for', 'is', null)
          .orderBy('next_escalation_at')
          .limit(Number(args.due))
          .execute()
      ).map((k) => ({ incident_id: Number(k.incident_id), target: k.target }));
      fs.writeFileSync(keysFile, JSON.stringify(keys));
    }
    const isKey = new Set(keys.map((k) => `${k.incident_id}|${k.target}`));
    // Put the 1,000 back as generated: due, nothing sent.
    await db.transaction().execute(async (trx) => {
      for (const k of keys) {
        await trx
          .updateTable('incident_clocks')
          .set({ warned_for: null, breached_for: null, next_escalation_at: sql`warn_at` as never })
          .where('incident_id', '=', k.incident_id)
          .where('target', '=', k.target)
          .execute();
        await trx.deleteFrom('sla_escalations').where('incident_id', '=', k.incident_id).where('target', '=', k.target).execute();
      }
      // Whatever else came due since the data was generated goes a week ahead.
      const others = await trx.selectFrom('incident_clocks').select(['incident_id', 'target', 'due_at', 'warn_at', 'next_escalation_at']).where('next_escalation_at', '<=', now).execute();
      const week = 7 * 86_400_000;
      const later = (v: string | null) => (v ? new Date(Date.parse(v) + week).toISOString() : null);
      const moved: number[] = [];
      for (const o of others) {
        if (isKey.has(`${o.incident_id}|${o.target}`)) continue;
        moved.push(Number(o.incident_id));
        await trx
          .updateTable('incident_clocks')
          .set({ due_at: later(o.due_at), warn_at: later(o.warn_at), next_escalation_at: later(o.next_escalation_at) })
          .where('incident_id', '=', Number(o.incident_id))
          .where('target', '=', o.target)
          .execute();
      }
      // Their one row per incident (the badge counts) follows the clocks.
      await rebuildSlaState(trx, [...new Set(moved)], now);
      if (moved.length) console.log(`pushed ${fmt(moved.length)} clocks that came due since generation a week ahead`);
    });
    const count = async (q: Promise<{ n: unknown } | undefined>) => Number((await q)?.n ?? 0);
    const open = await count(db.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).where('is_open', '=', true as never).executeTakeFirst());
    const due = await count(db.selectFrom('incident_clocks').select((eb) => eb.fn.countAll().as('n')).where('next_escalation_at', '<=', new Date().toISOString()).executeTakeFirst());
    const escalationsBefore = await count(db.selectFrom('sla_escalations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
    const noticesBefore = await count(db.selectFrom('notices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst());
    const load = os.loadavg().map((l) => Math.round(l * 10) / 10);
    const ctx = systemCtx(database, config);
    const passes: Array<{ claimed: number; escalated: number; ms: number }> = [];
    const started = performance.now();
    timing = true;
    for (;;) {
      const t = performance.now();
      const r = await sweepEscalations(ctx);
      passes.push({ ...r, ms: Math.round(performance.now() - t) });
      if (!r.claimed) break;
    }
    const total = Math.round(performance.now() - started);
    timing = false;
    const escalations = (await count(db.selectFrom('sla_escalations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())) - escalationsBefore;
    const notices = (await count(db.selectFrom('notices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())) - noticesBefore;
    const result = {
      engine,
      at: new Date().toISOString(),
      loadAverage: load,
      batch: Number(process.env.ATIENDE_SLA_BATCH ?? 1000),
      openIncidents: open,
      due,
      totalMs: total,
      passes,
      escalations,
      notices,
    };
    console.log(JSON.stringify(result));
    console.log(
      `${engine}: ${fmt(open)} open incidents, ${fmt(due)} due → ${fmt(escalations)} escalations, ${fmt(notices)} notices in ${fmt(total)} ms over ${passes.length} passes (batch ${result.batch}; passes ${passes.map((p) => `${p.escalated}/${p.ms} ms`).join(', ')}), load ${load.join(' / ')}`,
    );
    if (args.statements) {
      const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
      console.log(`statements: ${rows.reduce((n, [, s]) => n + s.n, 0)} in ${Math.round(rows.reduce((n, [, s]) => n + s.ms, 0))} ms`);
      for (const [text, s] of rows) console.log(`${s.ms.toFixed(1).padStart(9)} ms ${String(s.n).padStart(5)}× ${String(s.rows).padStart(6)} rows  ${text}`);
    }
    const out = path.join(BENCH_DIR, 'results', `sla-sweep-${engine}.json`);
    const history = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as unknown[]) : [];
    fs.writeFileSync(out, `${JSON.stringify([...history, result], null, 2)}\n`);
  } finally {
    await database.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
