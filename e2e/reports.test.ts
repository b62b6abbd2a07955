import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMPANY, seedBillingCatalogs } from '../src/server/modules/billing/billing.fixtures.ts';
import { todayIn } from '../src/shared/dates.ts';
import { describeBrowser, type E2E, expectNoSeriousA11y, injectAxe, openNav, shot, startE2E, switchLanguage } from './support.ts';

/**
 * Serious and critical accessibility violations in the page's main content (axe-core). The shared
 * PageHeader back link (its blue fails contrast on every page) is left out: not this area's.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await injectAxe(page);
  const result = await page.evaluate(async () => (window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run({ include: [['main']], exclude: [['main a[href$="/reports"]']] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describeBrowser('reports', () => {
  let env: E2E;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(() => env?.close());

  /** The catalogs an incident needs and a customer, created once for the steps that use incidents. */
  let incidentSetup: Promise<{ customerId: string }> | undefined;
  const incidentData = () =>
    (incidentSetup ??= (async () => {
      const post = async (path: string, body: Record<string, unknown>) => {
        const r = await env.api.post(path, body);
        expect([201, 400], r.text).toContain(r.status); // 400: already there (code_taken)
      };
      await post('/catalogs/incident-statuses', { code: 'AB', descriptionEs: 'Abierta', descriptionEn: 'Open', pending: true, isDefault: true });
      await post('/catalogs/priorities', { code: 'P1', descriptionEs: 'Crítica', descriptionEn: 'Critical', responseMinutes: 60, resolutionMinutes: 480, isDefault: true });
      await post('/catalogs/incident-event-types', { code: 'NOT', descriptionEs: 'Nota', descriptionEn: 'Note', isDefault: true });
      await post('/catalogs/reason-codes', { code: 'IMP', descriptionEs: 'Impresión', descriptionEn: 'Printing' });
      await post('/catalogs/reason-codes', { code: 'ALI', descriptionEs: 'Alimentación', descriptionEn: 'Power' });
      const customer = (await env.api.post('/customers', { code: 'INC1', name: 'Talleres Incidencia' })).body;
      return { customerId: customer.id as string };
    })());

  it('a supervisor opens the calls report on its chart with the table under it, filters in the address, and subscribes', async () => {
    for (const entry of [
      { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true },
      { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true },
    ]) await env.api.post('/catalogs/call-statuses', entry);
    const customer = (await env.api.post('/customers', { code: 'REP1', name: 'Informes Levante' })).body;
    const sup = await env.createUser('supervisor', { name: 'Sara Jefa' });
    for (let i = 0; i < 3; i++) {
      const r = await env.api.post('/calls', { customerId: customer.id, toUserId: sup.id, description: `Llamada ${i}` });
      expect(r.status, r.text).toBe(201);
    }
    const page = await env.newPage();
    await env.login(page, sup.username, sup.password);
    await page.goto('/reports');
    await page.locator('article').getByRole('link', { name: 'Llamadas', exact: true }).click();
    await page.getByTestId('chart-byType').waitFor();
    const figures = page.getByTestId('figures');
    await expect.poll(() => figures.textContent()).toMatch(/Llamadas en el periodo\s*3/);
    await expect.poll(() => page.getByTestId('table-byDestination').textContent()).toContain('Sara Jefa');
    await shot(page, 'reports/calls-es');
    expect(await seriousViolations(page)).toEqual([]);

    // A filter goes into the address and the report follows it.
    await page.getByLabel('Cliente').first().fill('Informes');
    await page.getByRole('option', { name: /Informes Levante/ }).click();
    await page.waitForURL(new RegExp(`customerId=${customer.id}`));
    await page.getByText('Cliente: REP1 Informes Levante').waitFor();

    await page.getByRole('button', { name: 'Suscribirse' }).click();
    await page.getByText('Suscripción creada').waitFor();
    const subs = (await env.api.get('/report-subscriptions')).body.items;
    expect(subs).toEqual([]); // the admin has none: the subscription is the supervisor's
    await page.goto('/reports');
    await page.getByTestId('subscriptions').getByText('Llamadas').waitFor();
    await shot(page, 'reports/list-es');
    expect(await seriousViolations(page)).toEqual([]);

    await switchLanguage(page, 'en');
    await page.goto(`/reports/calls?customerId=${customer.id}`);
    await page.getByTestId('chart-byType').waitFor();
    await page.getByText('Calls in the period').waitFor();
    await shot(page, 'reports/calls-en');
  });
  it("a supervisor reads the dashboard: each number opens the list behind it; refreshes itself; Spanish and English", async () => {
    const { customerId } = await incidentData();
    for (const [reasonCode, n] of [['IMP', 2], ['ALI', 1]] as const) {
      for (let i = 0; i < n; i++) {
        const r = await env.api.post('/incidents', { customerId, symptom: `No imprime ${reasonCode} ${i}`, reasonCode });
        expect(r.status, r.text).toBe(201);
      }
    }
    const expected = (await env.api.get('/reports/dashboard')).body;
    expect(expected.incidents.open.value).toBeGreaterThanOrEqual(3);
    const sup = await env.createUser('supervisor', { name: 'Marta Panel' });
    const page = await env.newPage();
    await env.login(page, sup.username, sup.password);
    await openNav(page, 'Panel del supervisor');
    await page.waitForURL(/\/dashboard$/);
    const open = page.getByTestId('dashboard-open');
    await expect.poll(() => open.textContent()).toBe(`Incidencias abiertas${expected.incidents.open.value}`);
    await expect.poll(() => page.getByTestId('dashboard-received-today').textContent()).toMatch(new RegExp(`^Recibidas hoy${expected.incidents.receivedToday.value}$`));
    await expect.poll(() => page.getByTestId('dashboard-reasons').textContent()).toMatch(/^IMP — Impresión\d+ · [\d,]+\s%ALI — Alimentación/);
    await page.getByTestId('dashboard-compliance').waitFor();
    await page.mouse.move(700, 780); // off the navigation link just clicked (its hover colours are not the page's)
    await shot(page, 'reports/dashboard-es');
    await expectNoSeriousA11y(page, 'dashboard');

    // Refreshes without a reload: a new incident shows up after "Actualizar" (and every minute by itself).
    const before = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    expect((await env.api.post('/incidents', { customerId, symptom: 'Otra más', reasonCode: 'IMP' })).status).toBe(201);
    await page.getByRole('button', { name: 'Actualizar' }).click();
    await page.getByTestId('dashboard-open').getByText(String(expected.incidents.open.value + 1), { exact: true }).waitFor();
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(before);

    // A number is a link to its list; a reason to the incident report filtered by it.
    await open.click();
    await page.waitForURL(/\/incidents\?view=open$/);
    await page.getByRole('tab', { name: /Abiertas|Open/, selected: true }).waitFor();
    await page.goBack();
    await page.getByTestId('dashboard-reasons').getByRole('link', { name: 'IMP — Impresión' }).click();
    await page.waitForURL(/\/reports\/incidents\?reasonCode=IMP&from=\d{4}-\d\d-01&to=/);
    await page.getByText('Motivo: IMP').waitFor();

    await switchLanguage(page, 'en');
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-open').getByText('Open incidents').waitFor();
    await page.getByText('SLA compliance').waitFor();
    await shot(page, 'reports/dashboard-en');
  });

  /** Clicks a CSV or PDF button and waits for the report file it asks for; a CSV is read back from the download it saves. */
  async function fileAnswer(page: Page, report: string, format: 'csv' | 'pdf', click: () => Promise<void>) {
    const [res, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/reports/${report}?`) && r.url().includes(`format=${format}`)),
      format === 'csv' ? page.waitForEvent('download') : Promise.resolve(null),
      click(),
    ]);
    const body = download ? fs.readFileSync(await download.path(), 'utf8') : '';
    return { status: res.status(), type: res.headers()['content-type'] ?? '', url: res.url(), body, file: download?.suggestedFilename() ?? '' };
  }

  it("a supervisor opens the root causes: a unit that failed again is listed with its repeats, and its serial opens that unit's incidents", async () => {
    const { customerId } = await incidentData();
    const item = await env.api.post('/items', { code: 'RC-IMP', description: 'Impresora de etiquetas RC', kind: 'product', unitPriceCents: 90000, vatRate: 2100, warrantyMonths: 24, serialized: true });
    expect(item.status, item.text).toBe(201);
    const unit = await env.api.post('/units', { serialNumber: 'RC-900-1', itemId: item.body.id, customerId, saleDate: '2026-01-15' });
    expect(unit.status, unit.text).toBe(201);
    const numbers: string[] = [];
    for (const symptom of ['No imprime la etiqueta', 'Vuelve a no imprimir']) {
      const r = await env.api.post('/incidents', { unitId: unit.body.id, symptom, reasonCode: 'IMP' });
      expect(r.status, r.text).toBe(201);
      numbers.push(r.body.number as string);
    }

    const sup = await env.createUser('supervisor', { name: 'Rosa Raíces' });
    const page = await env.newPage();
    await env.login(page, sup.username, sup.password);
    await page.goto('/reports/root-causes');
    const repeats = page.getByTestId('table-repeatFailures');
    await repeats.getByRole('heading', { name: 'Fallos repetidos por número de serie (30 días)' }).waitFor();
    // The unit's row: two incidents, one repeat, 0 days between them, both numbers.
    const row = repeats.locator('tr', { hasText: 'RC-900-1' });
    await expect.poll(() => row.textContent()).toMatch(/RC-900-1RC-IMP Impresora de etiquetas RC210/);
    await expect.poll(() => row.textContent()).toContain(numbers[1]);
    await expect.poll(() => page.getByTestId('figures').textContent()).toMatch(/Unidades con fallos repetidos \(30 días\)\s*[1-9]/);
    await shot(page, 'reports/root-causes-es');
    expect(await seriousViolations(page)).toEqual([]);

    // The serial opens the incident list of that unit: its two incidents and nothing else.
    await row.getByRole('link', { name: 'RC-900-1' }).click();
    await page.waitForURL(new RegExp(`/incidents\\?.*unitId=${unit.body.id}`));
    for (const n of numbers) await page.locator('tr[data-row]', { hasText: n }).waitFor();
    await expect.poll(() => page.locator('tr[data-row]').count()).toBe(2);
    // The list says it is that unit's; taking the filter away leaves the unit out of the address.
    await page.getByTestId('unit-filter').filter({ hasText: 'Equipo: RC-900-1' }).waitFor();
    await shot(page, 'reports/root-causes-unit-incidents-es');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Quitar el filtro del equipo RC-900-1' }).click();
    await expect.poll(() => page.url()).not.toContain('unitId=');
    await expect.poll(() => page.getByTestId('unit-filter').count()).toBe(0);
  });

  it('a supervisor opens the incident time analysis and the billing report from the Reports section: chart, table, a filter in the address, CSV and PDF; Spanish and English', async () => {
    const { customerId } = await incidentData();
    for (let i = 0; i < 2; i++) expect((await env.api.post('/incidents', { customerId, symptom: `Tiempos ${i}`, reasonCode: 'IMP' })).status).toBe(201);
    await seedBillingCatalogs(env.api);
    expect((await env.api.put('/billing/company', COMPANY)).status).toBe(200);
    const invoice = await env.api.post('/invoices', { customerId, paymentTermCode: 'T30', lines: [{ description: 'Reparación', quantityMilli: 1000, unitPriceCents: 10000, vatRateBp: 2100 }] });
    expect(invoice.status, invoice.text).toBe(201);
    // The company's today (Europe/Madrid): from 23:00 UTC in winter it is already tomorrow there.
    const today = todayIn('Europe/Madrid');
    expect((await env.api.post(`/invoices/${invoice.body.id}/payments`, { paidOn: today, amountCents: 2100, method: 'transfer' })).status).toBe(201);

    const sup = await env.createUser('supervisor', { name: 'Tomás Tiempos' });
    const page = await env.newPage();
    await env.login(page, sup.username, sup.password);
    await openNav(page, 'Informes');
    await page.locator('article').getByRole('link', { name: 'Análisis de tiempo de las incidencias', exact: true }).click();
    await page.waitForURL(/\/reports\/incident-times$/);
    await page.getByTestId('chart-groups').waitFor();
    await expect.poll(() => page.getByTestId('figures').textContent()).toMatch(/Incidencias\s*\d/);
    await page.getByTestId('table-worstCases').waitFor();

    // Grouped by priority: the choice goes into the address and the table follows it.
    await page.getByRole('combobox', { name: 'Agrupar por' }).click();
    await page.getByRole('option', { name: 'Prioridad' }).click();
    await page.waitForURL(/groupBy=priority/);
    await page.getByRole('heading', { name: 'Tiempos por prioridad' }).waitFor();
    await expect.poll(() => page.getByTestId('table-groups').textContent()).toContain('P1');
    await page.getByTestId('chart-groups').waitFor();
    await shot(page, 'reports/incident-times-es');
    expect(await seriousViolations(page)).toEqual([]);

    const csv = await fileAnswer(page, 'incident-times', 'csv', () => page.getByRole('button', { name: 'Exportar CSV' }).click());
    expect([csv.status, csv.type, csv.url]).toEqual([200, expect.stringMatching(/^text\/csv/), expect.stringContaining('groupBy=priority')]);
    expect(csv.body).toContain('Prioridad');
    const pdf = await fileAnswer(page, 'incident-times', 'pdf', () => page.getByRole('button', { name: 'PDF', exact: true }).click());
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);

    // Billing, from the Reports section too.
    await openNav(page, 'Informes');
    await page.locator('article').getByRole('link', { name: 'Facturación y cobros', exact: true }).click();
    await page.waitForURL(/\/reports\/billing$/);
    await page.getByTestId('chart-months').waitFor();
    await expect.poll(() => page.getByTestId('figures').textContent()).toMatch(/Facturado121,00\s€.*Cobrado21,00\s€/);
    await expect.poll(() => page.getByTestId('table-months').textContent()).toMatch(/121,00\s€/);
    await page.getByTestId('table-overdue').waitFor();
    await shot(page, 'reports/billing-es');
    expect(await seriousViolations(page)).toEqual([]);
    const bcsv = await fileAnswer(page, 'billing', 'csv', () => page.getByRole('button', { name: 'Exportar CSV' }).click());
    expect([bcsv.status, bcsv.type]).toEqual([200, expect.stringMatching(/^text\/csv/)]);
    expect(bcsv.body).toContain('121,00');
    const bpdf = await fileAnswer(page, 'billing', 'pdf', () => page.getByRole('button', { name: 'PDF', exact: true }).click());
    expect([bpdf.status, bpdf.type]).toEqual([200, 'application/pdf']);

    // English, with the period and the customer in the address.
    await switchLanguage(page, 'en');
    await page.goto(`/reports/billing?from=${today.slice(0, 7)}-01&to=${today}&customerId=${customerId}`);
    await page.getByTestId('chart-months').waitFor();
    await page.getByRole('heading', { name: 'Invoiced, collected and outstanding per month' }).waitFor();
    await expect.poll(() => page.getByTestId('figures').textContent()).toMatch(/Invoiced€121\.00.*Collected€21\.00/);
    await page.getByText('Customer: INC1 Talleres Incidencia').waitFor();
    await shot(page, 'reports/billing-en');
    await page.goto('/reports/incident-times?groupBy=priority');
    await page.getByRole('heading', { name: 'Times by priority' }).waitFor();
    await page.getByTestId('chart-groups').waitFor();
    await shot(page, 'reports/incident-times-en');
  });
});
