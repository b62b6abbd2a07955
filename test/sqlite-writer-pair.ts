/**
 * The write-lock tests' file (src/server/db/write-lock*.test.ts): a SQLite database on disk opened as the
 * app opens it (`createKysely`, one table `t (n)`), and a second plain connection without a busy timeout
 * that plays another process holding or asking for the write lock. Call inside a `describe`: the file
 * is made before its tests and removed after; the fields are set from `beforeAll` on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { createKysely } from '../src/server/db/dialect.ts';
import type { DB } from '../src/server/db/schema.ts';

export function sqliteWriterPair(prefix: string) {
  const pair = {} as { kysely: ReturnType<typeof createKysely<DB>>; other: SqliteDatabase.Database };
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const file = path.join(dir, 'w.db');
    pair.kysely = createKysely<DB>({ dialect: 'sqlite', file });
    pair.kysely.sqlite!.exec('create table t (n integer)');
    pair.other = new SqliteDatabase(file, { timeout: 0 });
  });
  afterAll(async () => {
    pair.other.close();
    await pair.kysely.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return pair;
}
