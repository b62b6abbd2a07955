/**
 * Review of e029917 (companions.ts: on PostgreSQL a group's ids come from blocks of 64 drawn ahead per
 * database handle): two handles on one database (two processes) writing groups at once, with failing
 * records among them (a duplicate code), never hand out one id twice, each caller gets its own
 * record's id, the failed records leave nothing, and a failed group's retry writes each other record once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { systemCtx } from '../context.ts';
import { auditCompanion } from '../modules/audit/audit.service.ts';
import { documentCompanion } from '../modules/search/search.service.ts';
import { insertWithCompanions } from './companions.ts';
import { createDatabase, type Database } from './database.ts';
import { nowIso } from './dialect.ts';

describe.each(DIALECTS)('companion ids from two handles on %s', (dialect) => {
  let t: TestApp;
  let other: Database;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    other = await createDatabase(t.config.database, { migrate: false });
  });
  afterAll(async () => {
    await other.destroy();
    await t.close();
  });

  const insertGroup = (db: Parameters<typeof insertWithCompanions>[0], code: string) => {
    const ctx = systemCtx(t.database, t.config);
    const now = nowIso();
    return insertWithCompanions(db, 'groups', { code, name: `Grupo ${code}`, created_at: now, updated_at: now }, (id) => [
      auditCompanion(ctx, { entityType: 'companion_ids_review', entityId: id, action: 'create', changes: { code } }),
      documentCompanion({ entityType: 'companion_ids_review', entityId: id, title: `Grupo ${code}`, codes: [code], text: ['grupo'] }),
    ]);
  };

  it('never shares an id; every caller gets its own record; failed ones leave nothing', async () => {
    const handles = [t.database.db, other.db];
    const codes: string[] = [];
    const calls: Array<Promise<number>> = [];
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < 30; k++) {
        // Every 7th a duplicate of one written in the same round by the other handle: refused.
        const code = k % 7 === 6 ? `R${round}-${k - 1}` : `R${round}-${k}`;
        codes.push(code);
        const call = insertGroup(handles[k % 2]!, code);
        call.catch(() => {}); // settled below, after every round
        calls.push(call);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.allSettled(calls);
    const ok = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ id: r.value, code: codes[i]! }] : []));
    const refused = results.filter((r) => r.status === 'rejected').length;
    expect(refused).toBe(6 * 4);
    expect(new Set(ok.map((o) => o.id)).size).toBe(ok.length);
    expect(new Set(ok.map((o) => o.code)).size).toBe(ok.length);
    const rows = await t.database.db.selectFrom('groups').select(['id', 'code']).where('code', 'like', 'R%-%').execute();
    expect(Object.fromEntries(rows.map((r) => [Number(r.id), r.code]))).toEqual(Object.fromEntries(ok.map((o) => [o.id, o.code])));
    const audits = await t.database.db.selectFrom('audit_log').select('entity_id').where('entity_type', '=', 'companion_ids_review').execute();
    expect(audits.map((a) => Number(a.entity_id)).sort((a, b) => a - b)).toEqual(ok.map((o) => o.id).sort((a, b) => a - b));
    const docs = await t.database.db.selectFrom('search_documents').select(['id', 'entity_id']).where('entity_type', '=', 'companion_ids_review').execute();
    expect(docs.map((d) => Number(d.entity_id)).sort((a, b) => a - b)).toEqual(ok.map((o) => o.id).sort((a, b) => a - b));
    expect(new Set(docs.map((d) => Number(d.id))).size).toBe(docs.length);
  });
});
