import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointing, createKysely, syncCommitted, transactionDeferringSync, whenWriteLockFree } from './dialect.ts';
import type { DB } from './schema.ts';

// The checkpoint thread's RESTART checkpoint (dialect.ts checkpointing) holds the write lock while it waits for
// the readers of the log's old frames. A reader that keeps an old snapshot for long (a report, an export, here or
// in another process) must not make every later group wait for that at each nudge: the writers go on as with
// PASSIVE checkpoints alone, and the log starts over once the reader is gone.
describe('the RESTART checkpoint while a reader holds an old snapshot (SQLite file)', () => {
  let dir: string;
  let file: string;
  let kysely: ReturnType<typeof createKysely<DB>>;
  const saved = { ...checkpointing };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-restart-'));
    file = path.join(dir, 's.db');
    kysely = createKysely<DB>({ dialect: 'sqlite', file });
    kysely.sqlite!.exec('create table t (n text)');
    // The thread from the first group on, nudged as in production (everyMs 50), a small log.
    Object.assign(checkpointing, { after: 0, restartFrames: 200, readerBehindFrames: 50 });
  });
  afterAll(async () => {
    Object.assign(checkpointing, saved);
    await kysely.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const text = 'y'.repeat(4000);
  /** One group of 20 pages as group-commit.ts writes it (lock probe, group, fsync left running). */
  async function group() {
    await new Promise((resolve) => setImmediate(resolve));
    await whenWriteLockFree(kysely.db);
    await transactionDeferringSync(kysely.db, async (trx) => {
      for (let i = 0; i < 20; i++) await sql`insert into t values (${text})`.execute(trx);
    });
    void syncCommitted(kysely.db);
  }

  it('keeps writing at full speed, and the log starts over after the reader ends', async () => {
    for (let g = 0; g < 30; g++) await group();
    const reader = new SqliteDatabase(file, { readonly: true });
    reader.exec('begin');
    reader.prepare('select count(*) from t').get();
    // The first groups after it find the reader close behind (it may be a short one): the thread may try a RESTART.
    for (let g = 0; g < 4; g++) await group();
    const start = performance.now();
    for (let g = 0; g < 60; g++) await group();
    const held = performance.now() - start;
    reader.exec('commit');
    reader.close();
    // 60 groups take ~60–250 ms here; with a RESTART tried at each nudge (each holding the lock 200 ms), 1.3–2.5 s.
    expect(held).toBeLessThan(800);
    // Once the reader is gone the log starts over again (a new writer writes from its first frame).
    const wal = `${file}-wal`;
    let smallest = Number.POSITIVE_INFINITY;
    const until = Date.now() + 5_000;
    while (Date.now() < until && smallest > 2 * 1024 * 1024) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await group();
      await syncCommitted(kysely.db);
      // The frames in use: the log's header says how far the current one goes (its file may stay longer).
      smallest = Math.min(smallest, walFrames(wal));
    }
    expect(smallest).toBeLessThan(2 * 1024 * 1024);
  }, 30_000);

  it('a database closed while the thread runs a RESTART closes at once, and the file is sound', async () => {
    const other = createKysely<DB>({ dialect: 'sqlite', file });
    Object.assign(checkpointing, { restartWaitMs: 1_500, everyMs: 0, restartFrames: 1_000_000 });
    const reader = new SqliteDatabase(file, { readonly: true });
    try {
      const one = async (k: typeof other, pages: number) => {
        await whenWriteLockFree(k.db);
        await transactionDeferringSync(k.db, async (trx) => {
          for (let i = 0; i < pages; i++) await sql`insert into t values (${text})`.execute(trx);
        });
        await syncCommitted(k.db);
      };
      // A log of 1,100 frames not yet copied, a reader of its newest snapshot, then a group
      // whose nudge finds the log past restartFrames with the reader only 300 frames behind: the RESTART waits for it.
      await one(other, 1); // the thread starts (the connection stops checkpointing by itself)
      Object.assign(checkpointing, { after: Number.POSITIVE_INFINITY }); // no nudge: the log keeps its frames
      await one(other, 1_100);
      Object.assign(checkpointing, { after: 0 });
      reader.exec('begin');
      reader.prepare('select count(*) from t').get();
      Object.assign(checkpointing, { restartFrames: 1_300, readerBehindFrames: 400 });
      await one(other, 300);
      expect(await restartHoldsLock()).toBe(true);
      const closing = performance.now();
      await other.db.destroy();
      expect(performance.now() - closing).toBeLessThan(500);
    } finally {
      reader.exec('commit');
      reader.close();
      Object.assign(checkpointing, { restartWaitMs: saved.restartWaitMs, everyMs: saved.everyMs, restartFrames: 200, readerBehindFrames: 50 });
    }
    // The thread ends its RESTART, then closes; the file is sound.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const check = new SqliteDatabase(file, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    check.close();
  }, 30_000);

  it('two connections (as two workers) each with its checkpoint thread: both write on, neither stalls', async () => {
    const a = createKysely<DB>({ dialect: 'sqlite', file });
    const b = createKysely<DB>({ dialect: 'sqlite', file });
    Object.assign(checkpointing, { everyMs: 0, restartFrames: 200, readerBehindFrames: saved.readerBehindFrames });
    try {
      let worst = 0;
      const run = async (k: typeof a) => {
        for (let g = 0; g < 150; g++) {
          const start = performance.now();
          await new Promise((resolve) => setImmediate(resolve));
          await whenWriteLockFree(k.db);
          await transactionDeferringSync(k.db, async (trx) => {
            for (let i = 0; i < 20; i++) await sql`insert into t values (${text})`.execute(trx);
          });
          void syncCommitted(k.db);
          worst = Math.max(worst, performance.now() - start);
        }
        await syncCommitted(k.db);
      };
      await Promise.all([run(a), run(b)]);
      // 300 groups of 20 pages (~25 MB) written by both: the two threads' RESTARTs never wait for each other for
      // long (the second finds the checkpoint lock taken and returns at once), so no group waits long. The log's size
      // is asserted with one writer (commit-sync.test.ts): with two in one process it started over
      // less often (11–56 MB largest of 66 MB written, at load 9): a bound of 16 MB here failed under load (18–27 MB).
      expect(worst).toBeLessThan(2_000);
    } finally {
      Object.assign(checkpointing, { everyMs: saved.everyMs });
      await a.db.destroy();
      await b.db.destroy();
    }
  }, 60_000);

  /** Waits (up to 3 s) until another connection holds the write lock: the thread's RESTART waiting for the reader. */
  async function restartHoldsLock(): Promise<boolean> {
    const probe = new SqliteDatabase(file, { timeout: 0 });
    try {
      for (const until = Date.now() + 3_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 5))) {
        try {
          probe.exec('begin immediate');
          probe.exec('rollback');
        } catch {
          return true;
        }
      }
      return false;
    } finally {
      probe.close();
    }
  }

  /** Bytes of valid frames at the log's start: frames are read until the salt changes. */
  function walFrames(wal: string): number {
    const buf = fs.readFileSync(wal);
    const pageSize = buf.readUInt32BE(8);
    const salt1 = buf.readUInt32BE(16);
    let offset = 32;
    while (offset + 24 + pageSize <= buf.length && buf.readUInt32BE(offset + 8) === salt1) offset += 24 + pageSize;
    return offset;
  }
});
