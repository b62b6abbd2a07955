/**
 * The reports through the API, on both engines, against small data sets worked out by hand.
 * Stamps the API never accepts (registered_at, finished_at…) are written straight into the tables
 * here, so the periods and durations are exactly the ones worked out below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type Agent, type TestApp } from '../../../../test/harness.ts';
import { pdfText } from '../../../../test/pdf.ts';

/** GET as the agent, returning the raw bytes (PDF). */
async function rawGet(t: TestApp, agent: Agent, url: string) {
  const auth = (agent as unknown as { auth: { cookie?: string; language?: string } }).auth;
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: auth.cookie ?? '', ...(auth.language ? { 'accept-language': auth.language } : {}) } });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
}

const min = (n: number) => n * 60_000;

describe.each(DIALECTS)('reports on %s', (dialect) => {
  let t: TestApp;
  let ana: { agent: Agent; id: string };
  let bob: { agent: Agent; id: string };
  let groupId: string;
  let customerId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const [catalog, entry] of [
      ['call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true }],
      ['call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true }],
      ['call-types', { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Breakdown', isDefault: true }],
      ['call-types', { code: 'CO', descriptionEs: 'Consulta', descriptionEn: 'Question' }],
      ['activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', pending: true, isDefault: true }],
      ['origins', { code: 'TE', descriptionEs: 'Teléfono', descriptionEn: 'Phone' }],
      ['origins', { code: 'WE', descriptionEs: 'Web', descriptionEn: 'Web' }],
      ['problem-types', { code: 'HW', descriptionEs: 'Hardware', descriptionEn: 'Hardware' }],
      ['problem-types', { code: 'SW', descriptionEs: 'Software', descriptionEn: 'Software' }],
      ['solution-types', { code: 'EM', descriptionEs: 'Correo al cliente', descriptionEn: 'E-mail the customer' }],
      ['solution-types', { code: 'TA', descriptionEs: 'Tarea', descriptionEn: 'Task' }],
    ] as const) expect((await t.admin.post(`/catalogs/${catalog}`, entry)).status).toBe(201);
    ana = await t.userWithRole('agent', { name: 'Ana Ruiz' });
    bob = await t.userWithRole('agent', { name: 'Bob Gil' });
    const g = await t.admin.post('/groups', { code: 'SAT', name: 'Servicio técnico', memberIds: [ana.id] });
    expect(g.status).toBe(201);
    groupId = g.body.id;
    const c = await t.admin.post('/customers', { code: 'INF1', name: 'Informes SA' });
    expect(c.status).toBe(201);
    customerId = Number(c.body.id);

    // ---- calls, worked out by hand (Europe/Madrid: UTC+1 until 29 March, UTC+2 after)
    const calls: Array<{ at: string; type: string; to: ['u' | 'g', string]; minutes?: number; by?: string | null; postponed?: string }> = [
      { at: '2026-02-28T23:00:00Z', type: 'AV', to: ['u', ana.id], minutes: 10, by: 'activity' }, // 00:00 on 1 March in Madrid: in
      { at: '2026-03-05T09:00:00Z', type: 'AV', to: ['u', ana.id], minutes: 20, by: 'activity' },
      { at: '2026-03-06T09:00:00Z', type: 'AV', to: ['u', ana.id], minutes: 30, by: null },
      { at: '2026-03-07T09:00:00Z', type: 'AV', to: ['g', groupId], minutes: 40, by: 'task' },
      { at: '2026-03-08T09:00:00Z', type: 'AV', to: ['g', groupId], minutes: 120, by: 'incident' },
      { at: '2026-03-09T09:00:00Z', type: 'CO', to: ['u', ana.id], minutes: 5, by: null },
      { at: '2026-03-10T09:00:00Z', type: 'CO', to: ['u', bob.id] },
      { at: '2026-03-11T09:00:00Z', type: 'CO', to: ['u', bob.id], postponed: '2099-01-01T08:00:00Z' },
      { at: '2026-03-31T21:59:00Z', type: 'AV', to: ['u', ana.id], minutes: 600, by: 'activity' }, // 23:59 on 31 March: in
      { at: '2026-02-28T22:59:00Z', type: 'AV', to: ['u', ana.id], minutes: 1, by: null }, // 23:59 on 28 February: out
      { at: '2026-03-31T22:30:00Z', type: 'AV', to: ['u', ana.id], minutes: 1, by: null }, // 00:30 on 1 April: out
    ];
    for (const k of calls) {
      const finished = k.minutes !== undefined ? new Date(Date.parse(k.at) + min(k.minutes)).toISOString() : null;
      await t.database.db
        .insertInto('calls')
        .values({
          status_code: finished ? 'FI' : 'PE',
          customer_id: customerId,
          to_user_id: k.to[0] === 'u' ? Number(k.to[1]) : null,
          to_group_id: k.to[0] === 'g' ? Number(k.to[1]) : null,
          type_code: k.type,
          description: 'informe',
          registered_at: k.at,
          registered_by: Number(t.adminId),
          finished_at: finished,
          finished_by: finished ? Number(t.adminId) : null,
          finished_by_action_type: finished ? (k.by ?? null) : null,
          postponed_until: k.postponed ?? null,
          postpone_count: k.postponed ? 1 : 0,
          updated_at: k.at,
        })
        .execute();
    }

    // ---- technical activities
    // The third, of April, lies between March's activities by id (its failed action must not count:
    // the report reads actions by the range of the period's activity ids and checks the period).
    const acts: Array<{ origin: string; problem: string; solution: string | null; pending: boolean; at?: string; action?: [string, 'done' | 'failed', string | null] }> = [
      { origin: 'TE', problem: 'HW', solution: 'EM', pending: false, action: ['email_customer', 'done', null] },
      { origin: 'TE', problem: 'HW', solution: 'EM', pending: false, action: ['email_customer', 'failed', 'El cliente no tiene correo'] },
      { origin: 'TE', problem: 'HW', solution: 'EM', pending: false, at: '2026-04-02T10:00:00Z', action: ['email_customer', 'failed', 'Fuera del periodo'] },
      { origin: 'WE', problem: 'SW', solution: null, pending: true },
      { origin: 'TE', problem: 'SW', solution: 'TA', pending: false, action: ['create_task', 'done', null] },
    ];
    for (const [i, a] of acts.entries()) {
      const at = a.at ?? `2026-03-1${i}T10:00:00Z`;
      const row = await t.database.db
        .insertInto('activities')
        .values({ registered_at: at, registered_by: Number(t.adminId), status_code: 'HA', pending: a.pending, customer_id: customerId, origin_code: a.origin, problem_type_code: a.problem, problem: 'p', solution_type_code: a.solution, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (a.action) {
        await t.database.db
          .insertInto('activity_actions')
          .values({ activity_id: row.id, solution_type_code: a.solution!, kind: a.action[0], status: a.action[1], error: a.action[2], ran_at: at, ran_by: Number(t.adminId) })
          .execute();
      }
    }
  });
  afterAll(() => t.close());

  const march = () => `from=2026-03-01&to=2026-03-31&customerId=${customerId}`;

  it('lists the reports with the filters each takes', async () => {
    const res = await ana.agent.get('/reports');
    expect(res.status).toBe(200);
    const calls = res.body.items.find((r: { name: string }) => r.name === 'calls');
    expect(calls).toMatchObject({ title: 'Llamadas', printable: true });
    expect(calls.filters).toEqual(expect.arrayContaining(['from', 'to', 'customerId', 'typeCode', 'ownerUserId', 'groupId']));
  });

  it('calls: by type and destination, pending and postponed, median and p90 to finish, finished by action', async () => {
    const res = await ana.agent.get(`/reports/calls?${march()}`);
    expect(res.status).toBe(200);
    const fig = Object.fromEntries(res.body.figures.map((f: { key: string; value: unknown }) => [f.key, f.value]));
    // 9 calls in March (Madrid time); finished durations 5, 10, 20, 30, 40, 120, 600 min.
    // Median: the 4th of 7 = 30 min; p90: rank ⌈0.9·7⌉ = 7 → 600 min.
    expect(fig).toEqual({ calls: 9, finished: 7, pendingNow: 1, postponed: 1, median: 1800, p90: 36000 });
    const table = (id: string) => res.body.tables.find((x: { id: string }) => x.id === id);
    expect(table('byType').rows.map(({ link: _l, ...r }: Record<string, unknown>) => r)).toEqual([
      // AV: 10, 20, 30, 40, 120, 600 min → median (30+40)/2 = 35 min = 2100 s; p90 rank ⌈5.4⌉ = 6 → 600 min
      { label: 'AV — Avería', calls: 6, finished: 6, pending: 0, median: 2100, p90: 36000 },
      { label: 'CO — Consulta', calls: 3, finished: 1, pending: 2, median: 300, p90: 300 },
    ]);
    expect(table('byType').rows[0].link).toBe('/calls?view=all&type=AV&from=2026-03-01&until=2026-03-31');
    expect(table('byDestination').rows.map(({ link: _l, ...r }: Record<string, unknown>) => r)).toEqual([
      // Ana: 5, 10, 20, 30, 600 → median 20 min, p90 rank ⌈4.5⌉ = 5 → 600 min
      { label: 'Ana Ruiz', calls: 5, finished: 5, pending: 0, median: 1200, p90: 36000 },
      { label: 'Bob Gil', calls: 2, finished: 0, pending: 2, median: null, p90: null },
      // the group: 40 and 120 min → median 80 min; p90 rank ⌈1.8⌉ = 2 → 120 min
      { label: 'Grupo Servicio técnico', calls: 2, finished: 2, pending: 0, median: 4800, p90: 7200 },
    ]);
    // 7 finished: 3 by an activity (42.86 %), 2 by hand, 1 task, 1 incident
    expect(table('finishedBy').rows).toEqual([
      { label: 'Acción técnica', calls: 3, share: 4286 },
      { label: 'A mano (sin acción)', calls: 2, share: 2857 },
      { label: 'Incidencia', calls: 1, share: 1429 },
      { label: 'Tarea', calls: 1, share: 1429 },
    ]);
    expect(res.body).toMatchObject({ from: '2026-03-01', to: '2026-03-31', timeZone: 'Europe/Madrid' });
    expect(res.body.filterLabels).toEqual(['Cliente: INF1 Informes SA']);

    const onlyBob = await ana.agent.get(`/reports/calls?${march()}&ownerUserId=${bob.id}`);
    expect(onlyBob.body.figures.find((f: { key: string }) => f.key === 'calls').value).toBe(2);
    const onlyGroup = await ana.agent.get(`/reports/calls?${march()}&groupId=${groupId}&typeCode=AV`);
    expect(onlyGroup.body.figures.find((f: { key: string }) => f.key === 'median').value).toBe(4800);
  });

  it('calls in English and as CSV: localised headers, decimal comma in Spanish, hours', async () => {
    const en = await ana.agent.withLanguage('en').get(`/reports/calls?${march()}`);
    expect(en.body.title).toBe('Calls');
    expect(en.body.tables[0].rows[0].label).toBe('AV — Breakdown');
    const csv = await ana.agent.get(`/reports/calls?${march()}&format=csv&table=byType`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual([
      'Tipo;Llamadas;Finalizadas;Pendientes;Mediana hasta finalizar (h);P90 hasta finalizar (h)',
      'AV — Avería;6;6;0;0,58;10,00',
      'CO — Consulta;3;1;2;0,08;0,08',
    ]);
    const csvEn = await ana.agent.withLanguage('en').get(`/reports/calls?${march()}&format=csv&table=finishedBy`);
    expect(csvEn.text.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual(['Action;Calls;Share (%)', 'Technical activity;3;42.86', 'By hand (no action);2;28.57', 'Incident;1;14.29', 'Task;1;14.29']);
    const all = await ana.agent.get(`/reports/calls?${march()}&format=csv`);
    expect(all.text).toContain('Por tipo de llamada\r\nTipo;');
    expect(all.text).toContain('\r\n\r\nPor destino\r\n');
    const bad = await ana.agent.get(`/reports/calls?${march()}&format=csv&table=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'table', code: 'invalid_value' });
  });

  it('calls as PDF in Spanish and English, with the figures in the reader\'s locale', async () => {
    const es = await rawGet(t, ana.agent, `/reports/calls?${march()}&format=pdf`);
    expect(es.status).toBe(200);
    expect(es.headers['content-type']).toBe('application/pdf');
    expect(es.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(es.body);
    expect(text).toContain('Llamadas');
    expect(text).toContain('01/03/2026 – 31/03/2026');
    expect(text).toContain('Mediana hasta finalizar');
    expect(text).toContain('30 min');
    expect(text).toContain('10 h 00 min');
    expect(text).toContain('42,9 %');
    expect(text).toContain('Cliente: INF1 Informes SA');
    const en = await rawGet(t, ana.agent.withLanguage('en'), `/reports/calls?${march()}&format=pdf`);
    const textEn = await pdfText(en.body);
    expect(textEn).toContain('Median time to finish');
    expect(textEn).toContain('42.9 %');
    expect(textEn).toContain('Page 1 of');
  });

  it('technical activities: by origin, problem and solution type; automatic action failures', async () => {
    const res = await ana.agent.get(`/reports/activities?${march()}`);
    expect(res.status).toBe(200);
    const fig = Object.fromEntries(res.body.figures.map((f: { key: string; value: unknown }) => [f.key, f.value]));
    expect(fig).toEqual({ activities: 4, pending: 1, actionsRun: 3, actionsFailed: 1, failureRate: 3333 });
    const rows = (id: string) => res.body.tables.find((x: { id: string }) => x.id === id).rows.map(({ link: _l, ...r }: Record<string, unknown>) => r);
    expect(rows('byOrigin')).toEqual([
      { label: 'TE — Teléfono', activities: 3, pending: 0, share: 7500 },
      { label: 'WE — Web', activities: 1, pending: 1, share: 2500 },
    ]);
    expect(rows('byProblemType')).toEqual([
      { label: 'HW — Hardware', activities: 2, pending: 0, share: 5000 },
      { label: 'SW — Software', activities: 2, pending: 1, share: 5000 },
    ]);
    expect(rows('bySolutionType')).toEqual([
      { label: 'EM — Correo al cliente', activities: 2, pending: 0, share: 5000 },
      { label: '(sin indicar)', activities: 1, pending: 1, share: 2500 },
      { label: 'TA — Tarea', activities: 1, pending: 0, share: 2500 },
    ]);
    expect(rows('automaticActions')).toEqual([
      { label: 'E-mail al cliente', runs: 2, failed: 1, failureRate: 5000 },
      { label: 'Crear tarea', runs: 1, failed: 0, failureRate: 0 },
    ]);
    expect(rows('recentFailures')).toEqual([{ ranAt: '2026-03-11T10:00:00.000Z', activity: expect.stringMatching(/^#\d+$/), label: 'E-mail al cliente', error: 'El cliente no tiene correo' }]);
  });

  it('refuses bad filters with a field error naming each, and answers who may read reports', async () => {
    const notTaken = await ana.agent.get(`/reports/calls?${march()}&priorityCode=A&days=3`);
    expect(notTaken.status).toBe(400);
    expect(notTaken.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['priorityCode', 'report_filter_not_applicable'],
      ['days', 'report_filter_not_applicable'],
    ]);
    expect(notTaken.body.errors[0].message).toContain('no admite este filtro');
    const reversed = await ana.agent.get('/reports/calls?from=2026-03-31&to=2026-03-01');
    expect(reversed.body.errors[0]).toMatchObject({ field: 'to', code: 'date_order' });
    const unknown = await ana.agent.get('/reports/calls?customerId=999999');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'customerId', code: 'unknown_reference' });
    const badDate = await ana.agent.get('/reports/calls?from=2026-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors[0].field).toBe('from');
    expect((await ana.agent.get('/reports/calls?format=xls')).status).toBe(400);
    expect((await ana.agent.get('/reports/time?groupBy=region')).body.errors[0]).toMatchObject({ field: 'groupBy', code: 'invalid_value' });
    expect((await ana.agent.get('/reports/nothing')).status).toBe(404);
    expect((await t.anonymous.get('/reports/calls')).status).toBe(401);
    const readonly = await t.userWithRole('readonly');
    expect((await readonly.agent.get(`/reports/calls?${march()}`)).status).toBe(200);
  });

  it('time report as PDF (the projects page report, folded in)', async () => {
    const res = await rawGet(t, ana.agent, '/reports/time?groupBy=employee&from=2026-03-01&to=2026-03-31&format=pdf');
    expect(res.status).toBe(200);
    expect(await pdfText(res.body)).toContain('Dedicación por empleado');
  });
});
