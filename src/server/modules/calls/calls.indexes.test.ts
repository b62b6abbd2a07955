/**
 * The indexes a new call is written into (migration 2026-12-02-0100-call-index-trim, issue 16): every
 * index led by the destination, the customer or the type holds only calls where that column is set
 * (a call goes to one user or one group, so the other destination's indexes get no entry), and the
 * readers — the inbox page in both orders, the badge's postponed counts, the lists filtered by
 * destination, customer or type, the customer's timeline — still read them as ranges: their
 * `column = ?` (or `in (…)`) implies `column is not null` on both engines. PostgreSQL is asked with
 * sequential scans off, so a partial index the planner could not prove usable would show as a scan.
 */
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { compileInboxPage } from './calls.repository.ts';

const TRIMMED: Record<string, string> = {
  calls_pending_user_idx: 'to_user_id',
  calls_pending_group_idx: 'to_group_id',
  calls_pending_user_priority_idx: 'to_user_id',
  calls_pending_group_priority_idx: 'to_group_id',
  calls_postponed_user_idx: 'to_user_id',
  calls_postponed_group_idx: 'to_group_id',
  calls_to_user_idx: 'to_user_id',
  calls_to_group_idx: 'to_group_id',
  calls_customer_idx: 'customer_id',
  calls_type_idx: 'type_code',
};

describe.each(DIALECTS)('the indexes a call is written into, on %s', (dialect) => {
  let t: TestApp;
  let userId: number;
  let groupId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { starterConfiguration: true });
    userId = Number(t.adminId);
    const group = await t.admin.post('/groups', { code: 'GIDX', name: 'Taller', memberIds: [t.adminId] });
    expect(group.status, group.text).toBe(201);
    groupId = Number(group.body.id);
    for (const to of [{ toUserId: String(userId) }, { toGroupId: String(groupId) }]) {
      const res = await t.admin.post('/calls', { phone: '912345678', description: 'Índices', ...to });
      expect(res.status, res.text).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('holds only the calls whose leading column is set', async () => {
    const db = t.database.db as Kysely<any>;
    const defs =
      dialect === 'postgres'
        ? (await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes where tablename = 'calls'`.execute(db)).rows
        : (await sql<{ name: string; def: string }>`select name, sql as def from sqlite_master where type = 'index' and tbl_name = 'calls'`.execute(db)).rows;
    for (const [name, column] of Object.entries(TRIMMED)) {
      const def = defs.find((d) => d.name === name)?.def ?? '';
      expect(def.toLowerCase().replace(/[()"]/g, ''), name).toMatch(new RegExp(`where .*\\b${column} is not null`));
    }
  });

  /**
   * The plan of a compiled statement with only the `keep` indexes on `calls` (the others dropped in a
   * transaction that is rolled back), so it shows whether those can serve it at all: SQLite EXPLAIN
   * QUERY PLAN; PostgreSQL EXPLAIN with sequential scans off.
   */
  async function planWithOnly(keep: string[], q: { sql: string; parameters: readonly unknown[] }): Promise<string> {
    const db = t.database.db as Kysely<any>;
    const rollback = new Error('rollback');
    let plan = '';
    await db
      .transaction()
      .execute(async (trx) => {
        const names =
          dialect === 'postgres'
            ? (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'calls' and indexname like 'calls\_%\_idx'`.execute(trx)).rows
            : (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'calls' and sql is not null`.execute(trx)).rows;
        for (const { name } of names) if (!keep.includes(name)) await sql`drop index ${sql.id(name)}`.execute(trx);
        if (dialect === 'sqlite') {
          const rows = (await trx.executeQuery(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]))).rows as Array<{ detail: string }>;
          plan = rows.map((r) => r.detail).join('\n');
        } else {
          await sql`set local enable_seqscan = off`.execute(trx);
          const rows = (await trx.executeQuery(CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]))).rows as Array<Record<string, string>>;
          plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        }
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    return plan;
  }

  /** Each of `names` is read in the plan, and the table is never scanned whole. */
  function expectRanges(plan: string, names: string[]) {
    for (const name of names) expect(plan, plan).toContain(name);
    expect(plan, plan).not.toMatch(dialect === 'sqlite' ? /SCAN c\b(?! USING)/ : /Seq Scan on calls/);
  }

  const now = () => new Date().toISOString();

  it('the inbox page reads each destination from its partial index, in both orders', async () => {
    const db = t.database.db as Kysely<any>;
    for (const order of ['newest', 'priority'] as const) {
      const suffix = order === 'priority' ? '_priority_idx' : '_idx';
      const names = [`calls_pending_user${suffix}`, `calls_pending_group${suffix}`];
      expectRanges(await planWithOnly(names, compileInboxPage(db, { userId, groupIds: [groupId] }, { view: 'now', now: now(), limit: 51, order })), names);
    }
    const names = ['calls_postponed_user_idx', 'calls_postponed_group_idx'];
    expectRanges(await planWithOnly(names, compileInboxPage(db, { userId, groupIds: [groupId] }, { view: 'postponed', now: now(), limit: 51 })), names);
  });

  it('the filtered lists, the feeds and the badge read ranges of the trimmed indexes', async () => {
    const db = t.database.db as Kysely<any>;
    const list = (column: string, value: unknown) =>
      db.selectFrom('calls as c').select(['c.registered_at', 'c.id']).where(`c.${column}`, '=', value).orderBy('c.registered_at', 'desc').orderBy('c.id', 'desc').limit(51).compile();
    for (const [name, column, value] of [
      ['calls_to_user_idx', 'to_user_id', userId],
      ['calls_to_group_idx', 'to_group_id', groupId],
      ['calls_customer_idx', 'customer_id', 1],
      ['calls_type_idx', 'type_code', 'AV'],
    ] as const) {
      expectRanges(await planWithOnly([name], list(column, value)), [name]);
    }
    const postponedIn = db
      .selectFrom('calls as c')
      .select((e) => e.fn.countAll().as('n'))
      .where('c.finished_at', 'is', null)
      .where('c.postponed_until', 'is not', null)
      .where('c.to_group_id', 'in', [groupId, groupId + 1])
      .where('c.postponed_until', '>', now())
      .compile();
    expectRanges(await planWithOnly(['calls_postponed_group_idx'], postponedIn), ['calls_postponed_group_idx']);
  });
});
