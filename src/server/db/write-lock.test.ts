import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKysely, whenWriteLockFree } from './dialect.ts';
import type { DB } from './schema.ts';

// SQLite with several writer processes (serve --workers N): waiting for another connection's write
// lock must leave the event loop free, and must not wait for this process's own open transaction.
describe('whenWriteLockFree (SQLite file)', () => {
  let dir: string;
  let file: string;
  let kysely: ReturnType<typeof createKysely<DB>>;
  let other: SqliteDatabase.Database;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-writelock-'));
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

  it('resolves at once when nobody writes', async () => {
    const t0 = performance.now();
    await whenWriteLockFree(kysely.db);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it('waits while another connection holds the write lock, with the event loop running, then the write goes through', async () => {
    other.exec('begin immediate');
    other.exec('insert into t values (1)');
    let settled = false;
    const waiting = whenWriteLockFree(kysely.db).then(() => (settled = true));
    // Timers keep firing while it waits (the busy handler would have blocked the thread).
    let ticks = 0;
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
      ticks++;
    }
    expect(ticks).toBe(5);
    expect(settled).toBe(false);
    other.exec('commit');
    await waiting;
    await kysely.db.transaction().execute(async (trx) => {
      await sql`insert into t values (2)`.execute(trx);
    });
    expect(kysely.sqlite!.prepare('select n from t order by n').pluck().all()).toEqual([1, 2]);
  });

  it('does not wait for a transaction of its own connection (Kysely queues those)', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const open = kysely.db.transaction().execute(async (trx) => {
      await sql`insert into t values (3)`.execute(trx);
      await held;
    });
    while (!kysely.sqlite!.inTransaction) await new Promise((r) => setImmediate(r));
    const t0 = performance.now();
    await whenWriteLockFree(kysely.db);
    expect(performance.now() - t0).toBeLessThan(500);
    release();
    await open;
  });

  it('gives up after its bound and lets the transaction decide', async () => {
    other.exec('begin immediate');
    try {
      const t0 = performance.now();
      await whenWriteLockFree(kysely.db, 50);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    } finally {
      other.exec('rollback');
    }
  });
});
