/**
 * PostgreSQL: every statement the GET requests of a scenario send, with its planning and execution
 * time (EXPLAIN (ANALYZE, BUFFERS) of the same text and parameters, best of 3), one request at a
 * time: what a request costs the backend, statement by statement.
 *
 *   node --import tsx bench/pg-request-plans.ts --url postgres://…/atiende_bench --scenarios sla-at-risk,incidents-inbox [--plans]
 */
import pg from 'pg';
import { benchArgs, openBench, runMain, scenarioContext } from './args.ts';

const args = benchArgs({
  scenarios: { type: 'string', default: 'sla-at-risk,incidents-inbox' },
  plans: { type: 'boolean', default: false },
  max: { type: 'string', default: '40' },
  /** print each statement's whole text and parameters */
  sql: { type: 'boolean', default: false },
});

async function main() {
  const { SCENARIOS } = await import('./scenarios/index.ts');
  let captured: Array<{ text: string; values: unknown[] }> | undefined;
  const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...a: unknown[]) {
    const c = a[0] as string | { text?: string; values?: unknown[] };
    const text = typeof c === 'string' ? c : c?.text;
    const values = (typeof c === 'string' ? (a[1] as unknown[]) : c?.values) ?? [];
    if (captured && text && /^\s*(select|with)/i.test(text)) captured.push({ text, values });
    return original.apply(this, a);
  };
  const { database, app, headers } = await openBench({ dialect: 'postgres', url: args.url! });
  const ctx = scenarioContext(database, app, headers);
  const client = new pg.Client({ connectionString: args.url });
  await client.connect();
  try {
    for (const name of args.scenarios!.split(',')) {
      const scenario = SCENARIOS.find((s) => s.name === name)!;
      const requests = await scenario.requests(ctx);
      const distinct = [...new Map(requests.filter((r) => (r.method ?? 'GET') === 'GET').map((r) => [r.path, r])).values()].slice(0, Number(args.max));
      let plan = 0;
      let exec = 0;
      let statements = 0;
      for (const r of distinct) {
        await app.inject({ method: 'GET', url: r.path, headers });
        captured = [];
        await app.inject({ method: 'GET', url: r.path, headers });
        const sent = captured;
        captured = undefined;
        const lines: string[] = [];
        for (const s of sent) {
          let best = { p: Infinity, e: Infinity, text: [] as string[] };
          for (let i = 0; i < 3; i++) {
            const out = await client.query(`explain (analyze, buffers) ${s.text}`, s.values as unknown[]);
            const t = out.rows.map((row) => String(Object.values(row)[0]));
            const p = Number(/Planning Time: ([\d.]+)/.exec(t.join('\n'))?.[1] ?? 0);
            const e = Number(/Execution Time: ([\d.]+)/.exec(t.join('\n'))?.[1] ?? 0);
            if (p + e < best.p + best.e) best = { p, e, text: t };
          }
          plan += best.p;
          exec += best.e;
          statements++;
          lines.push(`    plan ${best.p.toFixed(2)} exec ${best.e.toFixed(2)} ms  ${s.text.replace(/\s+/g, ' ').slice(0, 160)}`);
          if (args.sql) lines.push(`      ${s.text}`, `      -- ${JSON.stringify(s.values)}`);
          if (args.plans) lines.push(...best.text.map((l) => `        ${l}`));
        }
        console.log(`  ${decodeURIComponent(r.path)} (${sent.length} statements)\n${lines.join('\n')}`);
      }
      console.log(`## ${name}: ${distinct.length} requests, ${(statements / distinct.length).toFixed(2)} statements, planning ${(plan / distinct.length).toFixed(2)} ms + execution ${(exec / distinct.length).toFixed(2)} ms per request\n`);
    }
  } finally {
    await client.end();
    await app.close();
    await database.destroy();
  }
}

runMain(main);
