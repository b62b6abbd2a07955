/**
 * Review of 29a16ea (pg-statements.ts, pipelined reads as a lean pg Query): the rows a pipelined read
 * answers equal the rows pg's own Query answers for the same named statement on a pooled connection —
 * NULLs, a repeated column name (the later wins, in the first one's place), numeric, bigint, bool,
 * json/jsonb, timestamptz, date, arrays, bytea, a quoted name and `__proto__` — on the statement's first
 * run on a connection (Describe) and on later ones (the row function reused), also when reads of it fail
 * around them in the same pipeline; and reads sent while the pipelined connections are still connecting
 * each get their own answer.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { createDatabase } from './database.ts';
import { type Params, precompiled } from './precompiled.ts';

const columns = (p: Params<{ v: string; k: number }>) => [
  sql`null::int`.as('a_null'),
  sql`${p('v')}::text`.as('v'),
  sql`(${p('k')}::int * 1000000000000)::bigint`.as('big'),
  sql`1234567890.0123456789::numeric`.as('num'),
  sql`${p('k')}::int > 2`.as('bool'),
  sql`null::bool`.as('bool_null'),
  sql`json_build_object('k', ${p('k')}::int, 'v', ${p('v')}::text)`.as('js'),
  sql`'{"a":[1,null,"x"]}'::jsonb`.as('jsb'),
  sql`'2026-12-01T01:02:03.456Z'::timestamptz + make_interval(secs => ${p('k')}::int)`.as('tz'),
  sql`'2026-12-01'::date`.as('d'),
  sql`'2026-12-01 01:02:03'::timestamp`.as('ts'),
  sql`array[1, null, ${p('k')}::int]`.as('ints'),
  sql`array['a', 'b c', null, 'd"e']::text[]`.as('texts'),
  sql`'\\x00ff'::bytea`.as('bin'),
  sql`1.5::float8`.as('fl'),
  sql`'x'`.as('dup'),
  sql`'first'::text`.as('other'),
  sql`'y'`.as('dup'),
  sql`'q'`.as('we"ird'),
  sql`'p'`.as('constructor'),
  sql`''::text`.as('empty'),
];
const piped = precompiled((db, p: Params<{ v: string; k: number }>) => db.selectNoFrom(() => columns(p) as never), { pipelined: true });
const pooled = precompiled((db, p: Params<{ v: string; k: number }>) => db.selectNoFrom(() => [...columns(p), sql`1`.as('pooled_marker')] as never));
const withProto = precompiled((db, p: Params<{ k: number }>) => db.selectNoFrom(() => [sql`${p('k')}::int`.as('__proto__'), sql`${p('k')}::int + 1`.as('after')] as never), { pipelined: true });
const withProtoPooled = precompiled((db, p: Params<{ k: number }>) => db.selectNoFrom(() => [sql`${p('k')}::int`.as('__proto__'), sql`${p('k')}::int + 1`.as('after'), sql`1`.as('pooled_marker')] as never));
const slow = precompiled((db, p: Params<{ s: number; k: number }>) => db.selectNoFrom(() => [sql`${p('k')}::int`.as('k'), sql`pg_sleep(${p('s')}::float8)::text`.as('review_sleep')] as never), { pipelined: true });
const failing = precompiled((db, p: Params<{ v: string }>) => db.selectNoFrom(() => [sql`cast(${p('v')} as integer)`.as('n'), sql`${p('v')}::text`.as('v')] as never), { pipelined: true });

describe.skipIf(!DIALECTS.includes('postgres'))('pipelined reads answer what pg answers (review)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('postgres');
  });
  afterAll(() => t.close());

  const strip = (r: unknown) => {
    const { pooled_marker: _m, ...rest } = r as Record<string, unknown>;
    return rest;
  };

  it('types, NULLs and repeated names equal pg Query, first run and later runs, with failures among them', async () => {
    const db = t.database.db;
    // Sent at once while the pipelined connections are still connecting: the first runs (Describe).
    const params = Array.from({ length: 12 }, (_, k) => ({ v: k % 4 === 0 ? 'ñandú "x"' : `v${k}`, k }));
    for (let round = 0; round < 3; round++) {
      const got = await Promise.allSettled(
        params.flatMap(({ v, k }) => [piped.takeFirst(db, { v, k }), failing.takeFirst(db, { v: k % 3 === 0 ? String(k) : 'no' }), withProto.takeFirst(db, { k })]),
      );
      for (const [i, { v, k }] of params.entries()) {
        const want = strip(await pooled.takeFirst(db, { v, k }));
        const r = got[i * 3]!;
        expect(r.status).toBe('fulfilled');
        const row = (r as PromiseFulfilledResult<unknown>).value as Record<string, unknown>;
        expect(row).toEqual(want);
        expect(Object.keys(row)).toEqual(Object.keys(want));
        expect(row.dup).toBe('y');
        const f = got[i * 3 + 1]!;
        if (k % 3 === 0) expect(f).toEqual({ status: 'fulfilled', value: { n: k, v: String(k) } });
        else expect(f.status).toBe('rejected');
        const proto = got[i * 3 + 2]!;
        expect(proto.status).toBe('fulfilled');
        const pr = (proto as PromiseFulfilledResult<unknown>).value as Record<string, unknown>;
        const pw = strip(await withProtoPooled.takeFirst(db, { k }));
        expect(Object.keys(pr)).toEqual(Object.keys(pw));
        expect(pr.after).toBe(pw.after);
        expect(Object.getOwnPropertyDescriptor(pr, '__proto__')?.value).toEqual(Object.getOwnPropertyDescriptor(pw, '__proto__')?.value);
      }
    }
  });

  const backendsSleeping = (db: TestApp['database']['db']) =>
    sql<{ pid: number }>`select pid from pg_stat_activity where query like '%review_sleep%' and state = 'active' and pid <> pg_backend_pid()`.execute(db);
  const settleWithin = <T>(ps: Array<Promise<T>>, ms: number) =>
    Promise.race([Promise.allSettled(ps), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms))]);
  /** Ten pipelined reads, the first two sleeping 1.5 s in their backend; answers once those backends are seen sleeping. */
  const readsBehindTwoSleeping = async (db: TestApp['database']['db']) => {
    const reads = Array.from({ length: 10 }, (_, k) => slow.takeFirst(db, { s: k < 2 ? 1.5 : 0, k }));
    for (const r of reads) r.catch(() => {}); // settled by the test
    let pids: number[] = [];
    for (let i = 0; i < 50 && !pids.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      pids = (await backendsSleeping(db)).rows.map((r) => Number(r.pid));
    }
    expect(pids.length).toBeGreaterThan(0);
    return { reads, pids };
  };

  it('a cancelled read fails alone: the reads queued behind it on its connection are answered', async () => {
    const db = t.database.db;
    const { reads, pids } = await readsBehindTwoSleeping(db);
    await sql`select pg_cancel_backend(pid) from unnest(${sql.val(pids)}::int[]) as pid`.execute(db);
    const settled = await settleWithin(reads, 10_000);
    expect(settled).not.toBe('hung');
    const results = settled as Array<PromiseSettledResult<unknown>>;
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
    results.forEach((r, k) => {
      if (k >= 2) expect(r).toEqual({ status: 'fulfilled', value: { k, review_sleep: '' } });
    });
  });

  it('a killed backend fails every read in flight on it (none hangs), and the next reads answer on a new connection', async () => {
    const db = t.database.db;
    const { reads, pids } = await readsBehindTwoSleeping(db);
    await sql`select pg_terminate_backend(pid) from unnest(${sql.val(pids)}::int[]) as pid`.execute(db);
    const settled = await settleWithin(reads, 10_000);
    expect(settled).not.toBe('hung');
    const results = settled as Array<PromiseSettledResult<unknown>>;
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
    for (const [k, r] of results.entries()) if (r.status === 'fulfilled') expect(r.value).toEqual({ k, review_sleep: '' });
    // The next reads: answered (after at most a few failing while the loss is noticed), each its own.
    let answered: unknown[] | undefined;
    for (let i = 0; i < 50 && !answered; i++) {
      answered = await Promise.all(Array.from({ length: 6 }, (_, k) => slow.takeFirst(db, { s: 0, k }))).catch(() => undefined);
      if (!answered) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(answered).toEqual(Array.from({ length: 6 }, (_, k) => ({ k, review_sleep: '' })));
    const again = await Promise.all(Array.from({ length: 6 }, (_, k) => slow.takeFirst(db, { s: 0, k })));
    expect(again).toEqual(Array.from({ length: 6 }, (_, k) => ({ k, review_sleep: '' })));
  });

  it("reads sent while a fresh handle's pipelined connections are still connecting each get their own answer; a handle that cannot connect fails its reads, none hangs", async () => {
    const fresh = await createDatabase(t.config.database, { migrate: false });
    try {
      const got = await Promise.allSettled(Array.from({ length: 20 }, (_, k) => (k % 5 === 3 ? failing.takeFirst(fresh.db, { v: 'no' }) : slow.takeFirst(fresh.db, { s: 0, k }))));
      got.forEach((r, k) => {
        if (k % 5 === 3) expect(r.status).toBe('rejected');
        else expect(r).toEqual({ status: 'fulfilled', value: { k, review_sleep: '' } });
      });
    } finally {
      await fresh.destroy();
    }
    const config = t.config.database as { url: string };
    const url = new URL(config.url);
    url.port = '1';
    const unreachable = await createDatabase({ ...t.config.database, url: url.toString() } as typeof t.config.database, { migrate: false });
    try {
      for (let round = 0; round < 2; round++) {
        const settled = await settleWithin(Array.from({ length: 5 }, (_, k) => slow.takeFirst(unreachable.db, { s: 0, k })), 10_000);
        expect(settled).not.toBe('hung');
        for (const r of settled as Array<PromiseSettledResult<unknown>>) expect(r.status).toBe('rejected');
      }
    } finally {
      await unreachable.destroy().catch(() => {});
    }
  });
});
