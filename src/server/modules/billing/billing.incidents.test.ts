/** Closing incidents through the incidents API: a billable one with supplies is invoiced in the close transaction; warranty and courtesy ones never. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { incidentCatalogs, makeCustomer, makeIncident, makeItem } from '../incidents/incidents.fixtures.ts';
import { COMPANY, seedBillingCatalogs } from './billing.fixtures.ts';

describe.each(DIALECTS)('invoicing on incident close on %s', (dialect) => {
  let t: TestApp;
  let customerId: string;
  let itemId: string;

  async function resolvedIncident(caseType: string, supplies: Array<{ quantity: string; unitPriceCents?: number }>) {
    const inc = await makeIncident(t, { customerId, caseType });
    for (const s of supplies) expect((await t.admin.post(`/incidents/${inc.id}/supplies`, { itemId, ...s })).status).toBe(201);
    expect((await t.admin.post(`/incidents/${inc.id}/diagnose`, { diagnosis: 'Fusor dañado' })).status).toBe(200);
    expect((await t.admin.post(`/incidents/${inc.id}/resolve`, { solution: 'Cambio de fusor', resolutionCode: 'REP' })).status).toBe(200);
    return inc as { id: string; number: string };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await incidentCatalogs(t);
    await seedBillingCatalogs(t.admin);
    customerId = (await makeCustomer(t, { taxId: 'A28015865', address: { street: 'Calle Luna 3', city: 'Sevilla', postalCode: '41001' } })).id;
    itemId = (await makeItem(t, { kind: 'supply', description: 'Fusor', unitPriceCents: 1250, vatRate: 2100, serialized: false, warrantyMonths: 0 })).id;
  });
  afterAll(() => t.close());

  it('refuses to close a billable incident with supplies while the company data is missing, and changes nothing', async () => {
    const inc = await resolvedIncident('billable', [{ quantity: '1' }]);
    const r = await t.admin.post(`/incidents/${inc.id}/close`, {});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('billing_not_configured');
    expect((await t.admin.get(`/incidents/${inc.id}`)).body.stage).toBe('resolved');
    expect((await t.admin.get('/invoices')).body.items).toEqual([]);
    expect((await t.admin.put('/billing/company', COMPANY)).status).toBe(200);
  });

  it('invoices a billable incident on close with its supplies, VAT and totals, cross-referenced both ways', async () => {
    const inc = await resolvedIncident('billable', [{ quantity: '1.5' }, { quantity: '0.333', unitPriceCents: 4000 }]);
    const closed = await t.admin.post(`/incidents/${inc.id}/close`, {});
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body.invoiceId).toEqual(expect.any(String));
    const invoice = (await t.admin.get(`/invoices/${closed.body.invoiceId}`)).body;
    // 1.5 × 12.50 = 18.75; 0.333 × 40.00 = 13.32; base 32.07, VAT 21 % 6.7347 → 6.73
    expect(invoice).toMatchObject({ incidentId: inc.id, incidentNumber: closed.body.number, baseCents: 3207, vatCents: 673, totalCents: 3880, invoiceType: 'F1', status: 'unpaid' });
    expect(invoice.customer).toMatchObject({ taxId: 'A28015865', address: { city: 'Sevilla' } });
    expect(invoice.lines.map((l: { description: string; quantityMilli: number }) => [l.description, l.quantityMilli])).toEqual([
      ['Fusor', 1500],
      ['Fusor', 333],
    ]);
    expect((await t.admin.get(`/invoices?incidentId=${inc.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([closed.body.invoiceId]);
  });

  it('never invoices a warranty or courtesy incident, nor a billable one without supplies', async () => {
    for (const [caseType, supplies] of [['warranty', [{ quantity: '2' }]], ['courtesy', [{ quantity: '1' }]], ['billable', []]] as const) {
      const inc = await resolvedIncident(caseType, [...supplies]);
      const closed = await t.admin.post(`/incidents/${inc.id}/close`, {});
      expect(closed.status, closed.text).toBe(200);
      expect(closed.body.invoiceId, caseType).toBeNull();
      expect((await t.admin.get(`/invoices?incidentId=${inc.id}`)).body.items).toEqual([]);
    }
  });

  it('numbers 32 concurrent closes without a gap', async () => {
    const incidents = [];
    for (let i = 0; i < 32; i++) incidents.push(await resolvedIncident('billable', [{ quantity: '1' }]));
    const before = Number((await sql<{ n: number }>`select count(*) as n from invoices`.execute(t.database.db)).rows[0]!.n);
    const closes = await Promise.all(incidents.map((inc) => t.admin.post(`/incidents/${inc.id}/close`, {})));
    expect(closes.map((c) => c.status)).toEqual(Array(32).fill(200));
    const seqs = (await sql<{ seq: number }>`select seq from invoices where series = 'F' order by seq`.execute(t.database.db)).rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: before + 32 }, (_, i) => i + 1));
    expect(new Set(closes.map((c) => c.body.invoiceId)).size).toBe(32);
    expect((await t.admin.post('/verifactu/verify', {})).body.records).toMatchObject({ ok: true, checked: before + 32 });
  });
});
