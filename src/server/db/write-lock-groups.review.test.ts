import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.ts';
import { systemCtx } from '../context.ts';
import { auditCompanion, recordAudit } from '../modules/audit/audit.service.ts';
import { insertWithCompanions } from './companions.ts';
import { nowIso, writeLockWaitMs } from './dialect.ts';
import { groupedTx } from './group-commit.ts';

// Review (SQLite file, another process holding the write lock past the wait's bound): the group
// writers take their requests once their transaction has begun. When the BEGIN fails at the bound,
// only the requests that waited for it get its SQLITE_BUSY; a request that arrived while the group
// waited has its own wait (before: it joined the next group, which waited the whole bound again).
describe('group writers when another process holds the write lock past the bound (review)', () => {
  let t: TestApp;
  let other: SqliteDatabase.Database;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    other = new SqliteDatabase((t.config.database as { file: string }).file, { timeout: 0 });
  });
  afterAll(async () => {
    other.close();
    await t.close();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'written',
      (e: { code?: string; message?: string }) => e.code ?? String(e.message),
    );

  async function whileHeld(holdMs: number, run: () => Promise<string[]>): Promise<string[]> {
    const saved = writeLockWaitMs.value;
    writeLockWaitMs.value = 400;
    other.exec('begin immediate');
    const released = sleep(holdMs).then(() => other.exec('commit'));
    try {
      return await run();
    } finally {
      await released;
      writeLockWaitMs.value = saved;
    }
  }

  it('intakes (group-commit.ts): the first request fails at its bound (400 ms), one that came 250 ms later is written once the lock is free (600 ms)', async () => {
    const write = (n: number) => groupedTx(systemCtx(t.database, t.config), (w) => recordAudit(w, { entityType: 'review_lock_group', entityId: n, action: 'create' }), 'review-lock');
    const got = await whileHeld(600, async () => {
      const first = outcome(write(1));
      await sleep(250);
      const late = outcome(write(2));
      return Promise.all([first, late]);
    });
    expect(got).toEqual(['SQLITE_BUSY', 'written']);
  });

  it('registrations (companions.ts): the same', async () => {
    const ctx = systemCtx(t.database, t.config);
    const write = (code: string) => {
      const now = nowIso();
      return insertWithCompanions(t.database.db, 'groups', { code, name: code, created_at: now, updated_at: now }, (id) => [auditCompanion(ctx, { entityType: 'review_lock_comp', entityId: id, action: 'create' })]);
    };
    const got = await whileHeld(600, async () => {
      const first = outcome(write('RLC-1'));
      await sleep(250);
      const late = outcome(write('RLC-2'));
      return Promise.all([first, late]);
    });
    expect(got).toEqual(['SQLITE_BUSY', 'written']);
  });
});
