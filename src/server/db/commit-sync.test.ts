import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkpointing, createKysely, syncCommitted, transactionDeferringSync, whenWriteLockFree } from './dialect.ts';
import type { DB } from './schema.ts';

// Group commit with the fsync off the event loop (dialect.ts transactionDeferringSync): only the
// group's own transaction commits without an fsync, and syncCommitted fsyncs the log after it.
describe('transactionDeferringSync and syncCommitted (SQLite file)', () => {
  let dir: string;
  let kysely: ReturnType<typeof createKysely<DB>>;
  const synchronous = () => Number(kysely.sqlite!.pragma('synchronous', { simple: true }));
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-commitsync-'));
    kysely = createKysely<DB>({ dialect: 'sqlite', file: path.join(dir, 's.db') });
    kysely.sqlite!.exec('create table t (n integer)');
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await kysely.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs only its own transaction with synchronous=NORMAL; a transaction queued meanwhile commits with FULL', async () => {
    expect(synchronous()).toBe(2);
    let inside = -1;
    let queued = -1;
    const deferred = transactionDeferringSync(kysely.db, async (trx) => {
      inside = synchronous();
      await sql`insert into t values (1)`.execute(trx);
    });
    const plain = kysely.db.transaction().execute(async (trx) => {
      queued = synchronous();
      await sql`insert into t values (2)`.execute(trx);
    });
    await Promise.all([deferred, plain]);
    expect(inside).toBe(1);
    expect(queued).toBe(2);
    expect(synchronous()).toBe(2);
    await syncCommitted(kysely.db);
    const other = new SqliteDatabase(path.join(dir, 's.db'), { readonly: true });
    expect(other.prepare('select n from t order by n').pluck().all()).toEqual([1, 2]);
    other.close();
  });

  it('puts FULL back when the transaction fails, and the failed write is undone', async () => {
    await expect(
      transactionDeferringSync(kysely.db, async (trx) => {
        await sql`insert into t values (3)`.execute(trx);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(synchronous()).toBe(2);
    expect(kysely.sqlite!.prepare('select count(*) from t where n = 3').pluck().get()).toBe(0);
  });

  it('one fsync of the log covers every caller that arrives while it is queued', async () => {
    const fsync = vi.spyOn(fs, 'fsync');
    await transactionDeferringSync(kysely.db, (trx) => sql`insert into t values (4)`.execute(trx));
    // The first starts at once; the next nine arrive while it runs and share one queued fsync.
    await Promise.all(Array.from({ length: 10 }, () => syncCommitted(kysely.db)));
    expect(fsync).toHaveBeenCalledTimes(2);
    const walFd = fsync.mock.calls[0]![0];
    expect(fs.fstatSync(walFd).ino).toBe(fs.statSync(path.join(dir, 's.db-wal')).ino);
    fsync.mockRestore();
  });

  it('a busy writer hands checkpoints to a thread: the connection stops checkpointing and the log still reaches the database file', async () => {
    const saved = { ...checkpointing };
    Object.assign(checkpointing, { after: 0, everyMs: 0 });
    try {
      const dbFile = path.join(dir, 's.db');
      const before = fs.statSync(dbFile).size;
      const text = 'x'.repeat(4000);
      await transactionDeferringSync(kysely.db, async (trx) => {
        for (let i = 0; i < 100; i++) await sql`insert into t values (${text})`.execute(trx);
      });
      await syncCommitted(kysely.db);
      expect(Number(kysely.sqlite!.pragma('wal_autocheckpoint', { simple: true }))).toBe(0);
      // Only a checkpoint writes pages into the database file in WAL mode, and this connection no longer runs any.
      // The thread's checkpoint grows the file page by page: wait for all of it (the file was seen at 90 of the
      // ~100 pages once on a loaded machine when the wait stopped at its first growth).
      const deadline = Date.now() + 30_000;
      while (fs.statSync(dbFile).size <= before + 100 * 4000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(fs.statSync(dbFile).size).toBeGreaterThan(before + 100 * 4000);
    } finally {
      Object.assign(checkpointing, saved);
    }
  });

  it('under sustained writes the log starts over once it passes restartFrames, instead of growing with every group', async () => {
    const saved = { ...checkpointing };
    Object.assign(checkpointing, { after: 0, everyMs: 0, restartFrames: 1_000 });
    try {
      const wal = path.join(dir, 's.db-wal');
      const text = 'y'.repeat(4000);
      let largest = 0;
      // 1,600 groups of 20 pages each (~32,000 frames, ~132 MB) written back to back as group-commit.ts writes them
      // (the lock probe, the group, its fsync left running, one turn of the event loop): the thread's checkpoints
      // never find the log fully copied when a group begins, so the log never starts over by itself.
      for (let g = 0; g < 1_600; g++) {
        await new Promise((resolve) => setImmediate(resolve));
        await whenWriteLockFree(kysely.db);
        await transactionDeferringSync(kysely.db, async (trx) => {
          for (let i = 0; i < 20; i++) await sql`insert into t values (${text})`.execute(trx);
        });
        void syncCommitted(kysely.db);
        largest = Math.max(largest, fs.statSync(wal).size);
      }
      await syncCommitted(kysely.db);
      // 1,000 frames are ~4 MB; the groups written while the thread's checkpoints catch up add a few (the thread
      // skips the RESTART while its PASSIVE one is more than readerBehindFrames behind): 14–28 MB measured at load 9.
      // Without the RESTART the log holds every group: ~132 MB.
      expect(largest).toBeLessThan(44 * 1024 * 1024);
    } finally {
      Object.assign(checkpointing, saved);
    }
  });
});
