/**
 * The supervisor's dashboard against a set worked out by hand, on both engines. Incidents and
 * calls go through the API with the app's clock moved (Vitest's fake Date), so the SLA area's
 * hooks run real clocks; the dashboard is then read "at" Wednesday 18 March 2026 12:00 Madrid
 * (11:00 UTC). Calendar "24 h" (every minute counts), so business minutes are calendar minutes.
 * Priorities: P1D response 60 / resolution 240; P2D 120 / 1440, warned 100 minutes before.
 *
 *   F  Fri 20 Feb 09:00 P2D IMP  open, both deadlines long past                  → breached
 *   M1–M4 Mon 2 – Thu 5 Mar P1D IMP, R4, R5, R6: answered, resolved, closed the same morning
 *   L1 Mon 9 09:00  P1D IMP  response 30 (met), resolved 120 (met), closed
 *   L2 Tue 10 09:00 P1D ALI  response 120 (missed), resolved 360 (missed), closed
 *   T1 Mon 16 09:00 P1D IMP  response 20 (met), resolved 60 (met), not closed
 *   T2 Tue 17 09:00 P1D ALI  response 30 (met), resolution due Tue 13:00 UTC     → breached
 *   T3 Wed 18 08:00 P2D RUI  response due 10:00 UTC, none                        → breached
 *   T4 Wed 18 10:30 P2D IMP  response due 12:30, warned from 10:50               → at risk
 *
 *   open 5 (F, T1–T4); received today 2 (T3, T4); at risk 1; breached 3 (F, T2, T3)
 *   this week (16–18): 4 incidents, response 2 met of 3 decided = 66,67 %, resolution 1 of 2 = 50 %
 *   last week (9–15): 2 incidents, response 1 of 2 = 50 %, resolution 1 of 2 = 50 %
 *   month (1–18): 10 incidents; IMP 4 (40 %), ALI 2, then R4, R5, R6, RUI 1 each: ties by code, five shown
 *   calls: two pending (one to another agent), one finished, one postponed to tomorrow → 2 pending now
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, DIALECTS, ok, type Response, type TestApp } from '../../../../test/harness.ts';
import { catalogEntry, incidentCatalogs, makeCustomer } from '../incidents/incidents.fixtures.ts';

const day = [{ from: '00:00', to: '24:00' }];
const NOW = '2026-03-18T11:00:00Z';

describe.each(DIALECTS)("the supervisor's dashboard on %s", (dialect) => {
  let t: TestApp;
  let customerId = '';
  let dashboard: Record<string, any>;

  const at = (iso: string) => vi.setSystemTime(new Date(iso));
  const open = async (when: string, priorityCode: string, reasonCode: string) => {
    at(when);
    return ok(await t.admin.post('/incidents', { customerId, symptom: 'No imprime', priorityCode, reasonCode }), 201).id as string;
  };
  const respond = async (id: string, when: string) => {
    at(when);
    ok(await t.admin.post(`/incidents/${id}/events`, { typeCode: 'LLS', text: 'Llamamos al cliente' }), 201);
  };
  const resolve = async (id: string, when: string) => {
    at(when);
    ok(await t.admin.post(`/incidents/${id}/diagnose`, { diagnosis: 'Revisado' }));
    ok(await t.admin.post(`/incidents/${id}/resolve`, { solution: 'Arreglado', resolutionCode: 'REP' }));
  };
  const close = async (id: string, when: string) => {
    at(when);
    ok(await t.admin.post(`/incidents/${id}/close`, {}));
  };
  /** An incident answered after `r`, resolved after `s` minutes and closed ten minutes later. */
  const done = async (when: string, priorityCode: string, reasonCode: string, r: number, s: number) => {
    const id = await open(when, priorityCode, reasonCode);
    const t0 = Date.parse(when);
    await respond(id, new Date(t0 + r * 60_000).toISOString());
    await resolve(id, new Date(t0 + s * 60_000).toISOString());
    await close(id, new Date(t0 + (s + 10) * 60_000).toISOString());
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await incidentCatalogs(t);
    await catalogEntry(t, 'priorities', { code: 'P1D', descriptionEs: 'Alta', descriptionEn: 'High', responseMinutes: 60, resolutionMinutes: 240 });
    await catalogEntry(t, 'priorities', { code: 'P2D', descriptionEs: 'Media', descriptionEn: 'Medium', responseMinutes: 120, resolutionMinutes: 1440, escalationMarginMinutes: 100 });
    for (const [code, es, en] of [['R4', 'Red', 'Network'], ['R5', 'Pantalla', 'Screen'], ['R6', 'Software', 'Software'], ['RUI', 'Ruido', 'Noise']]) {
      await catalogEntry(t, 'reason-codes', { code, descriptionEs: es, descriptionEn: en });
    }
    const cal = ok(await t.admin.post('/service-calendars', { name: '24 h', week: [day, day, day, day, day, day, day] }), 201);
    await catalogEntry(t, 'regions', { code: 'DH', descriptionEs: 'Siempre', descriptionEn: 'Always', serviceCalendarId: cal.id });
    customerId = (await makeCustomer(t, { regionCode: 'DH' })).id;
    const other = await t.userWithRole('agent');

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await open('2026-02-20T09:00:00Z', 'P2D', 'IMP');
      await done('2026-03-02T09:00:00Z', 'P1D', 'IMP', 10, 30);
      await done('2026-03-03T09:00:00Z', 'P1D', 'R4', 10, 30);
      await done('2026-03-04T09:00:00Z', 'P1D', 'R5', 10, 30);
      await done('2026-03-05T09:00:00Z', 'P1D', 'R6', 10, 30);
      await done('2026-03-09T09:00:00Z', 'P1D', 'IMP', 30, 120);
      await done('2026-03-10T09:00:00Z', 'P1D', 'ALI', 120, 360);
      const t1 = await open('2026-03-16T09:00:00Z', 'P1D', 'IMP');
      await respond(t1, '2026-03-16T09:20:00Z');
      await resolve(t1, '2026-03-16T10:00:00Z');
      const t2 = await open('2026-03-17T09:00:00Z', 'P1D', 'ALI');
      await respond(t2, '2026-03-17T09:30:00Z');
      await open('2026-03-18T08:00:00Z', 'P2D', 'RUI');
      await open('2026-03-18T10:30:00Z', 'P2D', 'IMP');

      at('2026-03-18T10:40:00Z');
      await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'Pendiente 1' }).then((r) => ok(r, 201));
      await t.admin.post('/calls', { customerId, toUserId: other.id, description: 'Pendiente 2' }).then((r) => ok(r, 201));
      const finished = ok(await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'Terminada' }), 201);
      ok(await t.admin.post(`/calls/${finished.id}/finish`, {}));
      const later = ok(await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'Aplazada' }), 201);
      ok(await t.admin.post(`/calls/${later.id}/postpone`, { until: '2026-03-19T09:00:00Z', reason: 'Llamará mañana', toUserId: t.adminId }));

      at(NOW);
      dashboard = ok(await t.admin.get('/reports/dashboard'));
    } finally {
      vi.useRealTimers();
    }
  });
  afterAll(() => t.close());

  it('counts what is open, late and pending now, each with the list behind it', () => {
    expect(dashboard).toMatchObject({ today: '2026-03-18', timeZone: 'Europe/Madrid' });
    expect(dashboard.incidents).toEqual({
      open: { value: 5, link: '/incidents?view=open' },
      receivedToday: { value: 2, link: '/reports/incidents?from=2026-03-18&to=2026-03-18' },
      atRisk: { value: 1, link: '/incidents/sla?view=at-risk' },
      breached: { value: 3, link: '/incidents/sla?view=breached' },
    });
    expect(dashboard.calls).toEqual({ pendingNow: { value: 2, link: '/calls?view=now&everyone=1' } });
  });

  it('gives SLA compliance this week against last, as the incident time analysis it links to', async () => {
    expect(dashboard.compliance).toEqual({
      thisWeek: { from: '2026-03-16', to: '2026-03-18', incidents: 4, responseCompliance: 6667, resolutionCompliance: 5000, link: '/reports/incident-times?from=2026-03-16&to=2026-03-18&groupBy=week' },
      lastWeek: { from: '2026-03-09', to: '2026-03-15', incidents: 2, responseCompliance: 5000, resolutionCompliance: 5000, link: '/reports/incident-times?from=2026-03-09&to=2026-03-15&groupBy=week' },
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      at(NOW);
      for (const w of [dashboard.compliance.thisWeek, dashboard.compliance.lastWeek]) {
        const report = ok(await t.admin.get(w.link)); // the web address is the API's path too
        const fig = (key: string) => report.figures.find((f: { key: string }) => f.key === key)?.value;
        expect([fig('responseCompliance'), fig('resolutionCompliance')]).toEqual([w.responseCompliance, w.resolutionCompliance]);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists the five commonest reasons of the month (ties by code) with their share and list', async () => {
    const link = (code: string) => `/reports/incidents?reasonCode=${code}&from=2026-03-01&to=2026-03-18`;
    expect(dashboard.topReasons).toEqual({
      from: '2026-03-01',
      to: '2026-03-18',
      total: 10,
      items: [
        { code: 'IMP', label: 'IMP — Impresión', count: 4, shareBp: 4000, link: link('IMP') },
        { code: 'ALI', label: 'ALI — Alimentación', count: 2, shareBp: 2000, link: link('ALI') },
        { code: 'R4', label: 'R4 — Red', count: 1, shareBp: 1000, link: link('R4') },
        { code: 'R5', label: 'R5 — Pantalla', count: 1, shareBp: 1000, link: link('R5') },
        { code: 'R6', label: 'R6 — Software', count: 1, shareBp: 1000, link: link('R6') },
      ],
    });
    // The list behind a reason holds that many incidents.
    const list = ok(await t.admin.get(link('IMP')));
    expect(list.tables[0].rows).toHaveLength(4);
  });

  it('speaks English to an English supervisor and is refused to agents and read-only users', async () => {
    const sup = await t.userWithRole('supervisor', { language: 'en' });
    vi.useFakeTimers({ toFake: ['Date'] });
    let body;
    try {
      at(NOW);
      body = ok(await sup.agent.get('/reports/dashboard'));
    } finally {
      vi.useRealTimers();
    }
    expect(body.topReasons.items.map((r: { label: string }) => r.label).slice(0, 2)).toEqual(['IMP — Printing', 'ALI — Power']);
    for (const role of ['agent', 'readonly', 'billing'] as const) {
      const u = await t.userWithRole(role);
      expect((await u.agent.get('/reports/dashboard')).status).toBe(403);
    }
    expect((await t.anonymous.get('/reports/dashboard')).status).toBe(401);
  });
});
