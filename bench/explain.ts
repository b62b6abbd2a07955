/**
 * Where does a scenario's time go? Replays every distinct request of the chosen scenarios one at a
 * time (no concurrency) against Atiende in-process, prints the service-time distribution and the
 * slowest requests, and for search shows the query plan of the full-text query of the slowest ones
 * (the same reads search.repository.ts tries: dialect.ts firstMatchesPlan, LIMIT 100, no ORDER BY).
 *
 *   node --import tsx bench/explain.ts --engine sqlite [--file bench/data/bench.db] [--scenarios search]
 *   node --import tsx bench/explain.ts --engine postgres [--url postgres://…]   (no URL: throwaway cluster, generated)
 *
 * calls-pending-now also prints the plan of the inbox page's one statement (first page and a later one).
 */
import { sql } from 'kysely';
import { firstMatchesPlan } from '../src/server/db/dialect.ts';
import { parseQuery } from '../src/server/modules/search/search-text.ts';
import { compileInboxPage } from '../src/server/modules/calls/calls.repository.ts';
import type { Database } from '../src/server/db/database.ts';
import { benchArgs, benchEngine, openBench, runMain, scenarioContext } from './args.ts';
import { prepareDataset } from './lib/dataset.ts';
import { SCENARIOS } from './scenarios/index.ts';

const args = benchArgs({
  scenarios: { type: 'string', default: 'customer-detail,customer-list-region,search' },
  top: { type: 'string', default: '8' },
  customers: { type: 'string', default: '200000' },
  units: { type: 'string', default: '1000000' },
});

/** SQLite's EXPLAIN QUERY PLAN through Kysely: the compiled SQL with its parameters written in. */
function inlineParameters(compiled: { sql: string; parameters: readonly unknown[] }): string {
  const lit = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  // PostgreSQL's numbered placeholders ($1…) or SQLite's positional ones (?).
  if (/\$\d/.test(compiled.sql)) return compiled.sql.replace(/\$(\d+)/g, (_, n: string) => lit(compiled.parameters[Number(n) - 1]));
  let i = 0;
  return compiled.sql.replace(/\?/g, () => lit(compiled.parameters[i++]));
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The plan of the pending-now page's one statement (calls.repository.ts inboxPages), first page and a later one, as the bench agent. */
async function explainInbox(database: Database) {
  const db = database.db;
  const agent = await db.selectFrom('users').select('id').where('username', '=', 'bench-agent').executeTakeFirst();
  if (!agent) return;
  const groupIds = (await db.selectFrom('group_members').select('group_id').where('user_id', '=', agent.id).execute()).map((r) => Number(r.group_id));
  const mine = { userId: Number(agent.id), groupIds };
  const now = new Date().toISOString();
  const first = compileInboxPage(db, mine, { view: 'now', now, limit: 50 });
  const last = (await db.executeQuery(first)).rows.at(-2) as { registered_at: string; id: number } | undefined;
  const pages = [first, ...(last ? [compileInboxPage(db, mine, { view: 'now', now, limit: 50, cursor: [last.registered_at, Number(last.id)] })] : [])];
  for (const [i, q] of pages.entries()) {
    const text = inlineParameters(q);
    const lines =
      database.dialect === 'postgres'
        ? (await sql.raw<Record<string, unknown>>(`explain (analyze, buffers) ${text}`).execute(db)).rows.map((r) => String(Object.values(r)[0]))
        : (await sql.raw<{ detail: string }>(`explain query plan ${text}`).execute(db)).rows.map((r) => r.detail);
    console.log(`\n  plan of the pending-now page (${i ? 'a later page' : 'first page'}, 1 user + ${groupIds.length} groups, one statement):\n    ${lines.join('\n    ')}`);
  }
}

async function main() {
  const dataset = await prepareDataset(benchEngine(args), {
    file: args.file!,
    url: args.url,
    regenerate: false,
    customers: Number(args.customers),
    units: Number(args.units),
  });
  const { database, app, headers } = await openBench(dataset.config);
  const ctx = scenarioContext(database, app, headers);
  const wanted = new Set(args.scenarios!.split(','));
  try {
    for (const scenario of SCENARIOS) {
      // Only the scenarios asked for are prepared (some prepare data: invoices-close makes incidents
      // ready to close), so the random picks differ from a full bench/run.ts run's.
      if (!wanted.has(scenario.name)) continue;
      let requests: Awaited<ReturnType<typeof scenario.requests>> = [];
      try {
        if (scenario.target !== 'bare') requests = await scenario.requests(ctx);
      } catch (e) {
        console.log(`\n## ${scenario.name}: preparing failed: ${(e as Error).message}`);
        continue;
      }
      // Writes are measured under load only (bench/run.ts): replaying them here would change the data.
      const distinct = [...new Map(requests.filter((r) => (r.method ?? 'GET') === 'GET').map((r) => [r.path, r])).values()];
      if (!distinct.length) continue;
      const timings: Array<{ path: string; ms: number }> = [];
      for (const r of distinct) {
        await app.inject({ method: 'GET', url: r.path, headers });
        // The best of three: on a shared machine a single timing also measures the neighbours.
        let best = Infinity;
        for (let i = 0; i < 3; i++) {
          const start = performance.now();
          await app.inject({ method: 'GET', url: r.path, headers });
          best = Math.min(best, performance.now() - start);
        }
        timings.push({ path: r.path, ms: best });
      }
      const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
      const total = sorted.reduce((a, b) => a + b, 0);
      console.log(
        `\n## ${scenario.name} (${args.engine}): ${distinct.length} distinct requests, one at a time (best of 3): mean ${(total / sorted.length).toFixed(2)} ms, p50 ${pct(sorted, 50).toFixed(2)}, p90 ${pct(sorted, 90).toFixed(2)}, p99 ${pct(sorted, 99).toFixed(2)}, max ${sorted.at(-1)?.toFixed(2)} ms`,
      );
      const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, Number(args.top));
      for (const t of slowest) console.log(`  ${t.ms.toFixed(2).padStart(8)} ms  ${decodeURIComponent(t.path)}`);
      const over = timings.filter((t) => t.ms > 10);
      console.log(`  requests over 10 ms: ${over.length} (${((100 * over.length) / timings.length).toFixed(1)} %), and they take ${((100 * over.reduce((a, t) => a + t.ms, 0)) / total).toFixed(0)} % of all the time`);
      if (scenario.name === 'calls-pending-now') await explainInbox(database);
      if (scenario.name === 'search') {
        for (const t of slowest.slice(0, 3)) {
          const q = new URL(t.path, 'http://x').searchParams.get('q')!;
          const parsed = parseQuery(q);
          if (!parsed.terms.length) continue;
          // The reads search.repository.ts findByText tries, in order (dialect.ts firstMatchesPlan).
          const plan: string[] = [];
          for (const [i, source] of (await firstMatchesPlan(database.db, database.dialect, parsed.terms)).entries()) {
            const query = sql`select sd.id, sd.entity_type, sd.entity_id, sd.customer_id, sd.title, sd.subtitle from ${source.from} where ${source.where} limit 100`;
            const lines =
              database.dialect === 'postgres'
                ? (await sql<Record<string, unknown>>`explain (analyze, buffers) ${query}`.execute(database.db)).rows.map((r) => String(Object.values(r)[0]))
                : (await sql<{ detail: string }>`explain query plan ${sql.raw(inlineParameters(query.compile(database.db)))}`.execute(database.db)).rows.map((r) => r.detail);
            plan.push(`read ${i + 1}:`, ...lines.map((l) => `  ${l}`));
          }
          console.log(`\n  plan for q=${JSON.stringify(q)} → terms ${JSON.stringify(parsed.terms)}:\n    ${plan.join('\n    ')}`);
        }
      }
    }
  } finally {
    await app.close();
    await database.destroy();
    dataset.stop?.();
  }
}

runMain(main);
