/**
 * SQLite keeps table statistics (sqlite_stat1) for its planner: `PRAGMA optimize=0x10002` after
 * migrate and when a connection opens (dialect.ts `optimizeSqlite`). SQLite only: PostgreSQL's
 * autovacuum analyses by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './database.ts';

describe('SQLite statistics (PRAGMA optimize)', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-stats-'));
    file = path.join(dir, 'atiende.db');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stat = (table: string) => {
    const raw = new SqliteDatabase(file, { readonly: true });
    try {
      const has = raw.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get();
      return has ? (raw.prepare('select idx, stat from sqlite_stat1 where tbl = ? order by idx').all(table) as Array<{ idx: string; stat: string }>) : [];
    } finally {
      raw.close();
    }
  };

  it('analyses after migrate: a file database has statistics for the migrations table', async () => {
    const database = await createDatabase({ dialect: 'sqlite', file });
    await database.destroy();
    const rows = stat('schema_migrations');
    expect(rows.length).toBeGreaterThan(0);
    // "rows in the table, rows per key": every applied migration counted.
    expect(Number(rows[0].stat.split(' ')[0])).toBeGreaterThan(10);
  });

  it('analyses on open a table that grew tenfold since its statistics', async () => {
    // Ten groups, analysed; then 200 more written by another connection.
    const raw = new SqliteDatabase(file);
    const now = new Date().toISOString();
    const insert = raw.prepare('insert into groups (code, name, created_at, updated_at) values (?, ?, ?, ?)');
    for (let i = 0; i < 10; i++) insert.run(`G${i}`, `Grupo ${i}`, now, now);
    raw.exec('analyze groups');
    expect(stat('groups').map((r) => r.stat.split(' ')[0])).toContain('10');
    raw.transaction(() => {
      for (let i = 10; i < 210; i++) insert.run(`G${i}`, `Grupo ${i}`, now, now);
    })();
    raw.close();

    const database = await createDatabase({ dialect: 'sqlite', file }, { migrate: false });
    await database.destroy();
    const counts = stat('groups').map((r) => r.stat.split(' ')[0]);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n === '210')).toBe(true);
  });
});
