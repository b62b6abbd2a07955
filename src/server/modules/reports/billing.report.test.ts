/**
 * The billing report against invoices and payments worked out by hand, on both engines. Invoices go
 * through the billing API with the app's clock moved (Vitest's fake Date), so each has the issue
 * date and due dates the billing area gives it; the report is read "on" 15 May 2026.
 *
 *   I1 10/01 12 100 (T30)  paid in full 05/02
 *   I5 15/01  3 630 (cash) unpaid, due 15/01 → 120 days overdue (> 90)
 *   I2 20/02 24 200 (T30)  4 200 paid 01/03; 20 000 due 22/03 → 54 days (31–60)
 *   I3 05/03  6 050 (cash) unpaid, due 05/03 → 71 days (61–90)
 *   I6 20/04  2 420 (cash) unpaid, due 20/04 → 25 days (0–30)
 *   I4 28/04  1 210 (T30)  unpaid, due 28/05 → not overdue yet
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Agent, createTestApp, DIALECTS, ok, type Response, type TestApp } from '../../../../test/harness.ts';
import { pdfText } from '../../../../test/pdf.ts';
import { COMPANY, seedBillingCatalogs } from '../billing/billing.fixtures.ts';

describe.each(DIALECTS)('billing report on %s', (dialect) => {
  let t: TestApp;
  let billing: Agent;
  let customerId = '';

  const at = (date: string) => vi.setSystemTime(new Date(`${date}T10:00:00Z`));
  const issue = async (date: string, priceCents: number, paymentTermCode: string) => {
    at(date);
    return ok(await billing.post('/invoices', { customerId, paymentTermCode, lines: [{ description: 'Reparación', quantityMilli: 1000, unitPriceCents: priceCents, vatRateBp: 2100 }] }), 201).id as string;
  };
  const pay = async (id: string, date: string, amountCents: number) => {
    at(date);
    ok(await billing.post(`/invoices/${id}/payments`, { paidOn: date, amountCents, method: 'transfer' }), 201);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    billing = (await t.userWithRole('billing')).agent;
    await seedBillingCatalogs(t.admin);
    ok(await t.admin.put('/billing/company', COMPANY));
    customerId = ok(await t.admin.post('/customers', { code: 'BR1', name: 'Bodegas Río, S.L.', taxId: 'B12345674' }), 201).id;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const i1 = await issue('2026-01-10', 10000, 'T30');
      await issue('2026-01-15', 3000, 'CON');
      await pay(i1, '2026-02-05', 12100);
      const i2 = await issue('2026-02-20', 20000, 'T30');
      await pay(i2, '2026-03-01', 4200);
      await issue('2026-03-05', 5000, 'CON');
      await issue('2026-04-20', 2000, 'CON');
      await issue('2026-04-28', 1000, 'T30');
    } finally {
      vi.useRealTimers();
    }
  });
  afterAll(() => t.close());

  const report = async (query: string, as: Agent = billing) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-05-15');
    try {
      return await as.get(`/reports/billing?${query}`);
    } finally {
      vi.useRealTimers();
    }
  };

  it('invoiced, collected and outstanding per month, and overdue by age, worked out by hand', async () => {
    const body = ok(await report(`from=2026-01-01&to=2026-04-30&customerId=${customerId}`));
    const table = (id: string) => body.tables.find((x: { id: string }) => x.id === id);
    expect(table('months').rows).toEqual([
      { month: '2026-01', invoices: 2, invoiced: 15730, collected: 0, outstanding: 3630 },
      { month: '2026-02', invoices: 1, invoiced: 24200, collected: 12100, outstanding: 20000 },
      { month: '2026-03', invoices: 1, invoiced: 6050, collected: 4200, outstanding: 6050 },
      { month: '2026-04', invoices: 2, invoiced: 3630, collected: 0, outstanding: 3630 },
    ]);
    expect(table('months').footer).toEqual({ month: 'Total', invoices: 6, invoiced: 49610, collected: 16300, outstanding: 33310 });
    expect(table('overdue').rows.map((r: Record<string, unknown>) => [r.age, r.invoices, r.amount])).toEqual([
      ['0–30 días', 1, 2420],
      ['31–60 días', 1, 20000],
      ['61–90 días', 1, 6050],
      ['Más de 90 días', 1, 3630],
    ]);
    expect(table('overdue').rows[0].link).toBe(`/invoices?status=overdue&customerId=${customerId}`);
    expect(body.figures.map((f: { key: string; value: unknown }) => [f.key, f.value])).toEqual([
      ['invoiced', 49610],
      ['collected', 16300],
      ['outstanding', 33310],
      ['overdue', 32100],
    ]);
    // A shorter period: March only.
    const march = ok(await report(`from=2026-03-01&to=2026-03-31&customerId=${customerId}`));
    expect(march.tables[0].rows).toEqual([{ month: '2026-03', invoices: 1, invoiced: 6050, collected: 4200, outstanding: 6050 }]);
  });

  it('as CSV and PDF; for billing, supervisors and administrators only', async () => {
    const csv = await report(`from=2026-01-01&to=2026-04-30&customerId=${customerId}&format=csv&table=overdue`);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual([
      'Días vencido;Facturas;Importe pendiente (€)',
      '0–30 días;1;24,20',
      '31–60 días;1;200,00',
      '61–90 días;1;60,50',
      'Más de 90 días;1;36,30',
      'Total;4;321,00',
    ]);
    const auth = (billing as unknown as { auth: { cookie: string } }).auth;
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/reports/billing?from=2026-01-01&to=2026-04-30&customerId=${customerId}&format=pdf`, headers: { cookie: auth.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Facturación y cobros');

    const supervisor = (await t.userWithRole('supervisor')).agent;
    expect((await supervisor.get('/reports/billing')).status).toBe(200);
    const agent = (await t.userWithRole('agent')).agent;
    expect((await agent.get('/reports/billing')).status).toBe(403);
    expect(ok(await agent.get('/reports')).items.map((r: { name: string }) => r.name)).not.toContain('billing');
    expect(ok(await supervisor.get('/reports')).items.map((r: { name: string }) => r.name)).toContain('billing');
    const sub = await agent.post('/report-subscriptions', { report: 'billing', frequency: 'monthly' });
    expect(sub.status).toBe(403);
  });
});
