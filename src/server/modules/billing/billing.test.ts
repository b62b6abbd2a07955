import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { sql } from 'kysely';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type Agent, type TestApp } from '../../../../test/harness.ts';
import { todayIn } from '../../../shared/dates.ts';
import { systemCtx } from '../../context.ts';
import { incidentHooks, type IncidentSnapshot } from '../incident-hooks.ts';
import { parseRecordsXml } from './verifactu-xml.ts';
import { aeatSchemaErrors } from './xsd/validate-xsd.ts';
import { verifyChain } from './verifactu.rules.ts';
import { sendPending } from './verifactu.service.ts';
import { COMPANY, seedBillingCatalogs } from './billing.fixtures.ts';

const year = () => todayIn('Europe/Madrid').slice(0, 4);

describe.each(DIALECTS)('billing on %s', (dialect) => {
  let t: TestApp;
  let billing: Agent;
  let customerId: string;
  let itemId: string;

  const invoice = (lines: object[], extra: object = {}, as: Agent = billing) => as.post('/invoices', { customerId, lines, ...extra });
  const one = (cents: number, extra: object = {}) => invoice([{ description: 'Reparación', quantityMilli: 1000, unitPriceCents: cents, vatRateBp: 2100 }], extra);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    billing = (await t.userWithRole('billing')).agent;
    await seedBillingCatalogs(t.admin);
    customerId = (await t.admin.post('/customers', { code: 'FAC1', name: 'Hotel Sol, S.A.', taxId: 'A28015865', address: { street: 'Gran Vía 2', city: 'Madrid', postalCode: '28013' } })).body.id;
    const item = await t.admin.post('/items', { code: 'FILT', description: 'Filtro de aire', kind: 'product', unitPriceCents: 1999, vatRate: 2100 });
    expect(item.status, item.text).toBe(201);
    itemId = item.body.id;
  });
  afterAll(() => t.close());

  it('refuses to invoice before the company data exists, and validates the NIF', async () => {
    const r = await one(1000);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('billing_not_configured');
    const bad = await t.admin.put('/billing/company', { ...COMPANY, taxId: 'B12345670' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'taxId', code: 'invalid_tax_id' })]);
    expect((await billing.put('/billing/company', COMPANY)).status).toBe(403);
    const ok = await t.admin.put('/billing/company', COMPANY);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ configured: true, taxId: 'B12345674', verifactuSend: false });
  });

  it('issues a manual invoice: number, copied customer, totals per VAT rate, instalments, its record', async () => {
    const r = await invoice(
      [
        { itemId, quantityMilli: 1500 }, // 1.5 × 19.99 = 29.985 → 29.99
        { description: 'Mano de obra', quantityMilli: 2333, unitPriceCents: 4500, discountBp: 1000, vatRateBp: 2100 }, // 94.4865 → 94.49
        { description: 'Revista técnica', quantityMilli: 1000, unitPriceCents: 995, vatRateBp: 1000 },
      ],
      { paymentTermCode: 'R306090' },
    );
    expect(r.status, r.text).toBe(201);
    const inv = r.body;
    expect(inv.number).toMatch(new RegExp(`^F${year()}-\\d{6}$`));
    expect(inv.invoiceType).toBe('F1');
    expect(inv.customer).toEqual({ name: 'Hotel Sol, S.A.', taxId: 'A28015865', address: { street: 'Gran Vía 2', city: 'Madrid', postalCode: '28013' } });
    expect(inv.issuer).toMatchObject({ name: COMPANY.legalName, taxId: 'B12345674' });
    expect(inv.lines.map((l: { amountCents: number }) => l.amountCents)).toEqual([2999, 9449, 995]);
    expect(inv.vatBreakdown).toEqual([
      { vatRateBp: 2100, baseCents: 12448, vatCents: 2614 }, // 2614.08
      { vatRateBp: 1000, baseCents: 995, vatCents: 100 }, // 99.5 → 100, half away from zero
    ]);
    expect(inv.totalCents).toBe(12448 + 2614 + 995 + 100);
    expect(inv.instalments.map((i: { amountCents: number }) => i.amountCents)).toEqual([5385, 5385, 5387]);
    expect(inv.status).toBe('unpaid');
    expect(inv.records).toEqual([expect.objectContaining({ kind: 'alta', sendState: 'not_sent', fingerprint: expect.stringMatching(/^[0-9A-F]{64}$/) })]);
    expect(inv.qrUrl).toBe(`https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=B12345674&numserie=${inv.number}&fecha=${inv.issueDate.split('-').reverse().join('-')}&importe=161.57`);

    // The customer changes later; the invoice keeps what it was issued with.
    expect((await t.admin.patch(`/customers/${customerId}`, { name: 'Hotel Luna, S.A.' })).status).toBe(200);
    expect((await billing.get(`/invoices/${inv.id}`)).body.customer.name).toBe('Hotel Sol, S.A.');
    await t.admin.patch(`/customers/${customerId}`, { name: 'Hotel Sol, S.A.' });
  });

  it('refuses bad lines naming the field, and saves nothing', async () => {
    const before = (await billing.get('/invoices?limit=200')).body.items.length;
    const r = await invoice([{ description: 'x', quantityMilli: 1000, unitPriceCents: 100, vatRateBp: 1800 }, { quantityMilli: 1000 }]);
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['lines.0.vatRateBp:vat_rate_unknown', 'lines.1.description:required', 'lines.1.unitPriceCents:required', 'lines.1.vatRateBp:required']);
    const zero = await invoice([{ description: 'x', quantityMilli: 0, unitPriceCents: 100, vatRateBp: 2100 }]);
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0]).toMatchObject({ field: 'lines.0.quantityMilli', code: 'not_zero' });
    expect((await billing.post('/invoices', { customerId, lines: [], issueDate: '2020-01-01' })).status).toBe(400);
    expect((await billing.get('/invoices?limit=200')).body.items.length).toBe(before);
  });

  it('lists a period newest first along the issue date, page after page, and refuses a cursor of another list', async () => {
    for (let i = 0; i < 3; i++) expect((await invoice([{ description: `Periodo ${i}`, quantityMilli: 1000, unitPriceCents: 1000, vatRateBp: 2100 }])).status).toBe(201);
    const all = (await billing.get('/invoices?limit=200')).body.items as Array<{ id: string; issueDate: string }>;
    const day = all[0]!.issueDate;
    const expected = all.filter((i) => i.issueDate === day).map((i) => i.id);
    expect(expected.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = (await billing.get(`/invoices?from=${day}&to=${day}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(seen).toEqual(expected);
    const idCursor = (await billing.get('/invoices?limit=1')).body.nextCursor;
    expect((await billing.get(`/invoices?from=${day}&limit=1&cursor=${idCursor}`)).status).toBe(400);
  });

  it('lets only billing and admin issue or collect; everyone else gets 403', async () => {
    for (const role of ['supervisor', 'agent', 'technician', 'readonly'] as const) {
      const agent = (await t.userWithRole(role)).agent;
      expect((await invoice([{ description: 'x', quantityMilli: 1000, unitPriceCents: 100, vatRateBp: 2100 }], {}, agent)).status, role).toBe(403);
      expect((await agent.post('/invoices/1/payments', { paidOn: '2026-01-01', amountCents: 1, method: 'cash' })).status, role).toBe(403);
      expect((await agent.get('/invoices')).status, role).toBe(200);
    }
    expect((await invoice([{ description: 'x', quantityMilli: 1000, unitPriceCents: 100, vatRateBp: 2100 }], {}, t.admin)).status).toBe(201);
  });

  it('never edits nor deletes an issued invoice (409)', async () => {
    const inv = (await one(5000)).body;
    for (const r of [await billing.patch(`/invoices/${inv.id}`, { totalCents: 1 }), await billing.delete(`/invoices/${inv.id}`), await t.admin.delete(`/invoices/${inv.id}`)]) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('invoice_immutable');
    }
    expect((await billing.get(`/invoices/${inv.id}`)).body.totalCents).toBe(6050);
  });

  it('takes partial and final payments, refuses an overpayment, reverses a mistake with a negative entry', async () => {
    const inv = (await one(10000)).body; // 121.00
    const today = todayIn('Europe/Madrid');
    const p1 = await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 5000, method: 'transfer' });
    expect(p1.status, p1.text).toBe(201);
    expect(p1.body).toMatchObject({ status: 'partially_paid', paidCents: 5000, outstandingCents: 7100 });
    const over = await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 7101, method: 'card' });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('payment_exceeds_due');
    expect(over.body.detail).toContain('(71,00 €)');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await billing.post(`/invoices/${inv.id}/payments`, { paidOn: tomorrow, amountCents: 1, method: 'cash' })).body.errors[0]).toMatchObject({ field: 'paidOn', code: 'date_in_future' });
    const p2 = await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 7100, method: 'direct_debit' });
    expect(p2.body).toMatchObject({ status: 'paid', paidCents: 12100, outstandingCents: 0 });

    const mistaken = p2.body.payments[1].id;
    const rev = await billing.post(`/invoices/${inv.id}/payments/${mistaken}/reverse`, { note: 'cargo devuelto' });
    expect(rev.status, rev.text).toBe(201);
    expect(rev.body.status).toBe('partially_paid');
    expect(rev.body.payments.map((p: { amountCents: number }) => p.amountCents)).toEqual([5000, 7100, -7100]);
    expect(rev.body.payments[1].reversedBy).toBe(rev.body.payments[2].id);
    expect((await billing.post(`/invoices/${inv.id}/payments/${mistaken}/reverse`, {})).body.code).toBe('payment_already_reversed');
    expect((await billing.post(`/invoices/${inv.id}/payments/${rev.body.payments[2].id}/reverse`, {})).body.code).toBe('payment_is_reversal');
    // Payments are never deleted: there is no route for it.
    expect((await billing.delete(`/invoices/${inv.id}/payments/${mistaken}`)).status).toBe(404);
  });

  it("shows invoices and payments in the customer's timeline, and finds an invoice by number in the search", async () => {
    const other = (await t.admin.post('/customers', { code: 'FAC2', name: 'Talleres Norte' })).body.id as string;
    const inv = (await invoice([{ description: 'Cambio de bomba', quantityMilli: 1000, unitPriceCents: 10000, vatRateBp: 2100 }], { customerId: other, description: 'Reparación de la bomba de calor' })).body;
    expect(inv.invoiceType).toBe('F2');
    const today = todayIn('Europe/Madrid');
    const paid = await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 5000, method: 'transfer' });
    await billing.post(`/invoices/${inv.id}/payments/${paid.body.payments[0].id}/reverse`, { note: 'devuelta' });
    await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 2000, method: 'cash' });

    const agent = (await t.userWithRole('agent')).agent;
    const feed = await agent.get(`/customers/${other}/timeline`);
    expect(feed.status, feed.text).toBe(200);
    const mine = feed.body.items.filter((e: { type: string }) => e.type === 'invoice' || e.type === 'payment');
    expect(mine.map((e: { type: string; title: string }) => [e.type, e.title])).toEqual([
      ['payment', `Cobro 20,00\u00a0€ · Factura ${inv.number}`],
      ['payment', `Anulación del cobro -50,00\u00a0€ · Factura ${inv.number}`],
      ['payment', `Cobro 50,00\u00a0€ · Factura ${inv.number}`],
      ['invoice', `Factura ${inv.number} · 121,00\u00a0€`],
    ]);
    expect(mine[3]).toMatchObject({ id: inv.id, status: 'Cobrada en parte', pending: true, summary: 'Reparación de la bomba de calor' });
    expect(mine[0].summary).toBe(`efectivo · ${today}`);
    expect(mine[0].id.startsWith(`${inv.id}-`)).toBe(true);
    const en = (await agent.withLanguage('en').get(`/customers/${other}/timeline`)).body.items.find((e: { type: string }) => e.type === 'invoice');
    expect(en).toMatchObject({ title: `Invoice ${inv.number} · €121.00`, status: 'Partly paid' });

    // By its number however typed, and by words of its description.
    for (const q of [inv.number, inv.number.toLowerCase().replace('-', ' '), 'bomba calor']) {
      const hits = (await agent.get(`/search?${new URLSearchParams({ q, types: 'invoice' })}`)).body.items;
      expect(hits, q).toEqual([expect.objectContaining({ type: 'invoice', id: inv.id, customerId: other, title: `${inv.number} · Talleres Norte` })]);
    }
  });

  it('pays one instalment, and shows overdue once an instalment is past due', async () => {
    const inv = (await one(10000, { paymentTermCode: 'R306090' })).body;
    expect(inv.instalments.map((i: { amountCents: number }) => i.amountCents)).toEqual([4033, 4033, 4034]);
    const today = todayIn('Europe/Madrid');
    const tooMuch = await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 4034, method: 'transfer', instalmentSeq: 2 });
    expect(tooMuch.body.code).toBe('payment_exceeds_instalment');
    const paid2 = await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 4033, method: 'transfer', instalmentSeq: 2 });
    expect(paid2.body.instalments.map((i: { outstandingCents: number }) => i.outstandingCents)).toEqual([4033, 0, 4034]);
    expect((await billing.post(`/invoices/${inv.id}/payments`, { paidOn: today, amountCents: 1, method: 'cash', instalmentSeq: 9 })).body.errors[0]).toMatchObject({ field: 'instalmentSeq', code: 'instalment_not_found' });
    // Time passes: the first instalment falls due (moved back by hand, as a calendar would).
    const past = '2020-01-31';
    await sql`update invoice_instalments set due_date = ${past} where invoice_id = ${Number(inv.id)} and seq = 1`.execute(t.database.db);
    await sql`update invoices set next_due_date = ${past} where id = ${Number(inv.id)}`.execute(t.database.db);
    const now = (await billing.get(`/invoices/${inv.id}`)).body;
    expect(now.status).toBe('overdue');
    expect(now.instalments[0].overdue).toBe(true);
    const overdue = (await billing.get('/invoices?status=overdue')).body.items.map((i: { id: string }) => i.id);
    expect(overdue).toContain(inv.id);
    expect((await billing.get('/invoices?status=partially_paid')).body.items.map((i: { id: string }) => i.id)).not.toContain(inv.id);
  });

  it('issues a full credit note in its own series that cancels what is due', async () => {
    const inv = (await one(20000)).body;
    const r = await billing.post(`/invoices/${inv.id}/rectify`, { type: 'R1', method: 'differences', reason: 'Precio erróneo', fullCredit: true });
    expect(r.status, r.text).toBe(201);
    expect(r.body.number).toMatch(new RegExp(`^R${year()}-\\d{6}$`));
    expect(r.body).toMatchObject({ invoiceType: 'R1', rectifyingMethod: 'differences', rectifiesNumber: inv.number, totalCents: -24200, status: 'rectifying' });
    const original = (await billing.get(`/invoices/${inv.id}`)).body;
    expect(original).toMatchObject({ status: 'cancelled', outstandingCents: 0, rectifiedCents: -24200 });
    expect(original.rectifications).toEqual([expect.objectContaining({ id: r.body.id, totalCents: -24200 })]);
    expect((await billing.post(`/invoices/${inv.id}/payments`, { paidOn: todayIn('Europe/Madrid'), amountCents: 1, method: 'cash' })).body.code).toBe('payment_exceeds_due');
    expect((await billing.post(`/invoices/${r.body.id}/payments`, { paidOn: todayIn('Europe/Madrid'), amountCents: 1, method: 'cash' })).body.code).toBe('invoice_not_collectable');
    expect((await billing.post(`/invoices/${r.body.id}/rectify`, { type: 'R1', method: 'differences', reason: 'x', fullCredit: true })).body.code).toBe('cannot_rectify_rectifying');
  });

  it('rectifies by differences (a partial credit) and by substitution', async () => {
    const inv = (await one(10000)).body;
    const diff = await billing.post(`/invoices/${inv.id}/rectify`, { type: 'R4', method: 'differences', reason: 'Descuento olvidado', lines: [{ description: 'Descuento', quantityMilli: -1000, unitPriceCents: 2000, vatRateBp: 2100 }] });
    expect(diff.status, diff.text).toBe(201);
    expect((await billing.get(`/invoices/${inv.id}`)).body).toMatchObject({ status: 'unpaid', outstandingCents: 12100 - 2420 });
    const tooBig = await billing.post(`/invoices/${inv.id}/rectify`, { type: 'R4', method: 'differences', reason: 'x', lines: [{ description: 'x', quantityMilli: -1000, unitPriceCents: 9000, vatRateBp: 2100 }] });
    expect(tooBig.body.code).toBe('credit_exceeds_invoice');

    const other = (await one(5000)).body;
    const sub = await billing.post(`/invoices/${other.id}/rectify`, { type: 'R1', method: 'substitution', reason: 'Datos corregidos', lines: [{ description: 'Reparación', quantityMilli: 1000, unitPriceCents: 4000, vatRateBp: 2100 }] });
    expect(sub.status, sub.text).toBe(201);
    expect(sub.body).toMatchObject({ rectifyingMethod: 'substitution', totalCents: 4840, status: 'unpaid', outstandingCents: 4840 });
    expect((await billing.get(`/invoices/${other.id}`)).body.status).toBe('substituted');

    const paid = (await one(5000)).body;
    await billing.post(`/invoices/${paid.id}/payments`, { paidOn: todayIn('Europe/Madrid'), amountCents: 100, method: 'cash' });
    expect((await billing.post(`/invoices/${paid.id}/rectify`, { type: 'R1', method: 'substitution', reason: 'x', lines: [{ description: 'x', quantityMilli: 1000, unitPriceCents: 1, vatRateBp: 2100 }] })).body.code).toBe('invoice_has_payments');
  });

  it('voids an invoice with a cancellation record chained after it', async () => {
    const inv = (await one(3000)).body;
    const r = await billing.post(`/invoices/${inv.id}/void`, { reason: 'Emitida por error' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.status).toBe('voided');
    expect(r.body.records.map((x: { kind: string }) => x.kind)).toEqual(['alta', 'anulacion']);
    expect((await billing.post(`/invoices/${inv.id}/void`, { reason: 'otra vez' })).body.code).toBe('invoice_already_voided');
  });

  it('invoices a billable incident on close through the hook, never a warranty or courtesy one', async () => {
    const [closing] = incidentHooks('incidentClosing');
    expect(closing).toBeDefined();
    const ctx = systemCtx(t.database, t.config);
    const snapshot = (caseType: IncidentSnapshot['caseType'], n: number): IncidentSnapshot => ({
      id: 900 + n,
      number: `INC-${year()}-00090${n}`,
      customerId: Number(customerId),
      unitId: null,
      itemId: null,
      contractId: null,
      regionCode: null,
      serviceTypeCode: null,
      caseType,
      stage: 'resolved',
      statusCode: 'RE',
      priorityCode: 'M',
      ownerUserId: null,
      ownerGroupId: null,
      receivedAt: new Date().toISOString(),
      registeredAt: new Date().toISOString(),
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
      invoiceId: null,
      supplies: [],
    });
    const supplies = [{ id: 1, itemId: Number(itemId), description: 'Filtro de aire', quantityMilli: 2000, unitPriceCents: 1999, costCents: 800, vatRateBp: 2100 }];
    for (const [caseType, n] of [['warranty', 1], ['courtesy', 2]] as const) {
      expect(await closing!(ctx, { incident: snapshot(caseType, n), supplies })).toEqual({ invoiceId: null });
    }
    expect(await closing!(ctx, { incident: snapshot('billable', 3), supplies: [] })).toEqual({ invoiceId: null });
    const out = (await closing!(ctx, { incident: snapshot('billable', 4), supplies })) as { invoiceId: number };
    const inv = (await billing.get(`/invoices/${out.invoiceId}`)).body;
    expect(inv).toMatchObject({ incidentId: '904', incidentNumber: `INC-${year()}-000904`, totalCents: 4838, paymentTermCode: 'T30' });
    expect((await billing.get('/invoices?incidentId=904')).body.items.map((i: { id: string }) => i.id)).toEqual([String(out.invoiceId)]);
  });

  it('numbers 32 concurrent issues without a gap and chains them one link at a time', async () => {
    const ctx = systemCtx(t.database, t.config);
    const [closing] = incidentHooks('incidentClosing');
    const before = Number((await sql<{ n: number }>`select count(*) as n from invoices where series = 'F'`.execute(t.database.db)).rows[0]!.n);
    const supplies = [{ id: 1, itemId: Number(itemId), description: 'Filtro', quantityMilli: 1000, unitPriceCents: 1000, costCents: 500, vatRateBp: 2100 }];
    // 32 closes at once, each in its own transaction, half through the API and half through the hook.
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        i % 2 === 0
          ? one(1000 + i).then((r) => r.status)
          : t.database.db.transaction().execute((trx) =>
              closing!({ ...ctx, db: trx }, { incident: { id: 1000 + i, number: `INC-C-${i}`, customerId: Number(customerId), caseType: 'billable', invoiceId: null } as IncidentSnapshot, supplies }).then(() => 201),
            ),
      ),
    );
    expect(results).toEqual(Array(32).fill(201));
    const seqs = (await sql<{ seq: number }>`select seq from invoices where series = 'F' order by seq`.execute(t.database.db)).rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: before + 32 }, (_, i) => i + 1));
    const v = await billing.post('/verifactu/verify', {});
    expect(v.status, v.text).toBe(200);
    expect(v.body.records).toMatchObject({ ok: true, firstBreak: null });
    const chainSeqs = (await sql<{ seq: number }>`select seq from verifactu_records order by seq`.execute(t.database.db)).rows.map((r) => Number(r.seq));
    expect(chainSeqs).toEqual(Array.from({ length: chainSeqs.length }, (_, i) => i + 1));
  });

  it('exports the records as XML from which the chain recomputes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/verifactu/export', headers: { cookie: (billing as unknown as { auth: { cookie: string } }).auth.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    // Valid against the AEAT's own schemas (xsd/: SuministroLR.xsd and what it imports), by libxml2's xmllint.
    expect(await aeatSchemaErrors(res.body)).toEqual([]);
    expect(res.headers['x-next-after-seq']).toBeUndefined();
    const records = parseRecordsXml(res.body);
    expect(records.length).toBeGreaterThan(40);
    expect(records.some((r) => r.kind === 'anulacion')).toBe(true);
    expect(verifyChain(records)).toMatchObject({ ok: true, checked: records.length });
    // Pages of one document each: the next page starts where the header says.
    const cookie = { cookie: (billing as unknown as { auth: { cookie: string } }).auth.cookie };
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/verifactu/export?limit=10', headers: cookie });
    const prints = (xml: string) => parseRecordsXml(xml).map((r) => r.fingerprint);
    expect(prints(first.body)).toEqual(records.slice(0, 10).map((r) => r.fingerprint));
    expect(first.headers['x-next-after-seq']).toBe('10');
    const second = await t.app.inject({ method: 'GET', url: '/api/v1/verifactu/export?afterSeq=10&limit=10', headers: cookie });
    expect(prints(second.body)).toEqual(records.slice(10, 20).map((r) => r.fingerprint));
    expect(await aeatSchemaErrors(second.body)).toEqual([]);
    expect((await billing.get('/verifactu/export?limit=1001')).status).toBe(400);
    const events = (await billing.get('/verifactu/events')).body.items.map((e: { eventType: string }) => e.eventType);
    expect(events[0]).toBe('08');
    expect(events).toContain('03');
  });

  it('renders the PDF in Spanish and English with its QR code readable', async () => {
    const inv = (await one(10000, { paymentTermCode: 'R306090' })).body;
    const cookie = (billing as unknown as { auth: { cookie: string } }).auth.cookie;
    const texts: string[] = [];
    for (const lang of ['es', 'en']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${inv.id}/pdf?lang=${lang}`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.rawPayload;
      texts.push(await pdfText(pdf));
      if (lang === 'es') expect(decodeQr(pdf)).toBe(inv.qrUrl);
    }
    const [es, en] = texts;
    for (const s of ['Factura', inv.number, 'Climasat Servicios Técnicos, S.L.', 'B12345674', 'Hotel Sol, S.A.', 'A28015865', 'Reparación', 'IVA 21 %', '121,00 €', 'Vencimientos', 'VERI*FACTU', 'Recibos 30, 60 y 90', '40,33 €', '40,34 €']) {
      expect(es, s).toContain(s);
    }
    for (const s of ['Invoice', 'Tax base', 'VAT 21 %', '€121.00', 'Instalments', 'VERI*FACTU']) expect(en, s).toContain(s);

    const credit = (await billing.post(`/invoices/${inv.id}/rectify`, { type: 'R1', method: 'differences', reason: 'Devolución', fullCredit: true })).body;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${credit.id}/pdf`, headers: { cookie } });
    expect(await pdfText(res.rawPayload)).toContain(`Factura rectificativa de ${inv.number}`);
  });

  it('counts invoiced, collected and outstanding per month', async () => {
    const r = await billing.get('/billing/monthly?months=3');
    expect(r.status).toBe(200);
    expect(r.body.months).toHaveLength(3);
    const current = r.body.months[2];
    expect(current.month).toBe(todayIn('Europe/Madrid').slice(0, 7));
    const all = (await sql<{ total: number }>`select sum(total_cents) as total from invoices where settlement != 'voided'`.execute(t.database.db)).rows[0]!.total;
    const collected = (await sql<{ total: number }>`select sum(amount_cents) as total from invoice_payments`.execute(t.database.db)).rows[0]!.total;
    expect(current.invoicedCents).toBe(Number(all));
    expect(current.collectedCents).toBe(Number(collected));
    expect(current.outstandingCents).toBeGreaterThan(0);
  });

  it('verify names a record tampered by hand', async () => {
    const victim = (await sql<{ seq: number; num_serie: string }>`select seq, num_serie from verifactu_records order by seq limit 1 offset 5`.execute(t.database.db)).rows[0]!;
    await sql`update verifactu_records set importe_total = '0.01' where seq = ${victim.seq}`.execute(t.database.db);
    const v = (await billing.post('/verifactu/verify', {})).body;
    expect(v.records.ok).toBe(false);
    expect(v.records.firstBreak).toMatchObject({ seq: Number(victim.seq), numSerie: victim.num_serie, reason: 'fingerprint_mismatch', position: Number(victim.seq) - 1 });
    const events = (await billing.get('/verifactu/events')).body.items.map((e: { eventType: string }) => e.eventType);
    expect(events.slice(0, 2)).toEqual(['04', '03']);
    expect((await billing.get('/verifactu/state')).body.lastCheck).toMatchObject({ ok: false });
  });
});

async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  let out = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    out += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
  }
  return out.replace(/\s+/g, ' ');
}

/** Renders the first page with poppler and decodes the QR code in it. */
function decodeQr(pdf: Buffer): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'f.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', path.join(dir, 'f.pdf'), path.join(dir, 'p')]);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.png'))!;
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, file)));
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(DIALECTS)('VERI*FACTU sender on %s', (dialect) => {
  let t: TestApp;
  let server: http.Server;
  let replies: Array<(body: string) => { status: number; body: string }>;
  const received: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBillingCatalogs(t.admin);
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        const reply = (replies.shift() ?? (() => ({ status: 503, body: 'busy' })))(body);
        res.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('sends nothing while sending is off, then retries after a failure and stores the reply per record', async () => {
    const port = (server.address() as AddressInfo).port;
    const customerId = (await t.admin.post('/customers', { code: 'S1', name: 'Envío, S.L.', taxId: 'A28015865' })).body.id;
    await t.admin.put('/billing/company', COMPANY);
    const a = (await t.admin.post('/invoices', { customerId, lines: [{ description: 'a', quantityMilli: 1000, unitPriceCents: 100, vatRateBp: 2100 }] })).body;
    const ctx = systemCtx(t.database, t.config);
    expect(await sendPending(ctx)).toEqual({ sent: 0, failed: 0 });
    expect(received).toHaveLength(0);

    // Sending on: the records not sent yet are queued; a second invoice joins them.
    expect((await t.admin.put('/billing/company', { ...COMPANY, verifactuSend: true, verifactuEndpoint: `http://127.0.0.1:${port}/ws` })).status).toBe(200);
    const b = (await t.admin.post('/invoices', { customerId, lines: [{ description: 'b', quantityMilli: 1000, unitPriceCents: 200, vatRateBp: 2100 }] })).body;
    replies = [() => ({ status: 500, body: 'Internal error' })];
    expect(await sendPending(ctx)).toEqual({ sent: 0, failed: 2 });
    let records = (await t.admin.get('/verifactu/records')).body.items;
    expect(records.map((r: { sendState: string; sendAttempts: number; replyText: string }) => [r.sendState, r.sendAttempts, r.replyText])).toEqual([
      ['pending', 1, 'HTTP 500'],
      ['pending', 1, 'HTTP 500'],
    ]);
    // Not before the back-off has passed.
    expect(await sendPending(ctx)).toEqual({ sent: 0, failed: 0 });
    await sql`update verifactu_records set next_attempt_at = ${new Date(Date.now() - 1000).toISOString()}`.execute(t.database.db);
    replies = [
      (body) => {
        expect(body).toContain('<soapenv:Envelope');
        expect(parseRecordsXml(body).map((r) => r.fields).map((f) => ('NumSerieFactura' in f ? f.NumSerieFactura : ''))).toEqual([a.number, b.number]);
        return {
          status: 200,
          body: `<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><tikR:RespuestaRegFactuSistemaFacturacion xmlns:tikR="r" xmlns:tik="i"><tikR:CSV>A-XYZ</tikR:CSV><tikR:EstadoEnvio>ParcialmenteCorrecto</tikR:EstadoEnvio>
            <tikR:RespuestaLinea><tikR:IDFactura><tik:IDEmisorFactura>B12345674</tik:IDEmisorFactura><tik:NumSerieFactura>${a.number}</tik:NumSerieFactura></tikR:IDFactura><tikR:EstadoRegistro>Correcto</tikR:EstadoRegistro></tikR:RespuestaLinea>
            <tikR:RespuestaLinea><tikR:IDFactura><tik:NumSerieFactura>${b.number}</tik:NumSerieFactura></tikR:IDFactura><tikR:EstadoRegistro>AceptadoConErrores</tikR:EstadoRegistro><tikR:CodigoErrorRegistro>2004</tikR:CodigoErrorRegistro><tikR:DescripcionErrorRegistro>Aviso de prueba</tikR:DescripcionErrorRegistro></tikR:RespuestaLinea>
            </tikR:RespuestaRegFactuSistemaFacturacion></env:Body></env:Envelope>`,
        };
      },
    ];
    expect(await sendPending(ctx)).toEqual({ sent: 2, failed: 0 });
    records = (await t.admin.get('/verifactu/records')).body.items;
    expect(records.map((r: { numSerie: string; sendState: string; replyCode: string | null; sendAttempts: number }) => [r.numSerie, r.sendState, r.replyCode, r.sendAttempts])).toEqual([
      [b.number, 'accepted_with_errors', '2004', 2],
      [a.number, 'accepted', null, 2],
    ]);
    expect(received).toHaveLength(2);
    expect(await sendPending(ctx)).toEqual({ sent: 0, failed: 0 });
  });
});
