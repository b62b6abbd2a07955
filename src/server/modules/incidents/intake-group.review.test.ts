/**
 * Review of the intake group's end (8917fd6, d852977): the SLA's clocks, state rows, counters and
 * deadlines, the reports' facts, daily sums and serial gaps, and the intake's history line and audit
 * entry are written once per group of intakes, at its end. Here a burst of concurrent intakes of one
 * customer, on one day, several of them of the same unit (serial), some refused after their write
 * started (an unknown call to finish, a hook refusing: the one received at minute 18): the refused ones leave nothing, and what the
 * group's end wrote equals what a rebuild computes from the incidents (reports rebuild, the SLA's
 * recount), on both engines.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, ok, type TestApp } from '../../../../test/harness.ts';
import { type Ctx, systemCtx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { AppError } from '../../errors.ts';
import { rebuildReportSummaries, rebuildSerialGapSummary } from '../reports/summaries.service.ts';
import { rebuildSlaState } from '../sla/sla.repository.ts';
import { registerIncidentHooks } from '../incident-hooks.ts';
import { incidentCatalogs, makeCustomer, makeItem, makeUnit } from './incidents.fixtures.ts';

describe.each(DIALECTS)('a group of intakes with refused ones on %s', (dialect) => {
  let t: TestApp;
  let ctx: Ctx;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await incidentCatalogs(t);
    ctx = { ...systemCtx(t.database, t.config), actor: { userId: Number(t.adminId), username: 'admin', name: 'Admin', role: 'admin', language: 'es', timeZone: 'Europe/Madrid', via: 'system' } as Ctx['actor'] };
  });
  afterAll(() => t.close());

  const db = () => t.database.db;
  const summaryRows = async () => ({
    facts: await db().selectFrom('report_incident_facts').selectAll().orderBy('incident_id').execute(),
    daily: (await db().selectFrom('report_incident_daily').selectAll().orderBy('dim').orderBy('day').orderBy('code').execute()).filter((r) => Number(r.n) !== 0),
    hist: (await db().selectFrom('report_time_hist').selectAll().orderBy('day').orderBy('metric').orderBy('bucket').execute()).filter((r) => Number(r.n) !== 0),
    gaps: (await db().selectFrom('report_serial_gaps').selectAll().orderBy('incident_id').execute()).map((r) => ({
      ...r,
      incident_id: Number(r.incident_id),
      gap_s: r.gap_s === null ? null : Number(r.gap_s),
      received_at: new Date(r.received_at).toISOString(),
      prev_received_at: r.prev_received_at === null ? null : new Date(r.prev_received_at).toISOString(),
    })),
  });
  const slaRows = async () => ({
    state: (await sql<Record<string, unknown>>`select incident_id, due_at, warn_at, paused_since, owner_user_id, owner_group_id from incident_sla_state order by incident_id`.execute(db())).rows.map((r) => ({
      ...r,
      incident_id: Number(r.incident_id),
      due_at: r.due_at === null ? null : new Date(String(r.due_at)).toISOString(),
      warn_at: r.warn_at === null ? null : new Date(String(r.warn_at)).toISOString(),
    })),
    counts: (await sql<{ u: string | null; g: string | null; view: string; n: string }>`select owner_user_id as u, owner_group_id as g, view, sum(n) as n from sla_counts group by owner_user_id, owner_group_id, view`.execute(db())).rows
      .map((r) => ({ u: r.u === null ? null : Number(r.u), g: r.g === null ? null : Number(r.g), view: r.view, n: Number(r.n) }))
      .filter((r) => r.n !== 0)
      .sort((a, b) => `${a.u}|${a.g}|${a.view}`.localeCompare(`${b.u}|${b.g}|${b.view}`)),
  });

  it('refused intakes leave nothing; the rest equal a rebuild (facts, daily sums, serial gaps, SLA state and counts, trail)', async () => {
    const customer = await makeCustomer(t);
    const item = await makeItem(t);
    const unit = await makeUnit(t, { customerId: customer.id, itemId: item.id });
    const other = await makeUnit(t, { customerId: customer.id, itemId: item.id });
    const remove = registerIncidentHooks('review-refuse', {
      incidentCreated: async (_ctx, incident) => {
        if (new Date(incident.receivedAt).getUTCMinutes() === 18) throw new AppError('validation_failed', { errors: [{ field: 'symptom', code: 'invalid' }] });
      },
    });
    const refusedSymptoms = new Set<string>();
    try {
      for (const round of [0, 1]) {
        const bodies = Array.from({ length: 12 }, (_, i) => {
          const symptom = i === 4 ? `Llamada inexistente ${round}` : i === 8 ? `Rechazada por gancho ${round}` : `Ráfaga ${round}-${i}`;
          if (i === 4 || i === 8) refusedSymptoms.add(symptom);
          return {
            customerId: customer.id,
            symptom,
            receivedAt: `2026-02-0${3 + round}T0${i % 3}:${String(10 + i).padStart(2, '0')}:00Z`,
            ...(i % 3 === 0 ? { unitId: unit.id } : i % 3 === 1 ? { serialNumber: other.serialNumber } : {}),
            ...(i % 2 ? { reasonCode: 'IMP' } : { reasonCode: 'ALI' }),
            ...(i === 4 ? { fromCallId: '987654321' } : {}),
            ...(i === 6 ? { priorityCode: 'URG' } : {}),
          };
        });
        const results = await Promise.all(bodies.map((b) => t.admin.post('/incidents', b)));
        results.forEach((r, i) => {
          if (i === 4 || i === 8) expect(r.status, r.text).toBeGreaterThanOrEqual(400);
          else expect(r.status, r.text).toBe(201);
        });
      }
    } finally {
      remove();
    }

    // The refused ones: no incident, no history, no audit entry, no clocks, no facts; numbers without gaps.
    const incidents = await db().selectFrom('incidents').select(['id', 'number', 'symptom']).where('customer_id', '=', Number(customer.id)).orderBy('id').execute();
    expect(incidents).toHaveLength(20);
    for (const i of incidents) expect(refusedSymptoms.has(i.symptom)).toBe(false);
    const ids = incidents.map((i) => Number(i.id));
    const numbers = incidents.map((i) => Number(i.number.slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, k) => numbers[0]! + k));
    const stray = async (table: 'incident_changes' | 'incident_clocks' | 'report_incident_facts' | 'report_serial_gaps' | 'incident_sla_state') =>
      (await db().selectFrom(table).select('incident_id').where('incident_id', 'not in', ids).where('incident_id', '>', Math.min(...ids)).execute()).length;
    for (const table of ['incident_changes', 'incident_clocks', 'report_incident_facts', 'report_serial_gaps', 'incident_sla_state'] as const) expect(await stray(table), table).toBe(0);
    const history = await db().selectFrom('incident_changes').select(['incident_id', 'kind']).where('incident_id', 'in', ids).execute();
    expect(history.filter((h) => h.kind === 'owner').map((h) => Number(h.incident_id)).sort((a, b) => a - b)).toEqual(ids);
    const audits = (await db().selectFrom('audit_log').select(['entity_id']).where('entity_type', '=', 'incident').where('action', '=', 'create').execute()).map((a) => Number(a.entity_id)).filter((n) => n >= Math.min(...ids));
    expect(audits.sort((a, b) => a - b)).toEqual(ids);
    // Every created one has its clocks and its deadlines on the incident.
    const clocks = await db().selectFrom('incident_clocks').select(['incident_id', 'target', 'due_at']).where('incident_id', 'in', ids).execute();
    expect(clocks).toHaveLength(2 * ids.length);
    const due = await db().selectFrom('incidents').select(['id', 'resolution_due_at']).where('id', 'in', ids).execute();
    for (const d of due) {
      const clock = clocks.find((c) => Number(c.incident_id) === Number(d.id) && c.target === 'resolution')!;
      expect(d.resolution_due_at === null ? null : new Date(String(d.resolution_due_at)).getTime()).toBe(clock.due_at === null ? null : new Date(String(clock.due_at)).getTime());
    }

    // Reports: what the groups' ends kept equals a rebuild from the incidents.
    const kept = await summaryRows();
    expect(kept.gaps.filter((g) => ids.includes(g.incident_id))).toHaveLength(14);
    await rebuildReportSummaries(ctx);
    await rebuildSerialGapSummary(ctx);
    const rebuilt = await summaryRows();
    expect(rebuilt.facts).toEqual(kept.facts);
    expect(rebuilt.daily).toEqual(kept.daily);
    expect(rebuilt.hist).toEqual(kept.hist);
    expect(rebuilt.gaps).toEqual(kept.gaps);

    // SLA: the state rows and counters kept equal the ones recounted from the clocks.
    const slaKept = await slaRows();
    expect(slaKept.state.filter((s) => ids.includes(s.incident_id))).toHaveLength(20);
    const all = (await db().selectFrom('incidents').select('id').execute()).map((r) => Number(r.id));
    await tx(ctx, (c) => rebuildSlaState(c.db, all, nowIso()));
    expect(await slaRows()).toEqual(slaKept);
  });

  it('new customers created by intakes of a group with a refused one (written again with savepoints): one customer per intake created, none for the refused', async () => {
    const tag = `Nuevo ${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.admin.post('/incidents', {
          newCustomer: { name: `${tag} ${i}`, phone: `+34 600 ${String(100000 + i * 7919).slice(0, 3)} ${String(100 + i)}` },
          symptom: `Cliente nuevo ${i}`,
          ...(i === 5 ? { fromCallId: '987654322' } : {}),
        }),
      ),
    );
    results.forEach((r, i) => {
      if (i === 5) expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      else expect(r.status, r.text).toBe(201);
    });
    const customers = await db().selectFrom('customers').select(['id', 'name', 'code']).where('name', 'like', `${tag}%`).execute();
    expect(customers.map((c) => c.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${tag} ${i}`).filter((_, i) => i !== 5).sort());
    const created = results.filter((r) => r.status === 201);
    for (const r of created) expect(customers.some((c) => String(c.id) === String(r.body.customerId))).toBe(true);
    // Each customer's code follows its incident's number, and has one search document.
    for (const r of created) expect(customers.find((c) => String(c.id) === String(r.body.customerId))!.code).toBe(`C-${String(r.body.number).slice(4)}`);
    const docs = await db().selectFrom('search_documents').select('entity_id').where('entity_type', '=', 'customer').where('entity_id', 'in', customers.map((c) => Number(c.id))).execute();
    expect(docs.map((d) => Number(d.entity_id)).sort((a, b) => a - b)).toEqual(customers.map((c) => Number(c.id)).sort((a, b) => a - b));
  });
});
