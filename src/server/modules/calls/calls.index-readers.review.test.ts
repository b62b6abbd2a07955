/**
 * Review of migration 2026-12-02-0100-call-index-trim (ten `calls` indexes partial on their leading column being
 * set): (1) the readers of those indexes answer the same calls while a call moves between a user and a group, is
 * postponed, comes back and is finished — lists by destination, type and customer, both inbox orders, the
 * postponed view, the badge counts; (2) on PostgreSQL, the prepared statements the server sends (named, so
 * PostgreSQL may switch them to a generic plan after five runs) can still use each partial index with a GENERIC
 * plan (plan_cache_mode = force_generic_plan), where `column = $1` must prove `column is not null` without a value.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { pgGenericPlan } from '../../../../test/pg-generic-plan.ts';
import * as trim from '../../db/migrations/2026-12-02-0100-call-index-trim.ts';
import { compileInboxPage } from './calls.repository.ts';

describe.each(DIALECTS)('the readers of the trimmed call indexes, on %s', (dialect) => {
  let t: TestApp;
  let ana: { agent: Agent; id: string };
  let bob: { agent: Agent; id: string };
  let groupId: string;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { starterConfiguration: true });
    ana = await t.userWithRole('agent', { name: 'Ana' });
    bob = await t.userWithRole('agent', { name: 'Bob' });
    const g = await t.admin.post('/groups', { code: 'RVIDX', name: 'Taller', memberIds: [ana.id] });
    expect(g.status, g.text).toBe(201);
    groupId = g.body.id;
    const c = await t.admin.post('/customers', { code: 'RVIDX', name: 'Cliente Índices' });
    expect(c.status, c.text).toBe(201);
    customerId = c.body.id;
  });
  afterAll(() => t.close());

  const ids = (res: { status: number; body: any; text: string }) => {
    expect(res.status, res.text).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((c) => c.id).sort();
  };

  it('lists by destination, the inbox in both orders, the postponed view and the counts follow a call from a user to a group and back', async () => {
    const mk = async (body: Record<string, unknown>) => {
      const res = await t.admin.post('/calls', { phone: '912345678', description: 'Reader', ...body });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const toAna = await mk({ toUserId: ana.id, ...(customerId ? { customerId } : {}) });
    const toGroup = await mk({ toGroupId: groupId });
    const toBob = await mk({ toUserId: bob.id });
    const moving = await mk({ toUserId: bob.id });

    const check = async (expected: { ana: string[]; group: string[]; bob: string[]; anaPostponed: string[]; anaFinished?: string[] }) => {
      const all = [toAna, toGroup, toBob, moving];
      const keep = (list: string[]) => list.filter((id) => all.includes(id));
      expect(keep(ids(await t.admin.get(`/calls?toUserId=${ana.id}&limit=200`))), 'toUserId ana').toEqual([...expected.ana, ...expected.anaPostponed, ...(expected.anaFinished ?? [])].sort());
      expect(keep(ids(await t.admin.get(`/calls?toUserId=${bob.id}&limit=200`))), 'toUserId bob').toEqual([...expected.bob].sort());
      expect(keep(ids(await t.admin.get(`/calls?toGroupId=${groupId}&limit=200`))), 'toGroupId').toEqual([...expected.group].sort());
      // Ana's inbox: hers and her group's, due now, in both orders; the postponed ones in their view.
      const anaNow = [...expected.ana, ...expected.group].sort();
      for (const sort of ['newest', 'priority']) expect(keep(ids(await ana.agent.get(`/calls?view=now&sort=${sort}&limit=200`))), `ana now ${sort}`).toEqual(anaNow);
      expect(keep(ids(await ana.agent.get('/calls?view=postponed&limit=200'))), 'ana postponed').toEqual([...expected.anaPostponed].sort());
      expect(keep(ids(await bob.agent.get('/calls?view=now&limit=200'))), 'bob now').toEqual([...expected.bob].sort());
      const counts = (await ana.agent.get('/calls/counts')).body;
      expect(counts, 'ana counts').toMatchObject({ pendingNow: anaNow.length, postponed: expected.anaPostponed.length });
      expect((await bob.agent.get('/calls/counts')).body, 'bob counts').toMatchObject({ pendingNow: expected.bob.length, postponed: 0 });
    };

    await check({ ana: [toAna], group: [toGroup], bob: [toBob, moving], anaPostponed: [] });
    // To the group, then back to a user (PATCH), then postponed to the group, then to Ana, then finished.
    expect((await t.admin.patch(`/calls/${moving}`, { toGroupId: groupId, toUserId: null })).status).toBe(200);
    await check({ ana: [toAna], group: [toGroup, moving], bob: [toBob], anaPostponed: [] });
    expect((await t.admin.patch(`/calls/${moving}`, { toUserId: bob.id, toGroupId: null })).status).toBe(200);
    await check({ ana: [toAna], group: [toGroup], bob: [toBob, moving], anaPostponed: [] });
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const p1 = await bob.agent.post(`/calls/${moving}/postpone`, { until, reason: 'Luego', toGroupId: groupId });
    expect(p1.status, p1.text).toBe(200);
    // Postponed to the group: not in anyone's "now", in the group's list; Ana's postponed view shows her groups' too.
    const groupPostponed = keepPostponed(await ana.agent.get('/calls?view=postponed&limit=200'), moving);
    expect(groupPostponed).toBe(true);
    expect(keepIds(await t.admin.get(`/calls?toGroupId=${groupId}&limit=200`))).toContain(moving);
    expect((await ana.agent.get('/calls/counts')).body).toMatchObject({ postponed: 1 });
    const p2 = await ana.agent.post(`/calls/${moving}/postpone`, { until, reason: 'Mía', toUserId: ana.id });
    expect(p2.status, p2.text).toBe(200);
    await check({ ana: [toAna], group: [toGroup], bob: [toBob], anaPostponed: [moving] });
    expect((await ana.agent.post(`/calls/${moving}/finish`, {})).status).toBe(200);
    // Finished, it leaves the inbox and the counts and still lists by its destination (the non-pending indexes).
    await check({ ana: [toAna], group: [toGroup], bob: [toBob], anaPostponed: [], anaFinished: [moving] });
    if (customerId) expect(keepIds(await t.admin.get(`/calls?customerId=${customerId}&limit=200`))).toEqual([toAna]);
    const byType = keepIds(await t.admin.get(`/calls?typeCode=AV&limit=200`));
    for (const id of [toAna, toGroup, toBob, moving]) expect(byType).toContain(id);
  });

  function keepIds(res: { status: number; body: any; text: string }): string[] {
    return ids(res);
  }
  function keepPostponed(res: { status: number; body: any; text: string }, id: string): boolean {
    return ids(res).includes(id);
  }

  it('the migration down gives back the full indexes (same columns and conditions as before it), and up again the same partial ones', async () => {
    const db = t.database.db as Kysely<any>;
    const defs = async () => {
      const rows =
        dialect === 'postgres'
          ? (await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes where tablename = 'calls' order by 1`.execute(db)).rows
          : (await sql<{ name: string; def: string }>`select name, sql as def from sqlite_master where type = 'index' and tbl_name = 'calls' and sql is not null order by 1`.execute(db)).rows;
      return Object.fromEntries(rows.map((r) => [r.name, r.def.toLowerCase().replace(/[()"]/g, '').replace(/\s+/g, ' ')]));
    };
    const up = await defs();
    await trim.down(db);
    const down = await defs();
    expect(Object.keys(down)).toEqual(Object.keys(up));
    const before: Record<string, string | null> = {
      calls_pending_user_idx: 'finished_at is null',
      calls_pending_group_idx: 'finished_at is null',
      calls_pending_user_priority_idx: 'finished_at is null',
      calls_pending_group_priority_idx: 'finished_at is null',
      calls_postponed_user_idx: 'finished_at is null and postponed_until is not null',
      calls_postponed_group_idx: 'finished_at is null and postponed_until is not null',
      calls_to_user_idx: null,
      calls_to_group_idx: null,
      calls_customer_idx: null,
      calls_type_idx: null,
    };
    for (const [name, where] of Object.entries(before)) {
      const def = down[name]!;
      if (where === null) expect(def, name).not.toContain(' where ');
      else expect(def.split(' where ')[1], name).toBe(where);
      // The same columns in the same order as with the partial one.
      expect(def.split(' where ')[0], name).toBe(up[name]!.split(' where ')[0]);
    }
    // The other indexes are untouched.
    for (const name of Object.keys(up)) if (!(name in before)) expect(down[name], name).toBe(up[name]);
    await trim.up(db);
    expect(await defs()).toEqual(up);
  });

  // PostgreSQL only (declared only there, so the SQLite run reports no skipped test).
  if (dialect === 'postgres')
  it('PostgreSQL: each partial index serves its readers with a generic plan', async () => {
    const db = t.database.db as Kysely<any>;
    const userId = Number(ana.id);
    const gid = Number(groupId);
    const now = new Date().toISOString();
    const list = (column: string, value: unknown) =>
      db.selectFrom('calls as c').select(['c.registered_at', 'c.id']).where(`c.${column}`, '=', value).orderBy('c.registered_at', 'desc').orderBy('c.id', 'desc').limit(51).compile();
    const postponedCount = (column: string, value: unknown) =>
      db
        .selectFrom('calls as c')
        .select((e) => e.fn.countAll().as('n'))
        .where('c.finished_at', 'is', null)
        .where('c.postponed_until', 'is not', null)
        .where(`c.${column}`, Array.isArray(value) ? 'in' : '=', value)
        .where('c.postponed_until', '>', now)
        .compile();
    const cases: Array<[string[], { sql: string; parameters: readonly unknown[] }]> = [
      [['calls_pending_user_idx', 'calls_pending_group_idx'], compileInboxPage(db, { userId, groupIds: [gid] }, { view: 'now', now, limit: 51, order: 'newest' })],
      [['calls_pending_user_priority_idx', 'calls_pending_group_priority_idx'], compileInboxPage(db, { userId, groupIds: [gid] }, { view: 'now', now, limit: 51, order: 'priority' })],
      [['calls_postponed_user_idx', 'calls_postponed_group_idx'], compileInboxPage(db, { userId, groupIds: [gid] }, { view: 'postponed', now, limit: 51 })],
      [['calls_pending_user_idx', 'calls_pending_group_idx'], compileInboxPage(db, { userId, groupIds: [gid, gid + 1] }, { view: 'now', now, limit: 51, order: 'newest', cursor: [now, 5] })],
      [['calls_to_user_idx'], list('to_user_id', userId)],
      [['calls_to_group_idx'], list('to_group_id', gid)],
      [['calls_customer_idx'], list('customer_id', 1)],
      [['calls_type_idx'], list('type_code', 'AV')],
      [['calls_postponed_user_idx'], postponedCount('to_user_id', userId)],
      [['calls_postponed_group_idx'], postponedCount('to_group_id', [gid, gid + 1])],
      // "mine" with another filter (listCalls, not the inbox page): one OR, each arm on its own partial index.
      [
        ['calls_to_user_idx', 'calls_to_group_idx'],
        db
          .selectFrom('calls as c')
          .select(['c.id'])
          .where((eb) => eb.or([eb('c.to_user_id', '=', userId), eb('c.to_group_id', 'in', [gid, gid + 1])]))
          .where('c.type_code', '=', 'AV')
          .compile(),
      ],
    ];
    for (const [keep, q] of cases) {
      const plan = await genericPlanWithOnly(db, keep, q);
      for (const name of keep) expect(plan, plan).toContain(name);
      expect(plan, plan).not.toMatch(/Seq Scan on calls/);
    }
  });
});

/** The generic plan of `q` (pgGenericPlan) with only the `keep` indexes left on calls. */
function genericPlanWithOnly(db: Kysely<any>, keep: string[], q: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  return pgGenericPlan(db, q, async (trx) => {
    const names = (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'calls' and indexname like 'calls\_%\_idx'`.execute(trx)).rows;
    for (const { name } of names) if (!keep.includes(name)) await sql`drop index ${sql.id(name)}`.execute(trx);
  });
}
