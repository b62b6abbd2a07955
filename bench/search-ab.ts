/**
 * The search's text reads of two trees on one PostgreSQL database, query by query: another tree's
 * `db/dialect.ts` (OLD_DIALECT, an absolute path) against this tree's, each read as
 * search.repository.ts findByText does (the plan's reads in order, LIMIT 100, the first that fills
 * it answers), alternated, best of RUNS; prints how many answers (ids in order) differ and the text
 * read's times. It opens no app and runs no migration: for a scratch copy of `search_documents`
 * holding both trees' indexes (2026-12-01: the old full GIN index beside the two partial ones).
 * The queries: JSON lines with `q` and `terms` (bench/search-steps.ts --records).
 *
 *   OLD_DIALECT=/work/main/src/server/db/dialect.ts URL=postgres://…/scratch RUNS=3 node --import tsx bench/search-ab.ts records.jsonl
 */
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import * as neu from '../src/server/db/dialect.ts';

async function main() {
  const old = await import(process.env.OLD_DIALECT!);
  const pool = new pg.Pool({ connectionString: process.env.URL, max: 2 });
  pool.on('connect', (c) => void c.query('set synchronize_seqscans = off'));
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  const recs = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { q: string; terms: string[] });
  const runs = Number(process.env.RUNS ?? 3);
  const find = async (mod: typeof neu, terms: string[]) => {
    const plan = await mod.firstMatchesPlan(db, 'postgres', terms);
    let rows: Array<{ id: number }> = [];
    for (let i = 0; i < plan.length; i++) {
      rows = (await sql<{ id: number }>`select sd.id, sd.entity_type, sd.entity_id, sd.customer_id, sd.title, sd.subtitle from ${plan[i].from} where ${plan[i].where} limit 100`.execute(db)).rows;
      if (rows.length >= 100) break;
    }
    return rows.map((r) => r.id).join(',');
  };
  const out: Array<{ q: string; o: number; n: number }> = [];
  let diffs = 0;
  for (const r of recs) {
    if (!r.terms.length) continue;
    let o = Infinity, n = Infinity, a = '', b = '';
    for (let i = 0; i < runs; i++) {
      let t = performance.now(); a = await find(old, r.terms); o = Math.min(o, performance.now() - t);
      t = performance.now(); b = await find(neu, r.terms); n = Math.min(n, performance.now() - t);
    }
    if (a !== b) { diffs++; console.log('DIFF', JSON.stringify(r.q), a.slice(0, 80), '|', b.slice(0, 80)); }
    out.push({ q: r.q, o, n });
  }
  const pct = (xs: number[], p: number) => xs.sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const os = out.map((x) => x.o), ns = out.map((x) => x.n);
  console.log(`${out.length} queries, ${diffs} answers differ; text read best of ${runs}: old sum ${sum(os).toFixed(0)} ms p90 ${pct(os, 90).toFixed(2)} p99 ${pct(os, 99).toFixed(2)} max ${pct(os, 100).toFixed(2)}; new sum ${sum(ns).toFixed(0)} ms p90 ${pct(ns, 90).toFixed(2)} p99 ${pct(ns, 99).toFixed(2)} max ${pct(ns, 100).toFixed(2)}`);
  for (const x of out.sort((p, q) => Math.max(q.o, q.n) - Math.max(p.o, p.n)).slice(0, Number(process.env.TOP ?? 25))) console.log(`  ${JSON.stringify(x.q).padEnd(24)} old ${x.o.toFixed(2).padStart(7)}  new ${x.n.toFixed(2).padStart(7)}`);
  await db.destroy();
}
main().catch((e) => { console.error(e); process.exit(1); });
