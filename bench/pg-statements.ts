/**
 * PostgreSQL server CPU of one statement sent unnamed (as Kysely sends a query) and as a named
 * statement (as db/pg-statements.ts sends a precompiled one), alternating: the backend's own CPU
 * time read from /proc/<pid>/stat (Linux, server on this machine), which a loaded machine changes
 * far less than wall time.
 *
 *   node --import tsx bench/pg-statements.ts --url postgres://postgres@127.0.0.1:5432/atiende_bench [--count 4000 --rounds 4]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runMain } from './args.ts';

const args = parseArgs({ options: { url: { type: 'string' }, count: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '4' } } }).values;

async function main() {
  const client = new pg.Client({ connectionString: args.url });
  await client.connect();
  const pid = Number((await client.query<{ p: number }>('select pg_backend_pid() as p')).rows[0].p);
  const ticks = () => {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  };
  const text = 'select * from "customers" where "id" = $1';
  const { lo, hi } = (await client.query<{ lo: string; hi: string }>('select min(id) as lo, max(id) as hi from customers')).rows[0];
  const ids = Array.from({ length: Number(args.count) }, () => Number(lo) + Math.floor(Math.random() * (Number(hi) - Number(lo) + 1)));
  const out: Record<string, string[]> = { unnamed: [], named: [] };
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const mode of ['unnamed', 'named'] as const) {
      const t0 = ticks();
      for (const id of ids) await (mode === 'named' ? client.query({ name: 'bench_customer_by_id', text, values: [id] }) : client.query(text, [id]));
      // /proc counts clock ticks (1/100 s): µs per statement.
      out[mode].push(((ticks() - t0) * 10_000 / ids.length).toFixed(0));
    }
  }
  for (const mode of ['unnamed', 'named']) console.log(`${mode}: server CPU per statement ${out[mode].join(', ')} µs (${args.count} by-id reads per round)`);
  await client.end();
}

runMain(main);
