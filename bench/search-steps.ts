/**
 * The search scenario's text reads, step by step, one at a time (PostgreSQL or SQLite): for every
 * distinct query, each read dialect.ts firstMatchesPlan tries (best of --runs), whether it filled
 * the LIMIT, and the whole request's time; plus every answer written to --answers (JSON lines) to
 * compare two trees' answers query by query.
 *
 *   node --import tsx bench/search-steps.ts --engine postgres --url postgres://… [--answers out.jsonl] [--top 30] [--runs 3]
 */
import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { firstMatchesPlan } from '../src/server/db/dialect.ts';
import { parseQuery } from '../src/server/modules/search/search-text.ts';
import { benchArgs, benchEngine, openBench, runMain, scenarioContext } from './args.ts';
import { prepareDataset } from './lib/dataset.ts';
import { SCENARIOS } from './scenarios/index.ts';

const args = benchArgs({
  top: { type: 'string', default: '30' },
  runs: { type: 'string', default: '3' },
  answers: { type: 'string' },
  only: { type: 'string' },
  records: { type: 'string' },
});

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const dataset = await prepareDataset(benchEngine(args), { file: args.file!, url: args.url, regenerate: false, customers: 200000, units: 1000000 });
  const { database, app, headers } = await openBench(dataset.config);
  const ctx = scenarioContext(database, app, headers);
  const runs = Number(args.runs);
  try {
    const scenario = SCENARIOS.find((s) => s.name === 'search')!;
    let queries = [...new Set((await scenario.requests(ctx)).map((r) => new URL(r.path, 'http://x').searchParams.get('q')!))];
    if (args.only) queries = args.only.split(',');
    const out: Array<{ q: string; ms: number; steps: string; terms: string[]; sql: number[] }> = [];
    const answers: string[] = [];
    for (const q of queries) {
      const url = `/api/v1/search?q=${encodeURIComponent(q)}`;
      const first = await app.inject({ method: 'GET', url, headers });
      answers.push(JSON.stringify({ q, status: first.statusCode, body: JSON.parse(first.body) }));
      let best = Infinity;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await app.inject({ method: 'GET', url, headers });
        best = Math.min(best, performance.now() - t);
      }
      const parsed = parseQuery(q);
      const steps: string[] = [];
      const sqlMs: number[] = [];
      if (parsed.terms.length) {
        const plan = await firstMatchesPlan(database.db, database.dialect, parsed.terms);
        for (const source of plan) {
          const query = sql<{ id: number }>`select sd.id, sd.entity_type, sd.entity_id, sd.customer_id, sd.title, sd.subtitle from ${source.from} where ${source.where} limit 100`;
          let stepBest = Infinity;
          let n = 0;
          for (let i = 0; i < runs; i++) {
            const t = performance.now();
            n = (await query.execute(database.db)).rows.length;
            stepBest = Math.min(stepBest, performance.now() - t);
          }
          steps.push(`${stepBest.toFixed(1)}ms/${n}`);
          sqlMs.push(stepBest);
          if (n >= 100) break;
        }
      }
      out.push({ q, ms: best, steps: `[${JSON.stringify(parsed.terms)}] ${steps.join(' → ')}`, terms: parsed.terms, sql: sqlMs });
    }
    if (args.records) writeFileSync(args.records, out.map((o) => JSON.stringify(o)).join('\n') + '\n');
    if (args.answers) writeFileSync(args.answers, answers.join('\n') + '\n');
    const sorted = out.map((o) => o.ms).sort((a, b) => a - b);
    const total = sorted.reduce((a, b) => a + b, 0);
    console.log(`search (${database.dialect}): ${out.length} distinct, best of ${runs}: mean ${(total / out.length).toFixed(2)} ms, p50 ${pct(sorted, 50).toFixed(2)}, p90 ${pct(sorted, 90).toFixed(2)}, p99 ${pct(sorted, 99).toFixed(2)}, max ${sorted.at(-1)?.toFixed(2)}; over 5 ms: ${sorted.filter((x) => x > 5).length}, over 10 ms: ${sorted.filter((x) => x > 10).length}`);
    for (const o of out.sort((a, b) => b.ms - a.ms).slice(0, Number(args.top))) console.log(`  ${o.ms.toFixed(2).padStart(7)} ms  ${JSON.stringify(o.q).padEnd(24)} ${o.steps}`);
  } finally {
    await app.close();
    await database.destroy();
    dataset.stop?.();
  }
}

runMain(main);
