import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { sql } from 'kysely';
import { nowIso } from './dialect.ts';
import { insertRowsPrecompiled, type Params, precompiled, precompiledBy, updateFromValuesPrecompiled } from './precompiled.ts';

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
// Placeholders named by their position: an array of values in that order binds as it is.
const groupsByPosition = precompiled((db, p: Params<Record<string, string>>) =>
  db.selectFrom('groups').select(['code', 'name']).where('code', '=', p('0')).where('name', '=', p('1')),
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

  it('binds an array of values in placeholder order as the named values would, and refuses a missing one', async () => {
    const db = t.database.db;
    await insertGroup.all(db, { code: 'PRE-P1', name: 'Grupo P1', at: nowIso() });
    const named = groupsByPosition.compile(db, { 0: 'PRE-P1', 1: 'Grupo P1' });
    const positional = groupsByPosition.compile(db, ['PRE-P1', 'Grupo P1'] as never);
    expect(positional.sql).toBe(named.sql);
    expect(positional.parameters).toEqual(['PRE-P1', 'Grupo P1']);
    expect(await groupsByPosition.all(db, ['PRE-P1', 'Grupo P1'] as never)).toEqual([{ code: 'PRE-P1', name: 'Grupo P1' }]);
    expect(await groupsByPosition.all(db, ['PRE-P1', 'Otro'] as never)).toEqual([]);
    expect(() => groupsByPosition.compile(db, ['PRE-P1', undefined] as never)).toThrow(/parameter 1 missing/);
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
  it("inserts rows compiled once per shape: replacing by key, or adding to the stored counters ('add'), as the built statements do", async () => {
    const db = t.database.db;
    const hist = async () =>
      (await db.selectFrom('report_time_hist').select(['day', 'metric', 'bucket', 'n']).where('day', 'like', '1999-01-%').orderBy('day').orderBy('bucket').execute()).map((r) => `${r.day}/${r.metric}/${r.bucket}=${Number(r.n)}`);
    const rows = (n: number) => [
      { day: '1999-01-01', metric: 'rb', bucket: 1, n },
      { day: '1999-01-02', metric: 'rb', bucket: 3, n: 2 * n },
    ];
    await insertRowsPrecompiled(db, 'report_time_hist', rows(1), ['day', 'metric', 'bucket'], 'add');
    await insertRowsPrecompiled(db, 'report_time_hist', rows(5), ['day', 'metric', 'bucket'], 'add');
    // More rows than one precompiled statement binds: the built statement, same result.
    const many = Array.from({ length: 101 }, (_, k) => ({ day: '1999-01-03', metric: 'rb', bucket: 100 + k, n: 1 }));
    await insertRowsPrecompiled(db, 'report_time_hist', [...rows(10), ...many], ['day', 'metric', 'bucket'], 'add');
    const got = await hist();
    expect(got.slice(0, 2)).toEqual(['1999-01-01/rb/1=16', '1999-01-02/rb/3=32']);
    expect(got).toHaveLength(103);
    await insertRowsPrecompiled(db, 'report_time_hist', [{ day: '1999-01-01', metric: 'rb', bucket: 1, n: 7 }], ['day', 'metric', 'bucket']);
    expect((await hist())[0]).toBe('1999-01-01/rb/1=7');
  });

  it('updates several rows by key from one VALUES list, compiled once per row count (and built past 100 rows)', async () => {
    const db = t.database.db;
    const at = nowIso();
    const ids: number[] = [];
    for (let k = 0; k < 103; k++) ids.push(Number((await insertGroup.takeFirst(db, { code: `PRE-U${k}`, name: `antes ${k}`, at }))!.id));
    const keys = [{ name: 'id', pgType: 'bigint' as const }];
    const set = [{ name: 'name', pgType: 'text' as const }];
    await updateFromValuesPrecompiled(db, 'groups', keys, set, ids.slice(0, 2).map((id, k) => ({ id, name: `después ${k}` })));
    await updateFromValuesPrecompiled(db, 'groups', keys, set, ids.slice(2).map((id, k) => ({ id, name: `luego ${k + 2}` })));
    const names = (await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).orderBy('id').execute()).map((r) => r.name);
    expect(names.slice(0, 3)).toEqual(['después 0', 'después 1', 'luego 2']);
    expect(names.at(-1)).toBe('luego 102');
  });
});
