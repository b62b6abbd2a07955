import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { sql } from 'kysely';
import { nowIso } from './dialect.ts';
import { type Params, precompiled, precompiledBy } from './precompiled.ts';

const groupByCode = precompiled((db, p: Params<{ code: string }>) => db.selectFrom('groups').select(['id', 'code', 'name']).where('code', '=', p('code')));
const groupsByCodes = precompiledBy(
  (n: number) => (db, p: Params<Record<string, string>>) =>
    db
      .selectFrom('groups')
      .select(['code'])
      .where(
        'code',
        'in',
        Array.from({ length: n }, (_, i) => p(`c${i}`)),
      )
      .orderBy('code'),
  (n) => String(n),
);
const insertGroup = precompiled((db, p: Params<{ code: string; name: string; at: string }>) =>
  db.insertInto('groups').values({ code: p('code'), name: p('name'), created_at: p('at'), updated_at: p('at') }).returning('id'),
);

describe.each(DIALECTS)('precompiled queries on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('answers what the built query answers, for each value bound, with the same SQL every time', async () => {
    const db = t.database.db;
    const at = nowIso();
    const a = await insertGroup.takeFirst(db, { code: 'PRE-A', name: 'Grupo A', at });
    await insertGroup.all(db, { code: 'PRE-B', name: 'Grupo B', at });
    const built = await db.selectFrom('groups').select(['id', 'code', 'name']).where('code', '=', 'PRE-A').executeTakeFirst();
    expect(await groupByCode.takeFirst(db, { code: 'PRE-A' })).toEqual(built);
    expect(Number(built!.id)).toBe(Number(a!.id));
    expect((await groupByCode.takeFirst(db, { code: 'PRE-B' }))?.name).toBe('Grupo B');
    expect(await groupByCode.takeFirst(db, { code: 'PRE-NONE' })).toBeUndefined();
    expect(groupByCode.compile(db, { code: 'x' }).sql).toBe(groupByCode.compile(db, { code: 'y' }).sql);
    expect(groupByCode.compile(db, { code: 'x' }).parameters).toEqual(['x']);
    // A value that looks like SQL is bound, never written into the text.
    expect(await groupByCode.takeFirst(db, { code: "' or 1=1 --" })).toBeUndefined();
  });

  it('keeps one query per list length', async () => {
    const db = t.database.db;
    const at = nowIso();
    for (const code of ['PRE-L1', 'PRE-L2', 'PRE-L3']) await insertGroup.all(db, { code, name: code, at });
    expect((await groupsByCodes(2).all(db, { c0: 'PRE-L3', c1: 'PRE-L1' })).map((r) => r.code)).toEqual(['PRE-L1', 'PRE-L3']);
    expect((await groupsByCodes(3).all(db, { c0: 'PRE-L3', c1: 'PRE-L1', c2: 'PRE-L2' })).map((r) => r.code)).toEqual(['PRE-L1', 'PRE-L2', 'PRE-L3']);
  });

  it('PostgreSQL: prepared once per connection as a named statement, then only bound and run; other queries stay unnamed', async () => {
    if (dialect !== 'postgres') return;
    const db = t.database.db;
    await insertGroup.all(db, { code: 'PRE-N1', name: 'Grupo N1', at: nowIso() });
    const text = groupByCode.compile(db, { code: 'x' }).sql;
    // One transaction: one pooled connection, whose prepared statements pg_prepared_statements lists.
    await db.transaction().execute(async (trx) => {
      const prepared = async (statement: string) =>
        Number((await sql<{ n: string }>`select count(*) as n from pg_prepared_statements where statement = ${statement}`.execute(trx)).rows[0].n);
      expect((await groupByCode.takeFirst(trx, { code: 'PRE-N1' }))?.name).toBe('Grupo N1');
      expect(await groupByCode.takeFirst(trx, { code: 'PRE-NONE' })).toBeUndefined();
      expect((await groupByCode.takeFirst(trx, { code: 'PRE-N1' }))?.name).toBe('Grupo N1');
      expect(await prepared(text)).toBe(1);
      const built = trx.selectFrom('groups').select('name').where('code', '=', 'PRE-N1').compile();
      await trx.executeQuery(built);
      expect(await prepared(built.sql)).toBe(0);
    });
    // A failing run (a duplicate code) leaves the statement usable on its connection.
    await expect(insertGroup.all(db, { code: 'PRE-N1', name: 'otra vez', at: nowIso() })).rejects.toThrow();
    for (let i = 0; i < 12; i++) expect((await groupByCode.takeFirst(db, { code: 'PRE-N1' }))?.name).toBe('Grupo N1');
  });

  it('runs inside a transaction (sees its own writes) and refuses a missing parameter', async () => {
    const db = t.database.db;
    await db
      .transaction()
      .execute(async (trx) => {
        await insertGroup.all(trx, { code: 'PRE-TX', name: 'En transacción', at: nowIso() });
        expect((await groupByCode.takeFirst(trx, { code: 'PRE-TX' }))?.name).toBe('En transacción');
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await groupByCode.takeFirst(db, { code: 'PRE-TX' })).toBeUndefined();
    await expect(groupByCode.all(db, {} as { code: string })).rejects.toThrow(/parameter code missing/);
  });
});
