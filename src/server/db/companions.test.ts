import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { systemCtx } from '../context.ts';
import { auditCompanion } from '../modules/audit/audit.service.ts';
import { documentCompanion } from '../modules/search/search.service.ts';
import { insertWithCompanions } from './companions.ts';
import { nowIso } from './dialect.ts';

describe.each(DIALECTS)('records with companion rows on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const insertGroup = (code: string, db = t.database.db as Parameters<typeof insertWithCompanions>[0]) => {
    const ctx = systemCtx(t.database, t.config);
    const now = nowIso();
    return insertWithCompanions(db, 'groups', { code, name: `Grupo ${code}`, created_at: now, updated_at: now }, (id) => [
      auditCompanion(ctx, { entityType: 'companion_test', entityId: id, action: 'create', changes: { code } }),
      documentCompanion({ entityType: 'companion_test', entityId: id, title: `Grupo ${code}`, codes: [code], text: ['grupo'] }),
    ]);
  };
  const written = async (prefix: string) => {
    const db = t.database.db;
    const groups = await db.selectFrom('groups').select(['id', 'code']).where('code', 'like', `${prefix}%`).orderBy('code').execute();
    const audit = await db.selectFrom('audit_log').select(['entity_id']).where('entity_type', '=', 'companion_test').execute();
    const docs = await db.selectFrom('search_documents as d').innerJoin('search_keys as k', 'k.document_id', 'd.id').select(['d.entity_id', 'k.key']).where('d.entity_type', '=', 'companion_test').execute();
    const ids = new Set(groups.map((g) => String(g.id)));
    return {
      codes: groups.map((g) => g.code),
      audited: audit.filter((a) => ids.has(a.entity_id)).length,
      documents: docs.filter((d) => ids.has(String(d.entity_id))).map((d) => d.key).sort(),
    };
  };

  it('writes a group of concurrent records in one go; a failing one fails alone, with none of its companions', async () => {
    // G1-A and its duplicate arrive in the same group: the unique code refuses the second.
    const results = await Promise.allSettled(['G1-A', 'G1-B', 'G1-A', 'G1-C'].map((code) => insertGroup(code)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(new Set(ids).size).toBe(3);
    const w = await written('G1-');
    expect(w.codes).toEqual(['G1-A', 'G1-B', 'G1-C']);
    expect(w.audited).toBe(3);
    expect(w.documents).toEqual(['g1a', 'g1b', 'g1c']);
    // Each caller got the id of its own record.
    const byId = await t.database.db.selectFrom('groups').select(['id', 'code']).where('id', 'in', ids).execute();
    expect(Object.fromEntries(byId.map((g) => [Number(g.id), g.code]))).toEqual({ [ids[0]]: 'G1-A', [ids[1]]: 'G1-B', [ids[2]]: 'G1-C' });
  });

  it('a group with a failing record and one holding a value that is not a plain scalar writes every other record once', async () => {
    const ctx = systemCtx(t.database, t.config);
    const withDate = () => {
      // A Date is bound through Kysely (converted on the way in), not by the group's synchronous statements.
      const now = new Date();
      return insertWithCompanions(t.database.db, 'groups', { code: 'G3-D', name: 'Grupo G3-D', created_at: now, updated_at: now } as never, (id) => [
        auditCompanion(ctx, { entityType: 'companion_test', entityId: id, action: 'create', changes: { code: 'G3-D' } }),
      ]);
    };
    const results = await Promise.allSettled([insertGroup('G3-A'), insertGroup('G3-A'), withDate(), insertGroup('G3-B')]);
    // Which of the two G3-A is refused depends on the engine (PostgreSQL retries a failed group's
    // records alone, at once); exactly one is.
    expect(results.slice(0, 2).map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.slice(2).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await written('G3-')).codes).toEqual(['G3-A', 'G3-B', 'G3-D']);
    // Alone, a failing record gets its own error and leaves nothing.
    await expect(insertGroup('G3-A')).rejects.toThrow();
    expect((await written('G3-')).codes).toEqual(['G3-A', 'G3-B', 'G3-D']);
  });

  it('writes every value of a group where it belongs: each record, companion and summed counter its own', async () => {
    const ctx = systemCtx(t.database, t.config);
    const now = nowIso();
    // Records with different values in every column, companions with and without dependents, and
    // counter rows merged across the group (one key shared by all, one key each).
    const counter = (code: string, n: number) => ({
      table: 'report_call_daily' as const,
      row: { grain: 'd', day: '1999-01-01', dim: 'companion_test', code, outcome: '', bucket: -1, n },
      merge: { conflict: ['grain', 'day', 'dim', 'code', 'outcome', 'bucket'], add: ['n'] },
    });
    const codes = ['G4-A', 'G4-B', 'G4-C', 'G4-D', 'G4-E'];
    const ids = await Promise.all(
      codes.map((code, i) =>
        insertWithCompanions(t.database.db, 'groups', { code, name: `Nombre ${i} de ${code}`, created_at: now, updated_at: now }, (id) => [
          auditCompanion(ctx, { entityType: 'companion_test', entityId: id, action: `create-${i}`, changes: { code, i } }),
          documentCompanion({ entityType: 'companion_test', entityId: id, title: `Título ${code}`, subtitle: i % 2 ? `sub ${i}` : null, codes: [code, `X${i}`], text: [`texto ${i}`] }),
          counter('shared', i + 1),
          counter(`own-${code}`, 10 * (i + 1)),
        ]),
      ),
    );
    const db = t.database.db;
    const groups = await db.selectFrom('groups').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
    expect(Object.fromEntries(groups.map((g) => [Number(g.id), [g.code, g.name]]))).toEqual(Object.fromEntries(ids.map((id, i) => [id, [codes[i], `Nombre ${i} de ${codes[i]}`]])));
    const audit = await db.selectFrom('audit_log').select(['entity_id', 'action', 'changes']).where('entity_type', '=', 'companion_test').where('entity_id', 'in', ids.map(String)).execute();
    expect(Object.fromEntries(audit.map((a) => [a.entity_id, [a.action, typeof a.changes === 'string' ? JSON.parse(a.changes) : a.changes]]))).toEqual(
      Object.fromEntries(ids.map((id, i) => [String(id), [`create-${i}`, { code: codes[i], i }]])),
    );
    const docs = await db
      .selectFrom('search_documents as d')
      .innerJoin('search_keys as k', 'k.document_id', 'd.id')
      .select(['d.entity_id', 'd.title', 'd.subtitle', 'k.key'])
      .where('d.entity_type', '=', 'companion_test')
      .where('d.entity_id', 'in', ids)
      .execute();
    for (const [i, id] of ids.entries()) {
      const mine = docs.filter((d) => Number(d.entity_id) === id);
      expect(mine.map((d) => d.key).sort()).toEqual([codes[i].replace('-', '').toLowerCase(), `x${i}`].sort());
      expect(new Set(mine.map((d) => `${d.title}|${d.subtitle}`))).toEqual(new Set([`Título ${codes[i]}|${i % 2 ? `sub ${i}` : null}`]));
    }
    const counters = await db.selectFrom('report_call_daily').select(['code', 'n']).where('dim', '=', 'companion_test').execute();
    expect(Object.fromEntries(counters.map((c) => [c.code, Number(c.n)]))).toEqual({ shared: 15, ...Object.fromEntries(codes.map((c, i) => [`own-${c}`, 10 * (i + 1)])) });
  });

  it('inside an open transaction the rows belong to it: a rollback leaves nothing', async () => {
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await insertGroup('G2-A', trx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await written('G2-')).toEqual({ codes: [], audited: 0, documents: [] });
    await insertGroup('G2-B');
    expect((await written('G2-')).codes).toEqual(['G2-B']);
  });
});
