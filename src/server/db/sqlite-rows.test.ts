/**
 * SQLite rows are read as arrays and turned into objects by a generated builder (dialect.ts
 * wrapSqlite): the objects must be exactly those better-sqlite3 builds itself, also after a schema
 * change, with repeated column names, for a `__proto__` column and when streamed.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKysely } from './dialect.ts';

describe('SQLite rows built from arrays', () => {
  const { db, sqlite } = createKysely<any>({ dialect: 'sqlite', file: ':memory:' });
  const native = () => sqlite!;
  beforeAll(async () => {
    await sql`create table t (id integer primary key, name text, cents integer, note text)`.execute(db);
    await sql`insert into t (name, cents, note) values ('Ana', 1250, null), ('Bob', 0, 'x')`.execute(db);
  });
  afterAll(() => db.destroy());

  const same = (query: string, params: unknown[] = []) => native().prepare(query).all(...params);

  it.each([
    ['select * from t order by id', []],
    ['select id, name as n, cents * 2 as double from t where id = ?', [2]],
    ['select t.id, u.id, t.name from t join t as u on u.id = t.id order by t.id', []],
    ['select name as "__proto__", id from t order by id', []],
    ['select name as "a""b", id as "x y" from t order by id', []],
    ['select count(*) as n from t where id > ?', [100]],
  ])('%s answers the objects better-sqlite3 builds', async (query, params) => {
    for (let twice = 0; twice < 2; twice++) {
      // the second time from the statement cache
      const { rows } = await db.executeQuery(CompiledQuery.raw(query, params));
      const expected = same(query, params);
      expect(rows).toEqual(expected);
      expect(rows.map((r) => Object.keys(r as object))).toEqual(expected.map((r) => Object.keys(r as object)));
      for (const r of rows) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    }
  });

  it('a cached `select *` sees a column added later', async () => {
    const before = (await sql`select * from t where id = 1`.execute(db)).rows;
    expect(Object.keys(before[0] as object)).toEqual(['id', 'name', 'cents', 'note']);
    await sql`alter table t add column city text default 'Vigo'`.execute(db);
    const after = (await sql`select * from t where id = 1`.execute(db)).rows;
    expect(after).toEqual([{ id: 1, name: 'Ana', cents: 1250, note: null, city: 'Vigo' }]);
  });

  it('streams the same objects', async () => {
    const streamed: unknown[] = [];
    for await (const r of db.selectFrom('t').select(['id', 'name']).orderBy('id').stream()) streamed.push(r);
    expect(streamed).toEqual([
      { id: 1, name: 'Ana' },
      { id: 2, name: 'Bob' },
    ]);
  });

  it('writes still answer their changes and RETURNING rows', async () => {
    const r = await db.insertInto('t').values({ name: 'Eva', cents: 5 }).returning(['id', 'name']).executeTakeFirstOrThrow();
    expect(r).toEqual({ id: 3, name: 'Eva' });
    const u = await db.updateTable('t').set({ cents: 6 }).where('id', '=', 3).executeTakeFirst();
    expect(Number(u.numUpdatedRows)).toBe(1);
  });
});
