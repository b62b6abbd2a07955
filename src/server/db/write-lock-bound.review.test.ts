import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKysely, writeLockWaitMs, writeTransaction } from './dialect.ts';
import type { DB } from './schema.ts';

// Review: the bound of a write transaction's wait is for ANOTHER process's write lock (the old 2 s
// probe + 5 s busy timeout). Time spent queued behind this process's own connection (Kysely's one
// connection, another of its transactions) was never counted before and must not use the bound up.
describe('write lock wait bound (SQLite file, review)', () => {
  let dir: string;
  let file: string;
  let kysely: ReturnType<typeof createKysely<DB>>;
  let other: SqliteDatabase.Database;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-writelock-bound-'));
    file = path.join(dir, 'w.db');
    kysely = createKysely<DB>({ dialect: 'sqlite', file });
    kysely.sqlite!.exec('create table t (n integer)');
    other = new SqliteDatabase(file, { timeout: 0 });
  });
  afterAll(async () => {
    other.close();
    await kysely.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("does not count the time queued behind this process's own connection against the wait for another process's lock", async () => {
    const saved = writeLockWaitMs.value;
    writeLockWaitMs.value = 300;
    try {
      // This process's connection busy for 400 ms (a long transaction or read of its own).
      const own = kysely.db.connection().execute(() => new Promise((r) => setTimeout(r, 400)));
      // Another process holds the write lock from now until 450 ms: 50 ms past the connection's release.
      other.exec('begin immediate');
      const released = new Promise<void>((r) =>
        setTimeout(() => {
          other.exec('commit');
          r();
        }, 450),
      );
      const t0 = performance.now();
      const wrote = await writeTransaction(kysely.db, async (trx) => void (await sql`insert into t values (1)`.execute(trx))).then(
        () => 'written',
        (e: { code?: string }) => e.code ?? String(e),
      );
      await own;
      await released;
      // Waited ~50 ms for the other process (bound 300 ms) after 400 ms in its own queue: written, not SQLITE_BUSY.
      expect(wrote).toBe('written');
      expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
    } finally {
      writeLockWaitMs.value = saved;
      if (other.inTransaction) other.exec('rollback');
    }
  });
});
