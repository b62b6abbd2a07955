/**
 * Incident time analysis against a set of incidents worked out by hand, on both engines. The
 * incidents go through the API with the app's clock moved (Vitest's fake Date), so the SLA area's
 * own hooks run their clocks on a calendar with a holiday (Thursday 19 March 2026) and a pause
 * (waiting for the customer); the report must read the same business minutes back.
 *
 * Calendar "Taller" (Europe/Madrid, CET = UTC+1 in these weeks): Mon–Fri 09:00–14:00 + 15:00–18:00.
 * Priorities: P1T response 120 / resolution 960 business minutes; P2T 240 / 240.
 *
 *   A P1T Mon 16 09:30 → response 10:30 (60) → resolved Tue 17 11:30 (450 + 150 = 600) → closed 12:30
 *   B P1T Wed 18 17:00 → response Fri 20 09:30 (60 + holiday + 30 = 90) → resolved Fri 17:00 (60 + 420 = 480)
 *   C P2T Mon 16 10:00 → response 11:00 (60); waiting Mon 12:00 – Wed 18 12:00; resolved Wed 16:00
 *         (120 + 180 = 300 > 240: late by 60) → closed 17:00 (close: 300 + 60 = 360)
 *   D P2T Tue 17 10:00, nothing since: both clocks running past their deadline (missed)
 *   E P1T Fri 20 09:00 → response 13:00 (240 > 120: late) → resolved 16:00 (360)
 *   G P1T Wed 11 10:00 → response 10:30 (30) → resolved 11:00 (60)  (the week before)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, DIALECTS, ok, type Response, type TestApp } from '../../../../test/harness.ts';
import { pdfText } from '../../../../test/pdf.ts';
import { catalogEntry, incidentCatalogs, makeCustomer } from '../incidents/incidents.fixtures.ts';

const shifts = [
  { from: '09:00', to: '14:00' },
  { from: '15:00', to: '18:00' },
];
const H = 3600;

describe.each(DIALECTS)('incident time analysis on %s', (dialect) => {
  let t: TestApp;
  const id: Record<string, string> = {};
  const number: Record<string, string> = {};
  let customerId = '';

  const at = (iso: string) => vi.setSystemTime(new Date(iso));
  const open = async (key: string, when: string, priorityCode: string, reasonCode: string) => {
    at(when);
    const inc = ok(await t.admin.post('/incidents', { customerId, symptom: `Caso ${key}`, priorityCode, reasonCode }), 201);
    id[key] = inc.id;
    number[key] = inc.number;
  };
  const respond = async (key: string, when: string) => {
    at(when);
    ok(await t.admin.post(`/incidents/${id[key]}/events`, { typeCode: 'LLS', text: 'Llamamos al cliente' }), 201);
  };
  const resolve = async (key: string, when: string) => {
    at(when);
    ok(await t.admin.post(`/incidents/${id[key]}/diagnose`, { diagnosis: 'Revisado' }));
    ok(await t.admin.post(`/incidents/${id[key]}/resolve`, { solution: 'Arreglado', resolutionCode: 'REP' }));
  };
  const close = async (key: string, when: string) => {
    at(when);
    ok(await t.admin.post(`/incidents/${id[key]}/close`, {}));
  };
  const status = async (key: string, when: string, statusCode: string) => {
    at(when);
    ok(await t.admin.patch(`/incidents/${id[key]}`, { statusCode }));
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await incidentCatalogs(t);
    await catalogEntry(t, 'priorities', { code: 'P1T', descriptionEs: 'Alta', descriptionEn: 'High', responseMinutes: 120, resolutionMinutes: 960 });
    await catalogEntry(t, 'priorities', { code: 'P2T', descriptionEs: 'Media', descriptionEn: 'Medium', responseMinutes: 240, resolutionMinutes: 240 });
    const cal = ok(await t.admin.post('/service-calendars', { name: 'Taller', week: [shifts, shifts, shifts, shifts, shifts, [], []] }), 201);
    ok(await t.admin.post(`/service-calendars/${cal.id}/holidays`, { date: '2026-03-19', name: 'San José' }), 201);
    await catalogEntry(t, 'regions', { code: 'TL', descriptionEs: 'Taller', descriptionEn: 'Workshop', serviceCalendarId: cal.id });
    customerId = (await makeCustomer(t, { regionCode: 'TL' })).id;

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await open('G', '2026-03-11T09:00:00Z', 'P1T', 'IMP');
      await respond('G', '2026-03-11T09:30:00Z');
      await resolve('G', '2026-03-11T10:00:00Z');

      await open('A', '2026-03-16T08:30:00Z', 'P1T', 'IMP');
      await open('C', '2026-03-16T09:00:00Z', 'P2T', 'ALI');
      await respond('A', '2026-03-16T09:30:00Z');
      await respond('C', '2026-03-16T10:00:00Z');
      await status('C', '2026-03-16T11:00:00Z', 'EC');
      await open('D', '2026-03-17T09:00:00Z', 'P2T', 'ALI');
      await resolve('A', '2026-03-17T10:30:00Z');
      await close('A', '2026-03-17T11:30:00Z');
      await status('C', '2026-03-18T11:00:00Z', 'AB');
      await resolve('C', '2026-03-18T15:00:00Z');
      await open('B', '2026-03-18T16:00:00Z', 'P1T', 'IMP');
      await close('C', '2026-03-18T16:00:00Z');
      await open('E', '2026-03-20T08:00:00Z', 'P1T', 'IMP');
      await respond('B', '2026-03-20T08:30:00Z');
      await respond('E', '2026-03-20T12:00:00Z');
      await resolve('E', '2026-03-20T15:00:00Z');
      await resolve('B', '2026-03-20T16:00:00Z');
    } finally {
      vi.useRealTimers();
    }
  });
  afterAll(() => t.close());

  const get = async (query: string) => ok(await t.admin.get(`/reports/incident-times?${query}`));
  const table = (body: { tables: Array<{ id: string }> }, tid: string) => body.tables.find((x) => x.id === tid) as unknown as { rows: Array<Record<string, unknown>>; footer: Record<string, unknown>; columns: Array<{ key: string; label: string }> };
  const stats = (r: Record<string, unknown>) => {
    const { label: _l, link: _k, ...rest } = r;
    return rest;
  };

  it('business time with a holiday and a pause, calendar time, medians, p90 and compliance, worked out by hand', async () => {
    const body = await get(`from=2026-03-16&to=2026-03-22&customerId=${customerId}`);
    // The SLA clocks themselves: B across the holiday, C without the pause.
    const clocks = async (key: string) => Object.fromEntries(ok(await t.admin.get(`/incidents/${id[key]}/sla`)).clocks.map((c: { target: string; usedMinutes: number }) => [c.target, c.usedMinutes]));
    expect(await clocks('B')).toEqual({ response: 90, resolution: 480 });
    expect(await clocks('C')).toEqual({ response: 60, resolution: 300 });

    const total = {
      incidents: 5,
      // response: A, B, C met; D (running past its deadline) and E missed. Resolution: A, B, E met; C, D missed.
      responseCompliance: 6000,
      resolutionCompliance: 6000,
      // business response [60, 60, 90, 240]: median 75 min, p90 (4th of 4) 240 min
      responseMedian: 75 * 60,
      responseP90: 240 * 60,
      // business resolution [300, 360, 480, 600]: median 420, p90 600
      resolutionMedian: 420 * 60,
      resolutionP90: 600 * 60,
      // calendar response [1 h, 1 h, 4 h, 40,5 h]: median 2,5 h; calendar resolution [7, 26, 48, 54 h]: median 37 h
      responseCalendarMedian: 2.5 * H,
      responseCalendarP90: 40.5 * H,
      resolutionCalendarMedian: 37 * H,
      resolutionCalendarP90: 54 * H,
      unresolved: 1,
    };
    expect(stats(table(body, 'groups').footer)).toEqual(total);
    expect(table(body, 'groups').rows.map(stats)).toEqual([total]);
    expect(table(body, 'groups').rows[0].label).toBe('2026-03');
    expect(body.figures.map((f: { key: string; value: unknown }) => [f.key, f.value])).toEqual([
      ['incidents', 5],
      ['responseCompliance', 6000],
      ['resolutionCompliance', 6000],
      ['responseMedian', 4500],
      ['resolutionMedian', 25200],
      ['resolutionP90', 36000],
    ]);

    // Worst cases: C resolved 60 min late, then D still running past its deadline, then E (response only).
    const worst = table(body, 'worstCases').rows;
    expect(worst.map((r) => r.number)).toEqual([number.C, number.D, number.E]);
    expect(worst[0]).toMatchObject({
      receivedAt: '2026-03-16T09:00:00.000Z',
      firstResponseAt: '2026-03-16T10:00:00.000Z',
      resolvedAt: '2026-03-18T15:00:00.000Z',
      closedAt: '2026-03-18T16:00:00.000Z',
      responseTarget: 240 * 60,
      responseBusiness: 60 * 60,
      responseCalendar: H,
      resolutionTarget: 240 * 60,
      resolutionBusiness: 300 * 60,
      resolutionCalendar: 54 * H,
      closeBusiness: 360 * 60,
      closeCalendar: 55 * H,
      resolutionDue: null,
      link: `/incidents/${id.C}`,
    });
    expect(worst[1]).toMatchObject({ responseBusiness: null, resolutionBusiness: null, resolutionDue: '2026-03-17T13:00:00.000Z' });
  });

  it('per priority and per week, each group with its own figures', async () => {
    const byPriority = await get(`from=2026-03-16&to=2026-03-22&customerId=${customerId}&groupBy=priority`);
    const rows = table(byPriority, 'groups').rows;
    expect(rows.map((r) => [r.label, r.incidents, r.responseCompliance, r.resolutionCompliance, r.responseMedian, r.responseP90, r.resolutionMedian, r.resolutionP90])).toEqual([
      ['P1T — Alta', 3, 6667, 10000, 90 * 60, 240 * 60, 480 * 60, 600 * 60],
      ['P2T — Media', 2, 5000, 0, 60 * 60, 60 * 60, 300 * 60, 300 * 60],
    ]);
    expect(rows[0].link).toBe('/reports/incidents?priorityCode=P1T&from=2026-03-16&to=2026-03-22');

    const byWeek = await get(`from=2026-03-09&to=2026-03-22&customerId=${customerId}&groupBy=week`);
    expect(table(byWeek, 'groups').rows.map((r) => [r.label, r.incidents, r.responseMedian, r.resolutionMedian, r.responseCompliance])).toEqual([
      ['2026-03-09', 1, 30 * 60, 60 * 60, 10000],
      ['2026-03-16', 5, 75 * 60, 420 * 60, 6000],
    ]);

    const byReason = await get(`from=2026-03-09&to=2026-03-22&customerId=${customerId}&groupBy=reason&priorityCode=P1T`);
    expect(table(byReason, 'groups').rows.map((r) => [r.label, r.incidents])).toEqual([['IMP — Impresión', 4]]);
    const bad = await t.admin.get(`/reports/incident-times?from=2026-03-16&to=2026-03-22&groupBy=colour`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'groupBy' });
  });

  it('as CSV and PDF, in Spanish and English', async () => {
    const csv = await t.admin.get(`/reports/incident-times?from=2026-03-16&to=2026-03-22&customerId=${customerId}&groupBy=priority&format=csv&table=groups`);
    expect(csv.status, csv.text).toBe(200);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].split(';').slice(0, 4)).toEqual(['Prioridad', 'Incidencias', 'Cumplimiento respuesta (%)', 'Cumplimiento resolución (%)']);
    expect(lines[1].split(';').slice(0, 4)).toEqual(['P1T — Alta', '3', '66,67', '100,00']);
    const en = await t.admin.withLanguage('en').get(`/reports/incident-times?from=2026-03-16&to=2026-03-22&customerId=${customerId}`);
    expect(en.body.title).toBe('Incident time analysis');
    const auth = (t.admin as unknown as { auth: { cookie: string } }).auth;
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/reports/incident-times?from=2026-03-16&to=2026-03-22&customerId=${customerId}&format=pdf`, headers: { cookie: auth.cookie } });
    expect(pdf.statusCode, pdf.body).toBe(200);
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Análisis de tiempo de las incidencias');
    expect(text).toContain(number.C);
  });
});
