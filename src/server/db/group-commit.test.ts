import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { type GroupBatch, systemCtx } from '../context.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import { atGroupEnd, groupedTx } from './group-commit.ts';

describe.each(DIALECTS)('grouped transactions on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const audited = async (entityType: string) =>
    (await t.database.db.selectFrom('audit_log').select('entity_id').where('entity_type', '=', entityType).orderBy('entity_id').execute()).map((r) => r.entity_id);

  it('commits each write of a group, undoes a failing one alone and runs after-commit work', async () => {
    const ctx = () => systemCtx(t.database, t.config);
    const ran: number[] = [];
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) => {
        const c = ctx();
        return groupedTx(c, async (w) => {
          await recordAudit(w, { entityType: 'group_commit_test', entityId: n, action: 'create' });
          w.afterCommit.push(() => ran.push(n));
          if (n === 3) throw new Error('three fails');
          return n * 10;
        });
      }),
    );
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 'three fails', 40]);
    expect(await audited('group_commit_test')).toEqual(['1', '2', '4']);
    // The group is first written without savepoints: after three's failure it is written again, each
    // write in its savepoint; the after-commit work of the first run is dropped (each runs once).
    expect(ran.sort()).toEqual([1, 2, 4]);
  });

  it("runs the work the group's writes left for its end once, inside the group, with the items of the writes that succeeded only", async () => {
    const runs: number[][] = [];
    const batch: GroupBatch<number> = {
      name: 'test',
      run: async (w, items) => {
        runs.push([...items]);
        // Inside the group's transaction: what it writes is committed with the group.
        for (const n of items) await recordAudit(w, { entityType: 'group_end_test', entityId: n, action: 'create' });
      },
    };
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        groupedTx(systemCtx(t.database, t.config), async (w) => {
          expect(atGroupEnd(w, batch, n)).toBe(true);
          if (n === 3) throw new Error('three fails');
          return n;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual([[1, 2, 4]]);
    expect(await audited('group_end_test')).toEqual(['1', '2', '4']);
    // Outside a group's write (a plain transaction, or no transaction) it leaves nothing: the caller works at once.
    expect(atGroupEnd(systemCtx(t.database, t.config), batch, 5)).toBe(false);
    // The group's end failing fails every write of the group, and nothing of it is saved.
    const failing: GroupBatch<number> = { name: 'failing', run: async () => { throw new Error('end fails'); } };
    const failed = await Promise.allSettled(
      [6, 7].map((n) =>
        groupedTx(systemCtx(t.database, t.config), async (w) => {
          await recordAudit(w, { entityType: 'group_end_fail', entityId: n, action: 'create' });
          atGroupEnd(w, failing, n);
        }),
      ),
    );
    expect(failed.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['end fails', 'end fails']);
    expect(await audited('group_end_fail')).toEqual([]);
  });

  it('a single write runs as a plain transaction, inside an open one it joins it', async () => {
    const c = systemCtx(t.database, t.config);
    await expect(groupedTx(c, async (w) => recordAudit(w, { entityType: 'group_commit_one', entityId: 1, action: 'create' }))).resolves.toBeUndefined();
    await t.database.db
      .transaction()
      .execute(async (trx) => groupedTx({ ...c, db: trx }, (w) => recordAudit(w, { entityType: 'group_commit_one', entityId: 2, action: 'create' })))
      .catch(() => undefined);
    expect(await audited('group_commit_one')).toEqual(['1', '2']);
  });
});
