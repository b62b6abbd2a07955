/**
 * The incident report and the root-cause statistics, on both engines, against incidents worked out
 * by hand (written straight into the tables so their received dates are the ones below).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type Agent, type TestApp } from '../../../../test/harness.ts';
import { pdfText } from '../../../../test/pdf.ts';
import { systemCtx } from '../../context.ts';
import { incidentCatalogs } from '../incidents/incidents.fixtures.ts';
import { runReport } from './reports.service.ts';
import { rebuildReportSummaries, rebuildSerialGapSummary } from './summaries.service.ts';
import { rebuildFreeSupplies } from './root-summaries.service.ts';

describe.each(DIALECTS)('incident reports on %s', (dialect) => {
  let t: TestApp;
  let sup: Agent;
  let customerId: number;
  const ids: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sup = (await t.userWithRole('supervisor')).agent;
    for (const [code, es, parentCode] of [
      ['RX', 'Impresión', null],
      ['RX1', 'Atasco', 'RX'],
      ['RX2', 'Fusor', 'RX'],
      ['RY', 'Imagen', null],
      ['RY1', 'Sin imagen', 'RY'],
    ] as const) {
      const r = await t.admin.post('/catalogs/reason-codes', { code, descriptionEs: es, descriptionEn: `${es} (en)`, ...(parentCode ? { parentCode } : {}) });
      expect(r.status, r.text).toBe(201);
    }
    const c = await t.admin.post('/customers', { code: 'RC1', name: 'Causas SA' });
    customerId = Number(c.body.id);
    const item = async (code: string, description: string) => {
      const r = await t.admin.post('/items', { code, description, kind: 'product', unitPriceCents: 10000, vatRate: 2100, warrantyMonths: 24, serialized: true });
      expect(r.status, r.text).toBe(201);
      return Number(r.body.id);
    };
    const imp = await item('IMP-1', 'Impresora');
    const mon = await item('MON-2', 'Monitor');
    const ton = await item('TON', 'Tóner');
    const fus = await item('FUS', 'Fusor');
    // Units in service at the end of March: IMP-1 four, MON-2 two (a third is sold in April).
    for (const [serial, itemId, sale] of [
      ['SN-A', imp, '2025-01-10'],
      ['SN-B', imp, '2025-02-10'],
      ['SN-X1', imp, '2025-03-10'],
      ['SN-X2', imp, '2026-03-31'],
      ['SN-C', mon, '2025-05-10'],
      ['SN-X3', mon, '2025-06-10'],
      ['SN-X4', mon, '2026-04-15'],
    ] as const) {
      const u = await t.admin.post('/units', { serialNumber: serial, itemId: String(itemId), customerId: String(customerId), saleDate: sale });
      expect(u.status, u.text).toBe(201);
    }
    const incidents: Array<[string, string | null, number | null, string, string | null, string, string]> = [
      // received, serial, item, reason, specific, case type, symptom
      ['2026-03-02', 'SN-A', imp, 'RX', 'RX1', 'warranty', 'La impresora no imprime'],
      ['2026-03-12', 'SN-A', imp, 'RX', 'RX1', 'warranty', 'No imprime, atasco de papel'],
      ['2026-03-30', 'SN-A', imp, 'RX', 'RX2', 'courtesy', 'Atasco de papel'],
      ['2026-03-03', 'SN-B', imp, 'RX', 'RX1', 'billable', 'Ruido al imprimir'],
      ['2026-03-25', 'SN-B', imp, 'RY', 'RY1', 'billable', 'Pantalla en negro'],
      ['2026-03-10', 'SN-C', mon, 'RX', 'RX1', 'warranty', 'Pantalla en negro'],
      ['2026-03-15', null, null, 'RY', null, 'billable', 'Consulta de pantalla'],
      ['2026-02-20', 'SN-C', mon, 'RX', 'RX1', 'warranty', 'Fuera del periodo'],
    ];
    for (const [n, [day, serial, itemId, reason, specific, caseType, symptom]] of incidents.entries()) {
      const at = `${day}T10:00:00.000Z`;
      const r = await t.database.db
        .insertInto('incidents')
        .values({
          number: `INC-2026-${String(900001 + n)}`,
          year: 2026,
          seq: 900001 + n,
          received_at: at,
          registered_at: at,
          registered_by: Number(t.adminId),
          customer_id: customerId,
          serial_number: serial,
          item_id: itemId,
          under_warranty: caseType === 'warranty',
          under_contract: false,
          case_type: caseType,
          reason_code: reason,
          specific_reason_code: specific,
          symptom,
          status_code: 'AB',
          priority_code: 'P2',
          stage: 'open',
          is_open: true,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(r.id);
    }
    const supply = (incident: number, itemId: number, qtyMilli: number, cost: number, at: string) =>
      t.database.db
        .insertInto('incident_supplies')
        .values({ incident_id: ids[incident], item_id: itemId, description: 'x', quantity_milli: qtyMilli, unit_price_cents: cost, cost_cents: cost, vat_rate_bp: 2100, created_at: at, updated_at: at })
        .execute();
    await supply(0, ton, 1000, 2500, '2026-03-02T11:00:00Z'); // warranty 25,00
    await supply(1, ton, 2000, 2500, '2026-03-12T11:00:00Z'); // warranty 50,00
    await supply(2, fus, 1500, 1000, '2026-03-30T11:00:00Z'); // courtesy 15,00
    await supply(3, ton, 1000, 2500, '2026-03-03T11:00:00Z'); // billable: not counted
    await supply(5, ton, 1000, 2500, '2026-03-31T22:30:00Z'); // warranty, 00:30 on 1 April in Madrid: April
    // Written past the services: the report summaries are recomputed as `atiende reports rebuild` does.
    await rebuildReportSummaries(systemCtx(t.database, t.config));
    await rebuildSerialGapSummary(systemCtx(t.database, t.config));
    await rebuildFreeSupplies(systemCtx(t.database, t.config));
  });
  afterAll(() => t.close());

  const q = (extra = '') => `from=2026-03-01&to=2026-03-31&customerId=${customerId}${extra}`;
  const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ link: _l, ...r }) => r);

  it('root causes: the Pareto of reasons, general → specific, items per 100 units, case types and symptom words', async () => {
    const res = await sup.get(`/reports/root-causes?${q()}`);
    expect(res.status, res.text).toBe(200);
    const table = (id: string) => res.body.tables.find((x: { id: string }) => x.id === id);
    // 7 incidents in March: RX 5 (71,43 %), RY 2.
    expect(strip(table('byReason').rows)).toEqual([
      { label: 'RX — Impresión', incidents: 5, share: 7143, cumulative: 7143 },
      { label: 'RY — Imagen', incidents: 2, share: 2857, cumulative: 10000 },
    ]);
    expect(table('byReason').chart).toEqual({ type: 'pareto', category: 'label', series: ['incidents', 'cumulative'] });
    expect(table('bySpecificReason').rows).toEqual([
      { label: 'RX — Impresión → RX1 — Atasco', incidents: 4, share: 5714, cumulative: 5714 },
      { label: 'RX — Impresión → RX2 — Fusor', incidents: 1, share: 1429, cumulative: 7143 },
      { label: 'RY — Imagen → (sin específico)', incidents: 1, share: 1429, cumulative: 8571 },
      { label: 'RY — Imagen → RY1 — Sin imagen', incidents: 1, share: 1429, cumulative: 10000 },
    ]);
    // IMP-1: 5 incidents over 4 units in service = 125 per 100; MON-2: 1 over 2 = 50.
    expect(table('byItem').rows).toEqual([
      { label: 'IMP-1 Impresora', incidents: 5, unitsInService: 4, per100: 125 },
      { label: '(sin artículo)', incidents: 1, unitsInService: null, per100: null },
      { label: 'MON-2 Monitor', incidents: 1, unitsInService: 2, per100: 50 },
    ]);
    expect(strip(table('byCaseType').rows).sort((a, b) => String(a.label).localeCompare(String(b.label)))).toEqual([
      { label: 'Cortesía', incidents: 1, share: 1429 },
      { label: 'Facturable', incidents: 3, share: 4286 },
      { label: 'Garantía', incidents: 3, share: 4286 },
    ]);
    expect(table('symptomWords').rows.slice(0, 6)).toEqual([
      { word: 'pantalla', incidents: 3 },
      { word: 'atasco', incidents: 2 },
      { word: 'imprime', incidents: 2 },
      { word: 'negro', incidents: 2 },
      { word: 'papel', incidents: 2 },
      { word: 'consulta', incidents: 1 },
    ]);
  });

  it('repeat failures per serial within N days, the N chosen', async () => {
    const within = async (days: number) => {
      const res = await sup.get(`/reports/root-causes?${q(`&days=${days}`)}`);
      return res.body.tables.find((x: { id: string }) => x.id === 'repeatFailures').rows;
    };
    // SN-A: 2 → 12 March (10 days) → 30 March (18 days); SN-B: 3 → 25 March (22 days).
    expect(strip(await within(20))).toEqual([
      { serial: 'SN-A', item: 'IMP-1 Impresora', incidents: 3, repeats: 2, shortestGapDays: 10, numbers: 'INC-2026-900001, INC-2026-900002, INC-2026-900003' },
    ]);
    const thirty = await within(30);
    expect(thirty.map((r: { serial: string; repeats: number }) => [r.serial, r.repeats])).toEqual([
      ['SN-A', 2],
      ['SN-B', 1],
    ]);
    expect(thirty[0].link).toBe(`/incidents/${ids[2]}`);
    expect((await within(5))).toEqual([]);
    const bad = await sup.get(`/reports/root-causes?${q('&days=0')}`);
    expect(bad.body.errors[0]).toMatchObject({ field: 'days' });
  });

  it('repeat failures and free supplies with no filter but the period (the serial index and the SQL sums), a gap of exactly N days counting', async () => {
    const res = await sup.get('/reports/root-causes?from=2026-03-01&to=2026-04-30&days=22');
    expect(res.status, res.text).toBe(200);
    const table = (id: string) => res.body.tables.find((x: { id: string }) => x.id === id);
    // SN-B: 3 → 25 March 10:00 UTC, exactly 22 days; SN-A 10 and 18 days; SN-C's February incident is out of the period.
    expect(strip(table('repeatFailures').rows)).toEqual([
      { serial: 'SN-A', item: 'IMP-1 Impresora', incidents: 3, repeats: 2, shortestGapDays: 10, numbers: 'INC-2026-900001, INC-2026-900002, INC-2026-900003' },
      { serial: 'SN-B', item: 'IMP-1 Impresora', incidents: 2, repeats: 1, shortestGapDays: 22, numbers: 'INC-2026-900004, INC-2026-900005' },
    ]);
    const shorter = await sup.get('/reports/root-causes?from=2026-03-01&to=2026-04-30&days=21');
    expect(shorter.body.tables.find((x: { id: string }) => x.id === 'repeatFailures').rows.map((r: { serial: string }) => r.serial)).toEqual(['SN-A']);
    expect(table('freeSupplies').rows).toEqual([
      { month: '2026-03', item: 'TON Tóner', warranty: 7500, courtesy: 0, total: 7500 },
      { month: '2026-03', item: 'FUS Fusor', warranty: 0, courtesy: 1500, total: 1500 },
      { month: '2026-04', item: 'TON Tóner', warranty: 2500, courtesy: 0, total: 2500 },
    ]);
    // A period starting mid-month: the line of 12 March (50,00) is out, the month keys stay calendar months.
    const mid = await sup.get('/reports/root-causes?from=2026-03-13&to=2026-04-30');
    expect(mid.body.tables.find((x: { id: string }) => x.id === 'freeSupplies').rows).toEqual([
      { month: '2026-03', item: 'FUS Fusor', warranty: 0, courtesy: 1500, total: 1500 },
      { month: '2026-04', item: 'TON Tóner', warranty: 2500, courtesy: 0, total: 2500 },
    ]);
  });

  it('cost of supplies given under warranty and courtesy, per item and month (Madrid months)', async () => {
    const res = await sup.get(`/reports/root-causes?from=2026-03-01&to=2026-04-30&customerId=${customerId}`);
    const costs = res.body.tables.find((x: { id: string }) => x.id === 'freeSupplies');
    expect(costs.rows).toEqual([
      { month: '2026-03', item: 'TON Tóner', warranty: 7500, courtesy: 0, total: 7500 },
      { month: '2026-03', item: 'FUS Fusor', warranty: 0, courtesy: 1500, total: 1500 },
      { month: '2026-04', item: 'TON Tóner', warranty: 2500, courtesy: 0, total: 2500 },
    ]);
    expect(costs.footer).toMatchObject({ warranty: 10000, courtesy: 1500, total: 11500 });
    expect(res.body.figures.find((f: { key: string }) => f.key === 'freeSuppliesCost').value).toBe(11500);
    const csv = await sup.get(`/reports/root-causes?from=2026-03-01&to=2026-04-30&customerId=${customerId}&format=csv&table=freeSupplies`);
    expect(csv.text.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual([
      'Mes;Artículo;Garantía (€);Cortesía (€);Total (€)',
      '2026-03;TON Tóner;75,00;0,00;75,00',
      '2026-03;FUS Fusor;0,00;15,00;15,00',
      '2026-04;TON Tóner;25,00;0,00;25,00',
      ';Total;100,00;15,00;115,00',
    ]);
  });

  it('incident report: the filtered list with the columns chosen, as CSV and PDF', async () => {
    const res = await sup.get(`/reports/incidents?${q('&caseType=warranty&columns=number,customer,caseType,specificReason')}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.tables[0].columns.map((c: { label: string }) => c.label)).toEqual(['Número', 'Cliente', 'Tipo de caso', 'Motivo específico']);
    expect(strip(res.body.tables[0].rows)).toEqual([
      { number: 'INC-2026-900002', customer: 'RC1 Causas SA', caseType: 'Garantía', specificReason: 'RX1 — Atasco' },
      { number: 'INC-2026-900006', customer: 'RC1 Causas SA', caseType: 'Garantía', specificReason: 'RX1 — Atasco' },
      { number: 'INC-2026-900001', customer: 'RC1 Causas SA', caseType: 'Garantía', specificReason: 'RX1 — Atasco' },
    ]);
    expect(res.body.tables[0].rows[0].link).toBe(`/incidents/${ids[1]}`);
    expect(res.body.figures[0]).toMatchObject({ key: 'incidents', value: 3 });
    expect(res.body.filterLabels).toEqual(['Cliente: RC1 Causas SA', 'Tipo de caso: Garantía']);
    const csv = await sup.withLanguage('en').get(`/reports/incidents?${q('&columns=number,receivedAt,item')}&format=csv`);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Number;Received;Item');
    expect(lines[1]).toBe('INC-2026-900003;30/03/2026, 12:00;IMP-1 Impresora'); // 10:00 UTC = 12:00 in Madrid (summer time)
    expect(lines).toHaveLength(8);
    const auth = (sup as unknown as { auth: { cookie: string } }).auth;
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/reports/incidents?${q()}&format=pdf`, headers: { cookie: auth.cookie } });
    expect(pdf.statusCode).toBe(200);
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Informe de incidencias');
    expect(text).toContain('INC-2026-900007');
    expect(text).not.toContain('INC-2026-900008');
    const bad = await sup.get(`/reports/incidents?${q('&columns=number,price')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'columns', code: 'report_column_unknown' });
    expect(bad.body.errors[0].message).toContain('price');
  });

  it('repeat failures: the top 50 units (most repeats, then the latest repeat, then the serial) and the count of them all, from the gaps and from the incidents alike, with filters', async () => {
    const ctx = { ...systemCtx(t.database, t.config), actor: { userId: Number(t.adminId), username: 'admin', name: 'Admin', role: 'admin', language: 'es', timeZone: 'Europe/Madrid', via: 'system' } as ReturnType<typeof systemCtx>['actor'] };
    const other = Number((await t.admin.post('/customers', { code: 'RC2', name: 'Repeticiones SL' })).body.id);
    const itemRes = await t.admin.post('/items', { code: 'TOP-IT', description: 'Equipo', kind: 'product', unitPriceCents: 10000, vatRate: 2100, warrantyMonths: 24, serialized: true });
    expect(itemRes.status, itemRes.text).toBe(201);
    const unitOf = async (serial: string, owner: number) => {
      const u = await t.admin.post('/units', { serialNumber: serial, itemId: String(itemRes.body.id), customerId: String(owner), saleDate: '2025-01-10' });
      expect(u.status, u.text).toBe(201);
      return Number(u.body.id);
    };
    const [unitA, unit99] = [await unitOf('TOP-A', customerId), await unitOf('T-99', other)];
    const ts = (day: string, time = '10:00:00.000') => `2025-06-${day}T${time}Z`;
    // [serial, customer, unit, received instants]; the window is 5 days.
    const units: Array<[string, number, number | null, string[]]> = [
      ['TOP-A', customerId, unitA, [ts('01'), ts('05'), ts('09')]], // 2 repeats, the latest on 9 June
      ['TOP-B', customerId, null, [ts('02'), ts('06'), ts('10')]], // 2 repeats, the latest on 10 June: before TOP-A
      ['T-99', other, unit99, [ts('20'), ts('21')]], // 1 repeat on 21 June: first of the single repeats
      ...Array.from({ length: 51 }, (_, k): [string, number, null, string[]] => [`T-${String(k).padStart(2, '0')}`, customerId, null, [ts('10'), ts('11')]]), // 1 repeat each, all on 11 June: by serial
      ['EDGE-1', customerId, null, [ts('03'), ts('08')]], // exactly 5 days: a repeat, the latest on 8 June (last)
      ['EDGE-2', customerId, null, [ts('03'), ts('08', '10:00:00.400')]], // 5 days and 400 ms (432,000 s rounded): not one
      ['EDGE-3', customerId, null, [ts('03'), ts('08', '10:00:00.600')]], // 5 days and 600 ms (432,001 s): not one
      ['PRE', customerId, null, ['2025-05-30T10:00:00.000Z', ts('02')]], // the first one before the period: not one
    ];
    let seq = 800_001;
    const rows = units.flatMap(([serial, owner, unit, instants]) =>
      instants.map((at) => {
        const n = seq++;
        return {
          number: `INC-2025-${n}`, year: 2025, seq: n, received_at: at, registered_at: at, registered_by: Number(t.adminId), customer_id: owner, serial_number: serial, unit_id: unit, item_id: null,
          under_warranty: false, under_contract: false, case_type: 'billable', reason_code: 'RX', specific_reason_code: null, symptom: 'Vuelve a fallar', status_code: 'AB', priority_code: 'P2', stage: 'open', is_open: true, updated_at: at,
        };
      }),
    );
    const inserted = await t.database.db.insertInto('incidents').values(rows).returning(['id', 'serial_number']).execute();
    const latestOf = (serial: string) => Math.max(...inserted.filter((r) => r.serial_number === serial).map((r) => Number(r.id)));
    await rebuildReportSummaries(systemCtx(t.database, t.config));
    await rebuildSerialGapSummary(systemCtx(t.database, t.config));

    const june = { from: '2025-06-01', to: '2025-06-30' };
    const section = async (q: Record<string, string | number>, source?: 'raw', locale: 'es' | 'en' = 'es') => {
      const r = await runReport({ ...ctx, locale }, 'root-causes', q, source ? { source } : {});
      const table = r.tables.find((x) => x.id === 'repeatFailures')!;
      return { total: r.figures.find((f) => f.key === 'repeatUnits')!.value, title: table.title, rows: table.rows as Array<Record<string, unknown>>, serials: table.rows.map((row) => row.serial) };
    };
    const tied = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => `T-${String(from + k).padStart(2, '0')}`);

    // No filter but the period: the serial gaps answer; the incidents read directly answer the same.
    const all = await section({ ...june, days: 5 });
    expect(all.total).toBe(55);
    expect(all.serials).toEqual(['TOP-B', 'TOP-A', 'T-99', ...tied(0, 46)]);
    expect(all.title).toBe('Fallos repetidos por número de serie (5 días): las 50 unidades con más repeticiones de 55');
    expect(all.rows[1]).toEqual({ serial: 'TOP-A', item: null, incidents: 3, repeats: 2, shortestGapDays: 4, numbers: 'INC-2025-800001, INC-2025-800002, INC-2025-800003', link: `/incidents?view=all&unitId=${unitA}` });
    expect(all.rows[0].link).toBe(`/incidents/${latestOf('TOP-B')}`);
    expect(await section({ ...june, days: 5 }, 'raw')).toEqual(all);
    expect((await section({ ...june, days: 5 }, undefined, 'en')).title).toBe('Repeat failures per serial number (5 days): the top 50 of 55 units');

    // A window of 3 days: TOP-A and TOP-B (4 days apart) and EDGE-1 drop out.
    const three = await section({ ...june, days: 3 });
    expect(three.total).toBe(52);
    expect(three.serials).toEqual(['T-99', ...tied(0, 48)]);
    expect(await section({ ...june, days: 3 }, 'raw')).toEqual(three);

    // A filter the gaps cannot answer: the window runs over that customer's incidents.
    const mine = await section({ ...june, days: 5, customerId: String(customerId) });
    expect(mine.total).toBe(54);
    expect(mine.serials).toEqual(['TOP-B', 'TOP-A', ...tied(0, 47)]);
    const theirs = await section({ ...june, days: 5, customerId: String(other) });
    expect(theirs).toMatchObject({ total: 1, serials: ['T-99'], title: 'Fallos repetidos por número de serie (5 días)' });
    expect(theirs.rows[0].link).toBe(`/incidents?view=all&unitId=${unit99}`);

    // Over HTTP: the figure, and the CSV carries the same 50 rows as the screen.
    const res = await sup.get('/reports/root-causes?from=2025-06-01&to=2025-06-30&days=5');
    expect(res.status, res.text).toBe(200);
    expect(res.body.figures.find((f: { key: string }) => f.key === 'repeatUnits').value).toBe(55);
    const csv = await sup.get('/reports/root-causes?from=2025-06-01&to=2025-06-30&days=5&format=csv&table=repeatFailures');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(51);
    expect(lines[1]).toMatch(/^TOP-B;/);
  });

  it('the serial gaps (repeat failures with no filter but the period) follow incident writes and equal the incidents read directly and a rebuild', async () => {
    const ctx = { ...systemCtx(t.database, t.config), actor: { userId: Number(t.adminId), username: 'admin', name: 'Admin', role: 'admin', language: 'es', timeZone: 'Europe/Madrid', via: 'system' } as ReturnType<typeof systemCtx>['actor'] };
    const unit = async (serial: string) => Number((await t.database.db.selectFrom('units').select('id').where('serial_number', '=', serial).executeTakeFirstOrThrow()).id);
    const [x1, x3] = [await unit('SN-X1'), await unit('SN-X3')];
    const today = new Date().toISOString().slice(0, 10);
    const period = { from: new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10), to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) };
    const repeats = async (source?: 'raw') => {
      const r = await runReport(ctx, 'root-causes', period, source ? { source } : {});
      return (r.tables.find((x) => x.id === 'repeatFailures')!.rows as Array<Record<string, unknown>>).map((row) => [row.serial, row.incidents, row.repeats]);
    };
    const gapRows = async () => (await t.database.db.selectFrom('report_serial_gaps').selectAll().orderBy('incident_id').execute()).map((r) => ({ ...r, incident_id: Number(r.incident_id), gap_s: r.gap_s === null ? null : Number(r.gap_s), received_at: new Date(r.received_at).toISOString(), prev_received_at: r.prev_received_at === null ? null : new Date(r.prev_received_at).toISOString() }));
    const same = async (expected: unknown[]) => {
      expect(await repeats()).toEqual(expected);
      expect(await repeats('raw')).toEqual(expected);
    };

    // Two incidents of SN-X1 today (through the service: the hooks keep the gaps), then one moved to SN-X3 and back.
    await incidentCatalogs(t);
    const first = await t.admin.post('/incidents', { customerId: String(customerId), unitId: String(x1), symptom: 'No arranca' });
    expect(first.status, first.text).toBe(201);
    await same([]);
    const second = await t.admin.post('/incidents', { customerId: String(customerId), unitId: String(x1), symptom: 'Vuelve a fallar' });
    expect(second.status, second.text).toBe(201);
    await same([['SN-X1', 2, 1]]);
    const moved = await t.admin.patch(`/incidents/${second.body.id}`, { unitId: String(x3) });
    expect(moved.status, moved.text).toBe(200);
    await same([]);
    expect((await t.admin.patch(`/incidents/${second.body.id}`, { unitId: String(x1) })).status).toBe(200);
    await same([['SN-X1', 2, 1]]);
    expect(today >= period.from).toBe(true);
    // An intake received before both (two days ago): its row is new and the next incident's previous one moves to it.
    const backdated = await t.admin.post('/incidents', { customerId: String(customerId), unitId: String(x1), symptom: 'Ya fallaba', receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    expect(backdated.status, backdated.text).toBe(201);
    const rebuilt = (await repeats('raw'))[0];
    expect(await repeats()).toEqual([rebuilt]);
    expect(rebuilt?.[0]).toBe('SN-X1');

    // What the writes left is exactly what a rebuild computes from the incidents.
    const kept = await gapRows();
    expect(kept.filter((r) => r.serial_number === 'SN-X1')).toHaveLength(3);
    expect(kept.find((r) => r.incident_id === Number(first.body.id))?.prev_received_at).toBe(new Date(backdated.body.receivedAt).toISOString());
    expect(kept.filter((r) => r.serial_number === 'SN-X3')).toHaveLength(0);
    await rebuildSerialGapSummary(ctx);
    expect(await gapRows()).toEqual(kept);
  });
});
