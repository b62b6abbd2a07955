/**
 * Which tables and indexes the pages of a SQLite log belong to: reads the frames of a WAL file (a copy,
 * e.g. the `<file>-wal.run` that `bench/calls-register.ts --wal` leaves), keeps those of its last N
 * commits (groups), and names each page's b-tree with the `dbstat` table of the database file, after
 * the log was checkpointed into it. Prints pages per group by b-tree, most first.
 *
 *   node --import tsx bench/wal-pages.ts --file /copy/bench.db --wal /copy/bench.db-wal.run --groups 40 [--names calls,search_documents,…]
 *
 * dbstat walks every b-tree it is asked about: give --names (tables and indexes) on a big file, or wait.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values: args } = parseArgs({
  options: { file: { type: 'string' }, wal: { type: 'string' }, groups: { type: 'string', default: '40' }, names: { type: 'string' } },
});

const buf = fs.readFileSync(args.wal!);
const pageSize = buf.readUInt32BE(8);
const commits: number[][] = [];
let current: number[] = [];
for (let at = 32; at + 24 + pageSize <= buf.length; at += 24 + pageSize) {
  current.push(buf.readUInt32BE(at));
  if (buf.readUInt32BE(at + 4) !== 0) {
    commits.push(current);
    current = [];
  }
}
const last = commits.slice(-Number(args.groups));
const frames = last.reduce((n, c) => n + c.length, 0);
const pages = new Set(last.flat());
console.log(`${commits.length} commits in the log; the last ${last.length}: ${frames} frames (${(frames / last.length).toFixed(1)} per group), ${pages.size} distinct pages`);

const db = new Database(args.file!, { readonly: true });
const owner = new Map<number, string>();
const names = args.names ? args.names.split(',') : [undefined];
const t0 = performance.now();
for (const name of names) {
  const rows = (name ? db.prepare('select name, pageno, pagetype from dbstat where name = ?').all(name) : db.prepare('select name, pageno, pagetype from dbstat').all()) as Array<{ name: string; pageno: number; pagetype: string }>;
  for (const r of rows) if (pages.has(r.pageno)) owner.set(r.pageno, `${r.name} (${r.pagetype})`);
}
console.error(`dbstat: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const byOwner = new Map<string, number>();
for (const c of last) for (const p of c) byOwner.set(owner.get(p) ?? '(other / freed)', (byOwner.get(owner.get(p) ?? '(other / freed)') ?? 0) + 1);
for (const [name, n] of [...byOwner].sort((a, b) => b[1] - a[1])) console.log(`${(n / last.length).toFixed(2).padStart(7)} per group  ${name}`);
