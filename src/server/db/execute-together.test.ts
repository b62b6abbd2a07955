/**
 * `executeTogether` sends several writes as one statement on PostgreSQL. PostgreSQL binds at most
 * 65,535 parameters per statement: a summary rebuilt in one go (20,000 rows in chunks of 400) once
 * failed there with "bind message has 58364 parameter formats but 0 parameters". Beyond the limit the
 * statements are split; every row must still be written, on both engines.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { executeTogether, PG_MAX_PARAMETERS } from './dialect.ts';

describe.each(DIALECTS)('executeTogether on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await sql`create table together_test (k integer primary key, a integer not null, b integer not null)`.execute(t.database.db);
  });
  afterAll(() => t.close());

  const db = () => t.database.db as any;
  const inserts = (from: number, rows: number, perStatement: number) =>
    Array.from({ length: Math.ceil(rows / perStatement) }, (_, s) =>
      db()
        .insertInto('together_test')
        .values(Array.from({ length: Math.min(perStatement, rows - s * perStatement) }, (_, i) => ({ k: from + s * perStatement + i, a: 1, b: 2 }))),
    );
  const count = async (from: number, to: number) =>
    Number((await sql<{ n: number }>`select count(*) as n from together_test where k >= ${from} and k < ${to}`.execute(db())).rows[0]!.n);

  it('writes every row of a few small statements', async () => {
    await executeTogether(db(), inserts(0, 1_000, 400));
    expect(await count(0, 1_000)).toBe(1_000);
  });

  it('writes every row when the statements together bind more parameters than PostgreSQL takes', async () => {
    const rows = 30_000; // 90,000 parameters in 75 statements of 400 rows
    expect(rows * 3).toBeGreaterThan(PG_MAX_PARAMETERS);
    await executeTogether(db(), inserts(100_000, rows, 400));
    expect(await count(100_000, 100_000 + rows)).toBe(rows);
  });
});
