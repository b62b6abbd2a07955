/**
 * PostgreSQL: for every named statement (precompiled query) the GET requests of a scenario send,
 * its planning + execution time as a custom plan (planned for the values) and as the generic plan,
 * and which one PostgreSQL's plan cache settles on (`plan_cache_mode = auto`, after 20 runs on one
 * session): a named statement planned per run costs its planning every time, and a generic plan can
 * be worse than a custom one where the best plan depends on the values.
 *
 *   node --import tsx bench/pg-generic-plans.ts --url postgres://…/atiende_bench --scenarios sla-at-risk,incidents-inbox [--plans]
 */
import pg from 'pg';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';

const args = benchArgs({
  scenarios: { type: 'string', default: 'sla-at-risk,incidents-inbox' },
  plans: { type: 'boolean', default: false },
  max: { type: 'string', default: '40' },
});

const literal = (v: unknown) => (v === null ? 'null' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

async function main() {
  const { SCENARIOS } = await import('./scenarios/index.ts');
  let captured: Array<{ text: string; values: unknown[] }> | undefined;
  const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
    const c = a[0] as { name?: string; text?: string; values?: unknown[] };
    if (captured && c && typeof c === 'object' && c.name && c.text && /^\s*select/i.test(c.text)) captured.push({ text: c.text, values: c.values ?? [] });
    return original.apply(this, a);
  };
  const { database, app, headers } = await openBench({ dialect: 'postgres', url: args.url! });
  const ctx = scenarioContext(database, app, headers);
  const client = new pg.Client({ connectionString: args.url });
  await client.connect();
  let n = 0;
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name)!;
      const requests = await scenario.requests(ctx);
      const distinct = [...new Map(requests.filter((r) => (r.method ?? 'GET') === 'GET').map((r) => [r.path, r])).values()].slice(0, Number(args.max));
      console.log(`## ${name}`);
      for (const r of distinct) {
        captured = [];
        await app.inject({ method: 'GET', url: r.path, headers });
        const statements = captured;
        captured = undefined;
        for (const s of statements) {
          n += 1;
          await client.query(`prepare g${n} as ${s.text}`);
          const run = s.values.length ? `execute g${n}(${s.values.map(literal).join(", ")})` : `execute g${n}`;
          const out: string[] = [];
          let genericPlan = '';
          for (const mode of ['force_custom_plan', 'force_generic_plan']) {
            await client.query(`set plan_cache_mode = ${mode}`);
            let best = Infinity;
            for (let k = 0; k < 5; k++) {
              const e = await client.query(`explain (analyze, buffers) ${run}`);
              const t = e.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
              const ms = Number(/Execution Time: ([\d.]+)/.exec(t)![1]) + Number(/Planning Time: ([\d.]+)/.exec(t)?.[1] ?? 0);
              if (ms < best) best = ms;
              if (mode === 'force_generic_plan') genericPlan = t;
            }
            out.push(`${mode === 'force_custom_plan' ? 'custom' : 'generic'} ${best.toFixed(2)}`);
          }
          await client.query(`deallocate g${n}`);
          await client.query(`prepare g${n} as ${s.text}`);
          await client.query('set plan_cache_mode = auto');
          for (let k = 0; k < 20; k++) await client.query(run);
          const ps = await client.query<{ generic_plans: string; custom_plans: string }>(`select generic_plans, custom_plans from pg_prepared_statements where name = 'g${n}'`);
          const settled = Number(ps.rows[0]!.generic_plans) > 10 ? 'generic' : 'custom';
          console.log(`  ${r.path.slice(7, 100).padEnd(95)} ${out.join('  ')} ms  settles on ${settled}`);
          if (args.plans) console.log(genericPlan.replace(/^/gm, '      '));
          await client.query(`deallocate g${n}`);
        }
      }
    }
  } finally {
    await client.end();
    await app.close();
    await database.destroy();
  }
}

runMain(main);
