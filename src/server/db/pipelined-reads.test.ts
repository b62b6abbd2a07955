/**
 * PostgreSQL: precompiled reads marked pipelined, outside a transaction, go to a few pipelined connections
 * (pg-statements.ts). Several at once share them and each gets its own answer; a read that fails
 * fails alone; a lost connection is replaced by the next read; transactions and writes keep the pool.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { nowIso } from './dialect.ts';
import { type Params, precompiled } from './precompiled.ts';

const pipelined = { pipelined: true };
const backendOf = precompiled((db, p: Params<{ n: number }>) => db.selectNoFrom((eb) => [sql<number>`pg_backend_pid()`.as('pid'), eb.val(p('n')).as('n')]), pipelined);
const pooledBackendOf = precompiled((db, p: Params<{ n: number }>) => db.selectNoFrom((eb) => [sql<number>`pg_backend_pid()`.as('pid'), eb.val(p('n')).as('m')]));
const asInteger = precompiled((db, p: Params<{ v: string }>) => db.selectNoFrom(() => [sql<number>`cast(${p('v')} as integer)`.as('v')]), pipelined);
const groupByCode = precompiled((db, p: Params<{ code: string }>) => db.selectFrom('groups').select(['id', 'name']).where('code', '=', p('code')), pipelined);
// A WITH that only reads goes pipelined as a SELECT does (calls.repository callerByPhone).
const withRead = precompiled((db, p: Params<{ n: number }>) => ({ compile: () => sql<{ pid: number; n: number }>`with x as (select ${p('n')}::int as n) select pg_backend_pid() as pid, n from x`.compile(db) }), pipelined);
// A WITH holding a data-modifying statement is a write: it keeps the pool.
const withWrite = precompiled(
  (db, p: Params<{ code: string; at: string }>) => ({
    compile: () => sql<{ pid: number }>`with w as (insert into groups (code, name, created_at, updated_at) values (${p('code')}, ${p('code')}, ${p('at')}, ${p('at')}) returning id) select pg_backend_pid() as pid from w`.compile(db),
  }),
  pipelined,
);
// Marked pipelined, but a write: it keeps the pool.
const insertGroup = precompiled(
  (db, p: Params<{ code: string; at: string }>) => db.insertInto('groups').values({ code: p('code'), name: p('code'), created_at: p('at'), updated_at: p('at') }).returning(sql<number>`pg_backend_pid()`.as('pid')),
  pipelined,
);

describe.skipIf(!DIALECTS.includes('postgres'))('pipelined precompiled reads on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('postgres');
  });
  afterAll(() => t.close());

  it('answers many reads sent at once, each its own, on at most two connections kept apart from the pool', async () => {
    const db = t.database.db;
    const answers = await Promise.all(Array.from({ length: 60 }, (_, n) => backendOf.takeFirst(db, { n })));
    expect(answers.map((a) => Number(a!.n))).toEqual(Array.from({ length: 60 }, (_, n) => n));
    const piped = new Set(answers.map((a) => Number(a!.pid)));
    expect(piped.size).toBeGreaterThanOrEqual(1);
    expect(piped.size).toBeLessThanOrEqual(2);
    // In a transaction, for a write and for a read not marked pipelined, the pool's connections.
    const pooled = await Promise.all(Array.from({ length: 3 }, (_, n) => pooledBackendOf.takeFirst(db, { n })));
    for (const r of pooled) expect(piped.has(Number(r!.pid))).toBe(false);
    const inTx = await db.transaction().execute((trx) => backendOf.takeFirst(trx, { n: 1 }));
    expect(piped.has(Number(inTx!.pid))).toBe(false);
    const write = await insertGroup.takeFirst(db, { code: `PIPE-${Date.now()}`, at: nowIso() });
    expect(piped.has(Number(write!.pid))).toBe(false);
    // A WITH that only reads is a read; one that inserts is a write.
    const reads = await Promise.all(Array.from({ length: 6 }, (_, n) => withRead.takeFirst(db, { n })));
    expect(reads.map((r) => Number(r!.n))).toEqual([0, 1, 2, 3, 4, 5]);
    for (const r of reads) expect(piped.has(Number(r!.pid))).toBe(true);
    const code = `PIPE-WITH-${Date.now()}`;
    const withWritten = await withWrite.takeFirst(db, { code, at: nowIso() });
    expect(piped.has(Number(withWritten!.pid))).toBe(false);
    expect((await groupByCode.takeFirst(db, { code }))?.name).toBe(code);
  });

  it('sees a write committed before it, and a failing read fails alone', async () => {
    const db = t.database.db;
    const code = `PIPE-W-${Date.now()}`;
    await db.transaction().execute((trx) => insertGroup.takeFirst(trx, { code, at: nowIso() }));
    expect((await groupByCode.takeFirst(db, { code }))?.name).toBe(code);
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 5 === 2 ? asInteger.takeFirst(db, { v: 'no es un número' }) : asInteger.takeFirst(db, { v: String(i) }))));
    results.forEach((r, i) => {
      if (i % 5 === 2) expect(r.status).toBe('rejected');
      else expect(r).toEqual({ status: 'fulfilled', value: { v: i } });
    });
    expect(await asInteger.takeFirst(db, { v: '7' })).toEqual({ v: 7 });
  });

  it('opens a new connection when one is lost', async () => {
    const db = t.database.db;
    const before = await Promise.all(Array.from({ length: 10 }, (_, n) => backendOf.takeFirst(db, { n })));
    const pids = [...new Set(before.map((a) => Number(a!.pid)))];
    await sql`select pg_terminate_backend(pid) from unnest(${sql.val(pids)}::int[]) as pid`.execute(db);
    // Reads may fail while the loss is noticed; the next ones answer on new connections.
    let after: number | undefined;
    for (let i = 0; i < 50 && after === undefined; i++) {
      after = await backendOf.takeFirst(db, { n: i }).then(
        (a) => Number(a!.pid),
        () => undefined,
      );
      if (after === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(after).toBeDefined();
    expect(pids).not.toContain(after);
  });
});
