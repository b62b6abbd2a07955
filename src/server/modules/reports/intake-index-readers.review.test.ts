/**
 * Review of migration 2026-12-02-0200-intake-unread-indexes (eight indexes dropped: clocks by calendar, the SLA
 * state's due/warn/paused/user/group, the facts' r_due/s_due): the statements that read those tables by the dropped
 * columns still read a range of a remaining index, never the whole table — on PostgreSQL also with a GENERIC plan
 * (the server's named statements switch to one after five runs; `s_due <= $1` must prove the partial
 * `s_due is not null` without a value): the incident-times report's overdue counts and worst cases (day-first
 * indexes), the SLA phase job and the badge counts (`incident_sla_state_phase_idx`); and of a07d732 (the clocks'
 * owner indexes partial on the owner): "mine" lists by owner.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { pgGenericPlan } from '../../../../test/pg-generic-plan.ts';

describe.each(DIALECTS)('readers of the tables whose indexes migration 2026-12-02-0200 dropped, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('read index ranges (PostgreSQL: generic plans)', async () => {
    const db = t.database.db as Kysely<any>;
    const now = new Date().toISOString();
    const [from, to] = ['2026-01-01', '2026-12-31'];
    const facts = () => db.selectFrom('report_incident_facts').where('day', '>=', from).where('day', '<=', to);
    const cases: Array<[string, { sql: string; parameters: readonly unknown[] }]> = [
      // overdueRunning('r' | 's')
      ['report_incident_facts', facts().where('r_due', 'is not', null).where('r_due', '<=', now).select((eb) => eb.fn.countAll().as('n')).compile()],
      ['report_incident_facts', facts().where('s_due', 'is not', null).where('s_due', '<=', now).select((eb) => eb.fn.countAll().as('n')).compile()],
      // worstCandidates: still running past the resolution deadline
      ['report_incident_facts', facts().select('incident_id').where('s_due', 'is not', null).where('s_due', '<=', now).orderBy('received_at').orderBy('incident_id').limit(20).compile()],
      // claimStalePhases and the badge's stale rows
      ['incident_sla_state', db.selectFrom('incident_sla_state').select(['incident_id', 'counted']).where('phase_until', '<=', now).orderBy('phase_until').limit(100).compile()],
      ['incident_sla_state', db.selectFrom('incident_sla_state').select(['counted', 'owner_user_id']).where('phase_until', '<=', now).where('counted', 'is not', null).compile()],
      // a07d732 (the clocks' owner indexes partial on the owner being set): "mine" lists by owner, the state a parameter
      ['incident_clocks', db.selectFrom('incident_clocks as k').select(['k.incident_id', 'k.target']).where('k.owner_user_id', '=', 7).where('k.state', '=', 'running').where('k.due_at', '<=', now).orderBy('k.due_at').limit(51).compile()],
      ['incident_clocks', db.selectFrom('incident_clocks as k').select(['k.incident_id', 'k.target']).where('k.owner_group_id', 'in', [3, 4]).where('k.state', '=', 'paused').orderBy('k.due_at').limit(51).compile()],
    ];
    for (const [table, q] of cases) {
      const plan = await planOf(db, dialect, q);
      if (process.env.RV_SHOW) console.log(dialect, plan);
      if (dialect === 'postgres') expect(plan, plan).not.toMatch(new RegExp(`Seq Scan on ${table}`));
      else expect(plan, plan).not.toMatch(/(^|\n)SCAN (?!.*USING)/);
    }
  });
});

async function planOf(db: Kysely<any>, dialect: string, q: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  if (dialect === 'sqlite') {
    const rows = (await db.executeQuery(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]))).rows as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }
  return pgGenericPlan(db, q);
}
