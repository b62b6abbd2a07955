import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteWriterPair } from '../../../test/sqlite-writer-pair.ts';
import { transactionDeferringSync, whenWriteLockFree, writeLockWaitMs, writeTransaction } from './dialect.ts';

// SQLite with several writer processes (serve --workers N): waiting for another connection's write
// lock must leave the event loop free, and must not wait for this process's own open transaction.
describe('write transactions waiting for the write lock (SQLite file)', () => {
  const pair = sqliteWriterPair('atiende-writelock-');

  const rows = () => pair.kysely.sqlite!.prepare('select n from t order by n').pluck().all();

  it('begins at once when nobody writes', async () => {
    const t0 = performance.now();
    await whenWriteLockFree(pair.kysely.db);
    await writeTransaction(pair.kysely.db, async (trx) => void (await sql`insert into t values (0)`.execute(trx)));
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(pair.kysely.sqlite!.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  for (const [name, write] of [
    ['a group writer (transactionDeferringSync)', (n: number, seen: () => void) => transactionDeferringSync(pair.kysely.db, async (trx) => {
      seen();
      await sql`insert into t values (${n})`.execute(trx);
    })],
    ['a plain write (tx: writeTransaction)', (n: number, seen: () => void) => writeTransaction(pair.kysely.db, async (trx) => {
      seen();
      await sql`insert into t values (${n})`.execute(trx);
    })],
  ] as const) {
    it(`${name} waits while another process holds the write lock, the event loop and this process's reads going on, then writes`, async () => {
      pair.kysely.sqlite!.exec('delete from t');
      pair.other.exec('begin immediate');
      pair.other.exec('insert into t values (1)');
      let settled = false;
      let ran = false;
      const waiting = write(2, () => (ran = true)).then(() => (settled = true));
      // Timers keep firing while it waits (SQLite's busy handler would have blocked the thread), its BEGIN
      // never sleeps (each try fails at once), and reads of this process run between its tries.
      let ticks = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, 5));
        expect(performance.now() - t0).toBeLessThan(200);
        ticks++;
        expect(await sql<{ c: number }>`select count(*) as c from t`.execute(pair.kysely.db)).toBeTruthy();
      }
      expect(ticks).toBe(5);
      expect(settled).toBe(false);
      // Its function runs only once the lock is its own (a group writer takes its requests there).
      expect(ran).toBe(false);
      expect(pair.kysely.sqlite!.inTransaction).toBe(false);
      pair.other.exec('commit');
      await waiting;
      expect(rows()).toEqual([1, 2]);
      expect(pair.kysely.sqlite!.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(pair.kysely.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
    });
  }

  it('a transaction whose function fails is rolled back, and the next ones (plain Kysely ones too) begin as usual', async () => {
    pair.kysely.sqlite!.exec('delete from t');
    const failed = await transactionDeferringSync(pair.kysely.db, async (trx) => {
      await sql`insert into t values (7)`.execute(trx);
      throw new Error('no');
    }).catch((e: Error) => e.message);
    expect(failed).toBe('no');
    expect(pair.kysely.sqlite!.inTransaction).toBe(false);
    await pair.kysely.db.transaction().execute(async (trx) => void (await sql`insert into t values (8)`.execute(trx)));
    await writeTransaction(pair.kysely.db, async (trx) => void (await sql`insert into t values (9)`.execute(trx)));
    // Kysely's own BEGIN still begins: a nested one is refused as before.
    await pair.kysely.db.transaction().execute(async (trx) => {
      await expect(sql`begin`.execute(trx)).rejects.toThrow(/within a transaction/);
    });
    expect(rows()).toEqual([8, 9]);
  });

  it('a process that is not a peer (a CLI, a backup) holding the lock for a while is waited for, not failed', async () => {
    pair.kysely.sqlite!.exec('delete from t');
    pair.other.exec('begin immediate');
    setTimeout(() => pair.other.exec('commit'), 400);
    const t0 = performance.now();
    await transactionDeferringSync(pair.kysely.db, async (trx) => void (await sql`insert into t values (3)`.execute(trx)));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(350);
    expect(rows()).toEqual([3]);
  });

  it('does not wait for a transaction of its own connection (Kysely queues those)', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const open = pair.kysely.db.transaction().execute(async (trx) => {
      await sql`insert into t values (3)`.execute(trx);
      await held;
    });
    while (!pair.kysely.sqlite!.inTransaction) await new Promise((r) => setImmediate(r));
    const t0 = performance.now();
    await whenWriteLockFree(pair.kysely.db);
    expect(performance.now() - t0).toBeLessThan(500);
    const after = writeTransaction(pair.kysely.db, async (trx) => void (await sql`insert into t values (4)`.execute(trx)));
    release();
    await open;
    await after;
    expect(rows()).toEqual([3, 3, 4]);
  });

  it('gives up after its bound with the error a busy timeout gave (SQLITE_BUSY), the event loop free meanwhile', async () => {
    const saved = writeLockWaitMs.value;
    writeLockWaitMs.value = 60;
    pair.other.exec('begin immediate');
    try {
      const t0 = performance.now();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const failed = await transactionDeferringSync(pair.kysely.db, async () => 1).catch((e: unknown) => e);
      clearInterval(timer);
      expect((failed as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
      expect(ticks).toBeGreaterThanOrEqual(3);
      expect(pair.kysely.sqlite!.inTransaction).toBe(false);
      expect(pair.kysely.sqlite!.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      writeLockWaitMs.value = saved;
      pair.other.exec('rollback');
    }
  });
});
