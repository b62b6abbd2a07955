/**
 * SLA clocks of incidents through the API, on both engines: deadlines over a regional holiday, a
 * weekend and a pause; a DST week; recompute on priority change; first response, resolve and
 * reopen; the supervisor's lists; escalation exactly once in one process (the multi-process run is
 * escalation.processes.test.ts). The app's clock is moved with Vitest's fake Date only.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, DIALECTS, ok, type Response, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import { catalogEntry, incidentCatalogs, makeContract, makeCustomer } from '../incidents/incidents.fixtures.ts';
import * as stateMigration from '../../db/migrations/2026-11-30-0700-sla-incident-state.ts';
import * as countsMigration from '../../db/migrations/2026-12-01-1600-sla-counts.ts';
import { computedSlaState, countSlaStates, findSlaState } from './sla.repository.ts';
import { advanceSlaCounts, onIncidentCreated, sweepEscalations } from './sla.service.ts';
import { lockIncident } from '../incidents/incidents.repository.ts';
import { toSnapshot } from '../incidents/incidents.mapper.ts';

const split = [
  { from: '08:00', to: '14:00' },
  { from: '15:30', to: '18:30' },
];
const at = (iso: string) => vi.setSystemTime(new Date(iso));

describe.each(DIALECTS)('incident SLA on %s', (dialect) => {
  let t: TestApp;
  let cataloniaId: string;
  let allDayId: string;

  const sla = async (id: string) => {
    const body = ok(await t.admin.get(`/incidents/${id}/sla`));
    return Object.fromEntries(body.clocks.map((c: { target: string }) => [c.target, c])) as Record<'response' | 'resolution', Record<string, any>>;
  };
  /**
   * The incident's stored SLA state (one row, what the badge counts) equals the one its clocks
   * give, and is what the clocks say: the earliest running deadline, paused since when, or no row.
   */
  const stateAgrees = async (id: string, expected: { dueAt?: string | null; pausedSince?: string | null } | null) => {
    const stored = await findSlaState(t.database.db, Number(id));
    const computed = await computedSlaState(t.database.db, Number(id));
    const shape = (r: typeof stored | typeof computed) =>
      r ? { dueAt: r.due_at, warnAt: r.warn_at, pausedSince: r.paused_since, ownerUserId: r.owner_user_id === null ? null : Number(r.owner_user_id), ownerGroupId: r.owner_group_id === null ? null : Number(r.owner_group_id) } : null;
    expect(shape(stored)).toEqual(shape(computed));
    if (expected === null) expect(stored).toBeUndefined();
    else expect(shape(stored)).toMatchObject(expected);
  };
  const count = async (table: string, where = sql`1=1`) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(t.database.db)).rows[0]!.n);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await incidentCatalogs(t);
    await catalogEntry(t, 'priorities', { code: 'S16', descriptionEs: 'SLA 16 h', descriptionEn: 'SLA 16 h', responseMinutes: 120, resolutionMinutes: 960, escalationMarginMinutes: 60, escalationEmails: ['jefe.servicio@example.com'] });
    await catalogEntry(t, 'priorities', { code: 'S8', descriptionEs: 'SLA 8 h', descriptionEn: 'SLA 8 h', responseMinutes: 60, resolutionMinutes: 480, escalationMarginMinutes: 60 });
    await catalogEntry(t, 'incident-event-types', { code: 'ESC', descriptionEs: 'Escalado', descriptionEn: 'Escalation', isEscalation: true });
    cataloniaId = ok(await t.admin.post('/service-calendars', { name: 'Cataluña', week: [split, split, split, split, split, [], []] }), 201).id;
    await catalogEntry(t, 'regions', { code: 'CT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia' });
    ok(await t.admin.post(`/service-calendars/${cataloniaId}/holidays/generate`, { year: 2026, regionCode: 'CT' }));
    await catalogEntry(t, 'regions', { code: 'CT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia', serviceCalendarId: cataloniaId });
    allDayId = ok(await t.admin.post('/service-calendars', { name: '24×7', week: Array(7).fill([{ from: '00:00', to: '24:00' }]) }), 201).id;
  });
  afterAll(() => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts a deadline over the Diada, a weekend and a pause, and recomputes it on a priority change', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const customer = await makeCustomer(t, { regionCode: 'CT' });
    // Thu 10/09/2026 17:00 CEST. Worked out by hand in business-clock.test.ts.
    at('2026-09-10T15:00:00Z');
    const inc = ok(await t.admin.post('/incidents', { customerId: customer.id, symptom: 'La cámara no enfría', priorityCode: 'S16' }), 201);
    let clocks = await sla(inc.id);
    expect(clocks.resolution).toMatchObject({ calendarName: 'Cataluña', state: 'running', targetMinutes: 960, dueAt: '2026-09-15T11:30:00.000Z', warnAt: '2026-09-15T10:30:00.000Z' });
    // 120: Thu 17:00–18:30 (90), the Diada, the weekend, Mon 08:00–08:30 CEST.
    expect(clocks.response.dueAt).toBe('2026-09-14T06:30:00.000Z');
    const shown = ok(await t.admin.get(`/incidents/${inc.id}`));
    expect([shown.responseDueAt, shown.resolutionDueAt]).toEqual(['2026-09-14T06:30:00.000Z', '2026-09-15T11:30:00.000Z']);
    await stateAgrees(inc.id, { dueAt: '2026-09-14T06:30:00.000Z', pausedSince: null });

    // Mon 14/09 09:00–11:30 CEST waiting for the customer.
    at('2026-09-14T07:00:00Z');
    ok(await t.admin.patch(`/incidents/${inc.id}`, { statusCode: 'EC' }));
    clocks = await sla(inc.id);
    expect(clocks.resolution).toMatchObject({ state: 'paused', status: 'paused', dueAt: null, pausedSince: '2026-09-14T07:00:00.000Z', usedMinutes: 150 });
    const paused = ok(await t.admin.get('/incidents/sla?view=paused&limit=200')).items;
    expect(paused.filter((c: { incidentId: string }) => c.incidentId === inc.id).map((c: { target: string }) => c.target).sort()).toEqual(['resolution', 'response']);
    await stateAgrees(inc.id, { dueAt: null, pausedSince: '2026-09-14T07:00:00.000Z' });
    at('2026-09-14T09:30:00Z');
    ok(await t.admin.patch(`/incidents/${inc.id}`, { statusCode: 'AB' }));
    clocks = await sla(inc.id);
    expect(clocks.resolution).toMatchObject({ state: 'running', dueAt: '2026-09-15T15:30:00.000Z', usedMinutes: 150, remainingMinutes: 810 });
    await stateAgrees(inc.id, { dueAt: clocks.response.dueAt, pausedSince: null });

    // Mon 12:00 CEST: priority S8 (480): 330 left from 11:30 → Mon 18:30 CEST.
    at('2026-09-14T10:00:00Z');
    ok(await t.admin.patch(`/incidents/${inc.id}`, { priorityCode: 'S8' }));
    clocks = await sla(inc.id);
    expect(clocks.resolution).toMatchObject({ targetMinutes: 480, dueAt: '2026-09-14T16:30:00.000Z', usedMinutes: 180 });
    expect(ok(await t.admin.get(`/incidents/${inc.id}`)).resolutionDueAt).toBe('2026-09-14T16:30:00.000Z');
    await stateAgrees(inc.id, { dueAt: [clocks.response.dueAt, clocks.resolution.dueAt].sort()[0], pausedSince: null });
    // In the incident's history: each moved deadline and why.
    const changes = ok(await t.admin.get(`/incidents/${inc.id}`)).changes.filter((c: { kind: string }) => c.kind === 'resolution_due');
    expect(changes.map((c: { from: string; to: string; note: string }) => [c.note, c.from, c.to])).toEqual([
      ['status', '2026-09-15T11:30:00.000Z', null],
      ['status', null, '2026-09-15T15:30:00.000Z'],
      ['priority', '2026-09-15T15:30:00.000Z', '2026-09-14T16:30:00.000Z'],
    ]);
  });

  it('counts over the spring DST change on the default calendar', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const customer = await makeCustomer(t);
    // Fri 27/03/2026 16:00 CET; "Calendario general": Mon–Fri 08:00–14:00 + 15:30–18:30.
    at('2026-03-27T15:00:00Z');
    const inc = ok(await t.admin.post('/incidents', { customerId: customer.id, symptom: 'Ruido', priorityCode: 'NOR' }), 201);
    const clocks = await sla(inc.id);
    expect(clocks.response.calendarName).toBe('Calendario general');
    // 240: Fri 16:00–18:30 (150), Mon 30/03 08:00 + 90 = 09:30 CEST = 07:30Z (09:30 CET would be 08:30Z).
    expect(clocks.response.dueAt).toBe('2026-03-30T07:30:00.000Z');
    // 2400: Fri 150 + Mon–Thu 4 × 540 = 2310, Fri 03/04 08:00 + 90 → 09:30 CEST.
    expect(clocks.resolution.dueAt).toBe('2026-04-03T07:30:00.000Z');
  });

  it('stops the response clock at the first response, the resolution clock on resolve, and restarts it on reopen', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const customer = await makeCustomer(t, { regionCode: 'CT' });
    at('2026-09-10T15:00:00Z');
    const inc = ok(await t.admin.post('/incidents', { customerId: customer.id, symptom: 'Fuga', priorityCode: 'S16' }), 201);
    at('2026-09-10T15:40:00Z');
    ok(await t.admin.post(`/incidents/${inc.id}/events`, { typeCode: 'NOT', text: 'Nota interna' }), 201);
    expect((await sla(inc.id)).response.state).toBe('running');
    ok(await t.admin.post(`/incidents/${inc.id}/events`, { typeCode: 'LLS', text: 'Llamamos al cliente' }), 201);
    let clocks = await sla(inc.id);
    expect(clocks.response).toMatchObject({ state: 'stopped', status: 'met', usedMinutes: 40, stoppedAt: '2026-09-10T15:40:00.000Z', dueAt: null });
    expect(ok(await t.admin.get(`/incidents/${inc.id}`)).responseDueAt).toBeNull();
    await stateAgrees(inc.id, { dueAt: clocks.resolution.dueAt });

    // Resolved Mon 14/09 10:00 CEST: 90 + 120 = 210 used.
    at('2026-09-14T08:00:00Z');
    ok(await t.admin.post(`/incidents/${inc.id}/diagnose`, { diagnosis: 'Junta rota' }));
    ok(await t.admin.post(`/incidents/${inc.id}/resolve`, { solution: 'Cambio de junta', resolutionCode: 'REP' }));
    clocks = await sla(inc.id);
    expect(clocks.resolution).toMatchObject({ state: 'stopped', status: 'met', usedMinutes: 210, dueAt: null });
    await stateAgrees(inc.id, null);
    ok(await t.admin.post(`/incidents/${inc.id}/close`, {}));
    await stateAgrees(inc.id, null);
    // Reopened Tue 15/09 08:00 CEST: 750 left → Wed 16/09 11:30 CEST.
    at('2026-09-15T06:00:00Z');
    ok(await t.admin.post(`/incidents/${inc.id}/reopen`, { reason: 'Vuelve a gotear' }));
    clocks = await sla(inc.id);
    expect(clocks.resolution).toMatchObject({ state: 'running', usedMinutes: 210, dueAt: '2026-09-16T09:30:00.000Z' });
    expect(clocks.response.state).toBe('stopped');
    await stateAgrees(inc.id, { dueAt: '2026-09-16T09:30:00.000Z', pausedSince: null });
  });

  it('uses the calendar and targets of the contract (24×7) over the region', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-09-12T10:00:00Z'); // a Saturday
    const customer = await makeCustomer(t, { regionCode: 'CT' });
    const contract = await makeContract(t, customer.id, '2026-01-01', '2026-12-31');
    ok(await t.admin.put(`/contracts/${contract.id}/service-level`, { calendarId: allDayId, targets: [{ priorityCode: 'S16', responseMinutes: 30, resolutionMinutes: 240 }] }));
    const item = ok(await t.admin.post('/items', { code: `SLA-${dialect}`, description: 'Cámara frigorífica', kind: 'product', unitPriceCents: 100000, vatRate: 2100, warrantyMonths: 24, serialized: true }), 201);
    const unit = ok(await t.admin.post('/units', { serialNumber: `SLA-${dialect}-1`, itemId: item.id, customerId: customer.id, saleDate: '2026-01-10', contractId: contract.id }), 201);
    const inc = ok(await t.admin.post('/incidents', { unitId: unit.id, symptom: 'Alarma de temperatura', priorityCode: 'S16' }), 201);
    const clocks = await sla(inc.id);
    expect(clocks.response).toMatchObject({ calendarName: '24×7', targetMinutes: 30, dueAt: '2026-09-12T10:30:00.000Z' });
    expect(clocks.resolution).toMatchObject({ targetMinutes: 240, dueAt: '2026-09-12T14:00:00.000Z' });
  });

  it('writes at intake the clocks, state and deadlines its hook writes without the work done before the transaction (contract, region, a waiting status)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-09-14T09:10:00Z');
    const ctx = systemCtx(t.database, t.config);
    const customer = await makeCustomer(t, { regionCode: 'CT' });
    const contract = await makeContract(t, customer.id, '2026-01-01', '2026-12-31');
    ok(await t.admin.put(`/contracts/${contract.id}/service-level`, { calendarId: allDayId, targets: [{ priorityCode: 'S8', responseMinutes: 45, resolutionMinutes: 300 }] }));
    const item = ok(await t.admin.post('/items', { code: `PRE-${dialect}`, description: 'Horno', kind: 'product', unitPriceCents: 100000, vatRate: 2100, warrantyMonths: 24, serialized: true }), 201);
    const unit = ok(await t.admin.post('/units', { serialNumber: `PRE-${dialect}-1`, itemId: item.id, customerId: customer.id, saleDate: '2026-01-10', contractId: contract.id }), 201);
    const made = [
      ok(await t.admin.post('/incidents', { unitId: unit.id, symptom: 'No calienta', priorityCode: 'S8' }), 201),
      ok(await t.admin.post('/incidents', { customerId: customer.id, symptom: 'Ruido', priorityCode: 'S16', receivedAt: '2026-09-11T16:00:00Z' }), 201),
      ok(await t.admin.post('/incidents', { customerId: customer.id, symptom: 'Esperando pieza', priorityCode: 'S16', statusCode: 'EC' }), 201),
    ];
    const db = t.database.db;
    const written = async (q: typeof db, id: number) => ({
      clocks: (await q.selectFrom('incident_clocks').selectAll().where('incident_id', '=', id).orderBy('target').execute()).map(({ updated_at: _, ...r }) => r),
      state: await q.selectFrom('incident_sla_state').select(['due_at', 'warn_at', 'paused_since', 'owner_user_id', 'owner_group_id', 'counted', 'phase_until']).where('incident_id', '=', id).executeTakeFirst(),
      deadlines: await q.selectFrom('incidents').select(['response_due_at', 'resolution_due_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    });
    for (const inc of made) {
      const id = Number(inc.id);
      const atIntake = await written(db, id);
      expect(atIntake.clocks).toHaveLength(2);
      // The hook again, in a transaction rolled back after: with nothing prepared it works everything out inside.
      await db
        .transaction()
        .execute(async (trx) => {
          await trx.deleteFrom('incident_clocks').where('incident_id', '=', id).execute();
          await trx.deleteFrom('incident_sla_state').where('incident_id', '=', id).execute();
          await trx.updateTable('incidents').set({ response_due_at: null, resolution_due_at: null }).where('id', '=', id).execute();
          await onIncidentCreated({ ...ctx, db: trx }, toSnapshot((await lockIncident(trx, id))!, []));
          expect(await written(trx, id)).toEqual(atIntake);
          throw new Error('roll back');
        })
        .catch((e: Error) => {
          if (e.message !== 'roll back') throw e;
        });
    }
    expect((await sla(made[0]!.id)).response).toMatchObject({ calendarName: '24×7', targetMinutes: 45, dueAt: '2026-09-14T09:55:00.000Z' });
    expect((await sla(made[2]!.id)).resolution.state).toBe('paused');
  });

  it('escalates each incident, target, level and deadline once: notices, an event, an e-mail', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const ctx = systemCtx(t.database, t.config);
    const tech1 = await t.userWithRole('technician');
    const tech2 = await t.userWithRole('technician');
    const boss = await t.userWithRole('supervisor');
    const group = ok(await t.admin.post('/groups', { code: `FR${dialect}`, name: 'Frío', memberIds: [tech1.id, tech2.id] }), 201);
    const supervisors = (ok(await t.admin.get('/users?role=supervisor&active=true')) as { items?: unknown[] } | unknown[]);
    const supervisorCount = Array.isArray(supervisors) ? supervisors.length : (supervisors.items ?? []).length;
    const customer = await makeCustomer(t);
    const contract = await makeContract(t, customer.id, '2026-01-01', '2026-12-31');
    ok(await t.admin.put(`/contracts/${contract.id}/service-level`, { calendarId: allDayId, targets: [{ priorityCode: 'S16', responseMinutes: 120, resolutionMinutes: 480 }] }));
    const item = ok(await t.admin.post('/items', { code: `ESC-${dialect}`, description: 'Horno', kind: 'product', unitPriceCents: 100000, vatRate: 2100, warrantyMonths: 24, serialized: true }), 201);
    const unit = ok(await t.admin.post('/units', { serialNumber: `ESC-${dialect}-1`, itemId: item.id, customerId: customer.id, saleDate: '2026-01-10', contractId: contract.id }), 201);
    const t0 = Date.parse('2026-10-05T08:00:00Z');
    const min = (n: number) => new Date(t0 + n * 60_000).toISOString();
    at(min(0));
    const inc = ok(await t.admin.post('/incidents', { unitId: unit.id, symptom: 'No calienta', priorityCode: 'S16' }), 201);
    ok(await t.admin.post(`/incidents/${inc.id}/delegate`, { toGroupId: group.id, note: 'Para el equipo de frío' }));
    await stateAgrees(inc.id, { dueAt: min(120) });
    const escalations = async () => ok(await t.admin.get(`/incidents/${inc.id}/sla`)).escalations.map((e: { target: string; level: string }) => `${e.target}:${e.level}`);
    const events = async () => ok(await t.admin.get(`/incidents/${inc.id}/events`)).items?.filter?.((e: { typeCode: string }) => e.typeCode === 'ESC').length ?? 0;

    at(min(30));
    await sweepEscalations(ctx);
    expect(await escalations()).toEqual([]);
    at(min(61)); // response within its 60-minute margin
    await sweepEscalations(ctx);
    await sweepEscalations(ctx);
    expect(await escalations()).toEqual(['response:warning']);
    const perEscalation = 2 + supervisorCount; // two group members and the supervisors
    expect(await count('notices', sql`kind = 'escalation' and link_id = ${Number(inc.id)}`)).toBe(perEscalation);
    expect(await count('email_outbox', sql`source_type = 'incident' and source_id = ${Number(inc.id)} and to_address = 'jefe.servicio@example.com'`)).toBe(1);
    const notice = ok(await boss.agent.get('/notices')).items.find((n: { kind: string }) => n.kind === 'escalation');
    expect(notice.title).toContain(inc.number);
    at(min(121));
    await sweepEscalations(ctx);
    expect(await escalations()).toEqual(['response:warning', 'response:breach']);
    at(min(421)); // resolution at risk
    await sweepEscalations(ctx);
    expect((await escalations()).filter((e: string) => e === 'resolution:warning')).toHaveLength(1);
    // Waiting for the customer 70 minutes moves the deadline later: a new deadline owes its warning again.
    at(min(430));
    ok(await t.admin.patch(`/incidents/${inc.id}`, { statusCode: 'EC' }));
    at(min(500));
    ok(await t.admin.patch(`/incidents/${inc.id}`, { statusCode: 'AB' }));
    expect((await sla(inc.id)).resolution.dueAt).toBe(min(550));
    await stateAgrees(inc.id, { dueAt: min(120) });
    at(min(501));
    await sweepEscalations(ctx);
    await sweepEscalations(ctx);
    at(min(551));
    await sweepEscalations(ctx);
    await sweepEscalations(ctx);
    expect((await escalations()).sort()).toEqual(['resolution:breach', 'resolution:warning', 'resolution:warning', 'response:breach', 'response:warning']);
    expect(await events()).toBe(5);
    expect(await count('notices', sql`kind = 'escalation' and link_id = ${Number(inc.id)}`)).toBe(5 * perEscalation);
    expect(await count('email_outbox', sql`source_type = 'incident' and source_id = ${Number(inc.id)}`)).toBe(5);
    // Nothing more is owed.
    at(min(2000));
    expect((await sweepEscalations(ctx)).escalated).toBe(0);
  });

  it('lists clocks at risk, breached and paused, soonest first, per owner, with counts', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tech = await t.userWithRole('technician', { name: `Técnica ${dialect}` });
    const customer = await makeCustomer(t);
    const contract = await makeContract(t, customer.id, '2026-01-01', '2026-12-31');
    ok(await t.admin.put(`/contracts/${contract.id}/service-level`, { calendarId: allDayId, targets: [{ priorityCode: 'S8', responseMinutes: 60, resolutionMinutes: 600 }] }));
    const item = ok(await t.admin.post('/items', { code: `LST-${dialect}`, description: 'Lavavajillas', kind: 'product', unitPriceCents: 100000, vatRate: 2100, warrantyMonths: 24, serialized: true }), 201);
    const ids: string[] = [];
    const base = Date.parse('2026-11-02T08:00:00Z');
    for (let i = 0; i < 5; i++) {
      at(new Date(base + i * 60_000).toISOString());
      const unit = ok(await t.admin.post('/units', { serialNumber: `LST-${dialect}-${i}`, itemId: item.id, customerId: customer.id, saleDate: '2026-01-10', contractId: contract.id }), 201);
      ids.push(ok(await t.admin.post('/incidents', { unitId: unit.id, symptom: `Avería ${i}`, priorityCode: 'S8', ownerUserId: tech.id }), 201).id);
    }
    // 30 minutes after the first: every response (60, margin 60) is at risk; none breached.
    at(new Date(base + 30 * 60_000).toISOString());
    const mine = ok(await tech.agent.get('/incidents/sla?view=at-risk&mine=true&limit=2'));
    expect(mine.items).toHaveLength(2);
    expect(mine.items.map((c: { incidentId: string }) => c.incidentId)).toEqual(ids.slice(0, 2));
    const next = ok(await tech.agent.get(`/incidents/sla?view=at-risk&mine=true&limit=200&cursor=${mine.nextCursor}`));
    const all = [...mine.items, ...next.items].filter((c: { target: string }) => c.target === 'response');
    expect(all.map((c: { incidentId: string }) => c.incidentId)).toEqual(ids);
    expect(all.every((c: { status: string; ownerUserId: string }) => c.status === 'at_risk' && c.ownerUserId === tech.id)).toBe(true);
    expect(all[0].remainingMinutes).toBe(30);
    // Everyone's at risk (no owner: read along the warning index): the same clocks, each once, soonest first, page by page.
    const everyone: Array<{ incidentId: string; target: string }> = [];
    let page = ok(await t.admin.get('/incidents/sla?view=at-risk&limit=2'));
    everyone.push(...page.items);
    while (page.nextCursor) {
      page = ok(await t.admin.get(`/incidents/sla?view=at-risk&limit=2&cursor=${page.nextCursor}`));
      everyone.push(...page.items);
    }
    expect(everyone.filter((c) => ids.includes(c.incidentId)).map((c) => `${c.incidentId}:${c.target}`)).toEqual(ids.map((id) => `${id}:response`));
    // The same list whether the window of clocks due next holds the page or not (then read along the warning index).
    for (const size of ['1', '3']) {
      process.env.ATIENDE_SLA_AT_RISK_WINDOW = size;
      try {
        const again: Array<{ incidentId: string; target: string }> = [];
        for (let cursor = '', n = 0; n < 100; n++) {
          const p = ok(await t.admin.get(`/incidents/sla?view=at-risk&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
          again.push(...p.items);
          if (!(cursor = p.nextCursor ?? '')) break;
        }
        expect(again, size).toEqual(everyone);
      } finally {
        delete process.env.ATIENDE_SLA_AT_RISK_WINDOW;
      }
    }
    const counts = ok(await tech.agent.get('/incidents/sla/counts'));
    expect(counts.mine).toMatchObject({ atRisk: 5, breached: 0 });
    // Two more, due later: one of a group (the technician joins it below), then one of the technician.
    const group = ok(await t.admin.post('/groups', { code: `SLA-${dialect}`, name: `SLA ${dialect}` }), 201);
    const later: string[] = [];
    for (const [i, owner] of [{ ownerGroupId: group.id }, { ownerUserId: tech.id }].entries()) {
      at(new Date(base + (31 + i) * 60_000).toISOString());
      const unit = ok(await t.admin.post('/units', { serialNumber: `LST-${dialect}-g${i}`, itemId: item.id, customerId: customer.id, saleDate: '2026-01-10', contractId: contract.id }), 201);
      later.push(ok(await t.admin.post('/incidents', { unitId: unit.id, symptom: `Avería g${i}`, priorityCode: 'S8', ...owner }), 201).id);
    }
    // 65 minutes after: the first five responses breached.
    at(new Date(base + 65 * 60_000).toISOString());
    const breached = ok(await t.admin.get(`/incidents/sla?view=breached&ownerUserId=${tech.id}`)).items;
    expect(breached.map((c: { incidentId: string }) => c.incidentId)).toEqual(ids.slice(0, 5));
    // Counted per incident: the five breached; the technician's later one at risk (the group's is not the technician's yet).
    expect(ok(await tech.agent.get('/incidents/sla/counts')).mine).toEqual({ atRisk: 1, breached: 5, paused: 0 });
    // Mine breached, read per destination (mine, then my groups'): each clock once, soonest first, across pages.
    ok(await t.admin.patch(`/groups/${group.id}`, { memberIds: [tech.id] }));
    at(new Date(base + 100 * 60_000).toISOString());
    const pages: Array<{ incidentId: string; target: string }> = [];
    let cursor = '';
    do {
      const page = ok(await tech.agent.get(`/incidents/sla?view=breached&mine=true&limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      pages.push(...page.items);
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(pages.map((c) => `${c.incidentId}:${c.target}`)).toEqual([...ids, ...later].map((id) => `${id}:response`));
    expect(ok(await tech.agent.get('/incidents/sla/counts')).mine).toEqual({ atRisk: 0, breached: 7, paused: 0 });
    // 575 minutes: every resolution (600, margin 60) at risk too. The list shows each clock; the badge
    // counts an incident once, by its worst state: breached (its response), not also at risk.
    at(new Date(base + 575 * 60_000).toISOString());
    const atRisk = ok(await tech.agent.get('/incidents/sla?view=at-risk&mine=true&limit=200')).items;
    expect(atRisk.map((c: { incidentId: string; target: string }) => `${c.incidentId}:${c.target}`)).toEqual([...ids, ...later].map((id) => `${id}:resolution`));
    expect(ok(await tech.agent.get('/incidents/sla/counts')).mine).toEqual({ atRisk: 0, breached: 7, paused: 0 });
    const keys = (items: Array<{ incidentId: string; target: string }>) => items.map((c) => `${c.incidentId}:${c.target}`);
    expect(keys(ok(await t.admin.get(`/incidents/sla?view=at-risk&ownerGroupId=${group.id}`)).items)).toEqual([`${later[0]}:resolution`]);
    // Each list item names its customer and its owner (user or group), on every view and read path.
    const customerName = ok(await t.admin.get(`/customers/${customer.id}`)).name;
    for (const path of ['view=at-risk&limit=200', 'view=at-risk&mine=true&limit=200', 'view=breached&limit=200', 'view=breached&mine=true&limit=200']) {
      const ours = new Set([...ids, ...later]);
      const items = (ok(await tech.agent.get(`/incidents/sla?${path}`)).items as Array<{ incidentId: string; customerName: string; ownerUserName: string | null; ownerGroupName: string | null }>).filter((c) => ours.has(c.incidentId));
      expect(items.length).toBeGreaterThan(0);
      for (const c of items) {
        expect(c.customerName).toBe(customerName);
        expect([c.ownerUserName, c.ownerGroupName]).toEqual(c.incidentId === later[0] ? [null, `SLA ${dialect}`] : [`Técnica ${dialect}`, null]);
      }
    }
    expect(keys(ok(await t.admin.get(`/incidents/sla?view=at-risk&ownerUserId=${tech.id}`)).items)).toEqual([...ids, later[1]].map((id) => `${id}:resolution`));
    // Waiting for the customer: paused, neither breached nor at risk.
    ok(await t.admin.patch(`/incidents/${ids[0]}`, { statusCode: 'EC' }));
    expect(ok(await tech.agent.get('/incidents/sla/counts')).mine).toEqual({ atRisk: 0, breached: 6, paused: 1 });
    await stateAgrees(ids[0]!, { dueAt: null, pausedSince: new Date(base + 575 * 60_000).toISOString() });
    expect((await t.admin.get('/incidents/sla?view=soon')).status).toBe(400);
    expect((await t.anonymous.get('/incidents/sla?view=at-risk')).status).toBe(401);
    expect((await t.admin.get('/incidents/999999/sla')).status).toBe(404);
  });
  it('keeps the badge counters on every write, and the sla-counts job moves them as time passes: always what a count of the incidents gives', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const ctx = systemCtx(t.database, t.config);
    const tech = await t.userWithRole('technician');
    const customer = await makeCustomer(t);
    const contract = await makeContract(t, customer.id, '2026-01-01', '2026-12-31');
    ok(await t.admin.put(`/contracts/${contract.id}/service-level`, { calendarId: allDayId, targets: [{ priorityCode: 'S8', responseMinutes: 120, resolutionMinutes: 600 }] }));
    const item = ok(await t.admin.post('/items', { code: `CNT-${dialect}`, description: 'Secadora', kind: 'product', unitPriceCents: 100000, vatRate: 2100, warrantyMonths: 24, serialized: true }), 201);
    const base = Date.parse('2026-11-16T08:00:00Z'); // after every other test's clocks, before the sessions' expiry
    const min = (n: number) => new Date(base + n * 60_000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      at(min(i));
      const unit = ok(await t.admin.post('/units', { serialNumber: `CNT-${dialect}-${i}`, itemId: item.id, customerId: customer.id, saleDate: '2026-01-10', contractId: contract.id }), 201);
      ids.push(ok(await t.admin.post('/incidents', { unitId: unit.id, symptom: `Avería ${i}`, priorityCode: 'S8', ownerUserId: tech.id }), 201).id);
    }
    // What the counters hold for the technician's incidents, without what time did since (the stored counts alone).
    const stored = async () => {
      const r = (await sql<{ view: string; n: string }>`select view, sum(n) as n from sla_counts where owner_user_id = ${Number(tech.id)} group by view`.execute(t.database.db)).rows;
      const n = (v: string) => Number(r.find((x) => x.view === v)?.n ?? 0);
      return { atRisk: n('at_risk'), breached: n('breached'), paused: n('paused') };
    };
    // The badge, everyone's and mine, equals a count of the state rows at the same instant.
    let myGroups: number[] = [];
    const agrees = async (mine: { atRisk: number; breached: number; paused: number }) => {
      const now = new Date().toISOString();
      const badge = ok(await tech.agent.get('/incidents/sla/counts'));
      expect(badge.mine).toEqual(mine);
      expect(badge.mine).toEqual(await countSlaStates(t.database.db, { now, ownerUserId: Number(tech.id), ownerGroupIds: myGroups }));
      const { mine: _m, ...all } = badge;
      expect(all).toEqual(await countSlaStates(t.database.db, { now }));
    };
    // On time: counted nowhere (intake writes no counter row).
    await agrees({ atRisk: 0, breached: 0, paused: 0 });
    expect(await stored()).toEqual({ atRisk: 0, breached: 0, paused: 0 });
    // 65 minutes on, every response (120, margin 60) is within its margin: the badge says so before the job runs …
    at(min(65));
    await agrees({ atRisk: 3, breached: 0, paused: 0 });
    expect(await stored()).toEqual({ atRisk: 0, breached: 0, paused: 0 });
    // … and the job moves the counters (the escalation sweep and the counts job, as the servers run them).
    await sweepEscalations(ctx);
    expect(await advanceSlaCounts(ctx)).toBeGreaterThanOrEqual(3);
    expect(await stored()).toEqual({ atRisk: 3, breached: 0, paused: 0 });
    await agrees({ atRisk: 3, breached: 0, paused: 0 });
    expect(await advanceSlaCounts(ctx)).toBe(0);
    // A write moves them at once: waiting for the customer (paused), then handed to a group the technician is not in.
    ok(await t.admin.patch(`/incidents/${ids[0]}`, { statusCode: 'EC' }));
    expect(await stored()).toEqual({ atRisk: 2, breached: 0, paused: 1 });
    await agrees({ atRisk: 2, breached: 0, paused: 1 });
    const group = ok(await t.admin.post('/groups', { code: `CNT-${dialect}`, name: `Contadores ${dialect}` }), 201);
    ok(await t.admin.post(`/incidents/${ids[1]}/delegate`, { toGroupId: group.id, note: 'Para el grupo' }));
    expect(await stored()).toEqual({ atRisk: 1, breached: 0, paused: 1 });
    await agrees({ atRisk: 1, breached: 0, paused: 1 });
    // The technician joins the group: "mine" counts the group's incident again.
    ok(await t.admin.patch(`/groups/${group.id}`, { memberIds: [tech.id] }));
    myGroups = [Number(group.id)];
    await agrees({ atRisk: 2, breached: 0, paused: 1 });
    // 125 minutes on, both running responses are past their deadline: breached on the badge, before and after the job.
    at(min(125));
    await agrees({ atRisk: 0, breached: 2, paused: 1 });
    await sweepEscalations(ctx);
    await advanceSlaCounts(ctx);
    expect(await stored()).toEqual({ atRisk: 0, breached: 1, paused: 1 });
    await agrees({ atRisk: 0, breached: 2, paused: 1 });
    // Resolved: counted out. Back from waiting, its deadline pushed by the wait: at risk again (65 of 120 minutes used).
    ok(await t.admin.post(`/incidents/${ids[2]}/diagnose`, { diagnosis: 'Placa quemada' }));
    ok(await t.admin.post(`/incidents/${ids[2]}/resolve`, { solution: 'Cambio de placa', resolutionCode: 'REP' }));
    ok(await t.admin.patch(`/incidents/${ids[0]}`, { statusCode: 'AB' }));
    await agrees({ atRisk: 1, breached: 1, paused: 0 });
    expect(await stored()).toEqual({ atRisk: 1, breached: 0, paused: 0 });
    // The job folds the counter rows: one per owner pair and view, the counts unchanged.
    await advanceSlaCounts(ctx);
    const keys = (await sql<{ n: string }>`select count(*) as n from (select 1 as x from sla_counts group by owner_user_id, owner_group_id, view having count(*) > 1) as d`.execute(t.database.db)).rows[0]!.n;
    expect(Number(keys)).toBe(0);
    await agrees({ atRisk: 1, breached: 1, paused: 0 });
  });

  it('backfills one state row per live incident from the clocks (the 0700 migration, run again)', async () => {
    const rows = async () =>
      (await sql<Record<string, unknown>>`select incident_id, due_at, warn_at, paused_since, owner_user_id, owner_group_id from incident_sla_state order by incident_id`.execute(t.database.db)).rows.map((r) => ({
        ...r,
        incident_id: Number(r.incident_id),
        owner_user_id: r.owner_user_id === null ? null : Number(r.owner_user_id),
        owner_group_id: r.owner_group_id === null ? null : Number(r.owner_group_id),
      }));
    const kept = await rows();
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBe(await count('incident_clocks', sql`state in ('running', 'paused') and target = 'resolution'`));
    const counts = ok(await t.admin.get('/incidents/sla/counts'));
    await countsMigration.down(t.database.db);
    await stateMigration.down(t.database.db);
    await stateMigration.up(t.database.db);
    await countsMigration.up(t.database.db);
    expect(await rows()).toEqual(kept);
    // The counters filled again from the state rows: the same badge.
    expect(ok(await t.admin.get('/incidents/sla/counts'))).toEqual(counts);
  });
});
