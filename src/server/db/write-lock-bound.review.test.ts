import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteWriterPair } from '../../../test/sqlite-writer-pair.ts';
import { writeLockWaitMs, writeTransaction } from './dialect.ts';

// Review: the bound of a write transaction's wait is for ANOTHER process's write lock (the old 2 s
// probe + 5 s busy timeout). Time spent queued behind this process's own connection (Kysely's one
// connection, another of its transactions) was never counted before and must not use the bound up.
describe('write lock wait bound (SQLite file, review)', () => {
  const pair = sqliteWriterPair('atiende-writelock-bound-');

  it("does not count the time queued behind this process's own connection against the wait for another process's lock", async () => {
    const saved = writeLockWaitMs.value;
    writeLockWaitMs.value = 300;
    try {
      // This process's connection busy for 400 ms (a long transaction or read of its own).
      const own = pair.kysely.db.connection().execute(() => new Promise((r) => setTimeout(r, 400)));
      // Another process holds the write lock from now until 450 ms: 50 ms past the connection's release.
      pair.other.exec('begin immediate');
      const released = new Promise<void>((r) =>
        setTimeout(() => {
          pair.other.exec('commit');
          r();
        }, 450),
      );
      const t0 = performance.now();
      const wrote = await writeTransaction(pair.kysely.db, async (trx) => void (await sql`insert into t values (1)`.execute(trx))).then(
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
      if (pair.other.inTransaction) pair.other.exec('rollback');
    }
  });
});
