/**
 * Billing in Chromium, as a new user would: closing a billable incident with supplies from its page
 * issues the invoice (number F<year>-000001, VAT per rate, total); a billing user records a partial
 * payment, is refused an overpayment with the localised message, records the final payment; a
 * rectifying invoice; the list with its chart; axe-core on the billing screens in es and en.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayIn } from '../src/shared/dates.ts';
import { COMPANY } from '../src/server/modules/billing/billing.fixtures.ts';
import { describeBrowser, type E2E, expectNoSeriousA11y, shot, startE2E, switchLanguage } from './support.ts';

/** Text as shown, with no-break spaces (money, percentages) turned into spaces. */
const textOf = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ');
/**
 * Reads of the page are polled (a page shows its data some time after its heading, and a cached copy
 * until its refetch lands), with the 30 s these tests give a busy machine.
 */
const slow = { timeout: 30_000 };

describeBrowser('billing', () => {
  let env: E2E;
  let incidentId: string;
  let billingUser: { username: string; password: string };
  const customerName = 'Hotel Miramar, S.L.';
  const year = todayIn('Europe/Madrid').slice(0, 4);

  beforeAll(async () => {
    env = await startE2E({ starterConfiguration: true });
    const a = env.api;
    const ok = (r: { status: number; text: string }, status = 201) => {
      if (r.status !== status) throw new Error(`${r.status} ${r.text}`);
    };
    ok(await a.put('/billing/company', COMPANY), 200);
    ok(await a.post('/catalogs/resolution-codes', { code: 'REP', descriptionEs: 'Reparado', descriptionEn: 'Repaired' }));
    const customer = await a.post('/customers', { code: 'C0100', name: customerName, taxId: 'A28015865', address: { street: 'Paseo Marítimo 4', city: 'Málaga', postalCode: '29016' } });
    ok(customer);
    const fuser = await a.post('/items', { code: 'FUS-1', description: 'Fusor', kind: 'supply', unitPriceCents: 1250, vatRate: 2100, serialized: false, warrantyMonths: 0 });
    const kit = await a.post('/items', { code: 'KIT-L', description: 'Kit de limpieza', kind: 'supply', unitPriceCents: 800, vatRate: 1000, serialized: false, warrantyMonths: 0 });
    ok(fuser);
    ok(kit);
    const inc = await a.post('/incidents', { customerId: customer.body.id, symptom: 'La lavadora industrial no centrifuga', caseType: 'billable' });
    ok(inc);
    incidentId = inc.body.id;
    ok(await a.post(`/incidents/${incidentId}/supplies`, { itemId: fuser.body.id, quantity: '1.5' }));
    ok(await a.post(`/incidents/${incidentId}/supplies`, { itemId: kit.body.id, quantity: '2' }));
    ok(await a.post(`/incidents/${incidentId}/diagnose`, { diagnosis: 'Fusor dañado' }), 200);
    ok(await a.post(`/incidents/${incidentId}/resolve`, { solution: 'Cambio de fusor y limpieza', resolutionCode: 'REP' }), 200);
    billingUser = await env.createUser('billing', { name: 'Lucía Contable' });
  });
  afterAll(() => env?.close());

  it('closes a billable incident into an invoice, then collects it in part, refuses an overpayment, collects the rest and rectifies it', async () => {
    // An administrator (support and billing rights) closes the incident from its page.
    const admin = await env.newPage();
    // A busy machine may take longer than the default 10 s.
    admin.setDefaultTimeout(30_000);
    await env.login(admin);
    await admin.goto(`/incidents/${incidentId}`);
    await admin.getByTestId('step-close').click();
    await admin.getByTestId('stage-badge').filter({ hasText: 'Cerrada' }).waitFor();
    // The incident page shows its invoice at once, cross-referenced.
    const number = `F${year}-000001`;
    await admin.getByTestId('incident-invoice').getByRole('link', { name: number }).waitFor();
    await shot(admin, 'billing/incident-closed-es');

    // A billing user finds the invoice in the list.
    const page = await env.newPage();
    page.setDefaultTimeout(30_000);
    await env.login(page, billingUser.username, billingUser.password);
    await page.goto('/invoices');
    const row = page.locator('tr[data-row]', { hasText: number });
    await row.waitFor();
    await expect.poll(() => row.textContent(), slow).toContain(customerName);
    await row.getByRole('link', { name: number }).click();

    // 1.5 × 12,50 = 18,75 at 21 % (VAT 3,9375 → 3,94); 2 × 8,00 = 16,00 at 10 % (1,60); total 40,29.
    await page.getByRole('heading', { name: number }).waitFor();
    await expect.poll(() => textOf(page, 'invoice-totals'), slow).toContain('Base imponible 21 %: 18,75 € · Cuota IVA: 3,94 €');
    await expect.poll(() => textOf(page, 'invoice-totals'), slow).toContain('Base imponible 10 %: 16,00 € · Cuota IVA: 1,60 €');
    await expect.poll(() => textOf(page, 'invoice-totals'), slow).toContain('Total: 40,29 €');
    await page.getByTestId('invoice-status').filter({ hasText: 'Pendiente' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: /^INC-/ }).count(), slow).toBe(1);
    await shot(page, 'billing/invoice-es');

    const pay = async (amount: string) => {
      await page.getByRole('button', { name: 'Registrar cobro' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Importe (€)').fill(amount);
      await dialog.getByRole('button', { name: 'Registrar', exact: true }).click();
      return dialog;
    };
    // A partial payment.
    const first = await pay('15');
    await first.waitFor({ state: 'detached' });
    await page.getByTestId('invoice-status').filter({ hasText: 'Cobrada en parte' }).waitFor();
    await expect.poll(() => textOf(page, 'invoice-totals'), slow).toContain('Cobrado: 15,00 € · Pendiente: 25,29 €');

    // More than what is due: refused with the Spanish message, nothing recorded.
    const over = await pay('30');
    await over.getByRole('alert').filter({ hasText: 'El cobro supera lo pendiente de la factura (25,29 €).' }).waitFor();
    await shot(page, 'billing/overpayment-es');
    await page.keyboard.press('Escape');
    await over.waitFor({ state: 'detached' });

    // The rest (the dialog proposes what is due).
    await page.getByRole('button', { name: 'Registrar cobro' }).click();
    await expect.poll(() => page.getByRole('dialog').getByLabel('Importe (€)').inputValue(), slow).toBe('25,29');
    await page.getByRole('dialog').getByRole('button', { name: 'Registrar', exact: true }).click();
    await page.getByTestId('invoice-status').filter({ hasText: 'Cobrada' }).filter({ hasNotText: 'en parte' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Registrar cobro' }).count(), slow).toBe(0);
    await shot(page, 'billing/invoice-paid-es');

    // A rectifying invoice (credit note for the whole amount) in its own series, referring to it.
    await page.getByRole('button', { name: 'Rectificar' }).click();
    const rect = page.getByRole('dialog');
    await rect.getByLabel('Motivo').fill('Precio del fusor mal aplicado');
    await shot(page, 'billing/rectify-es');
    await rect.getByRole('button', { name: 'Emitir rectificativa' }).click();
    await page.getByRole('heading', { name: `R${year}-000001` }).waitFor();
    await page.getByText(`Factura rectificativa de ${number}`).first().waitFor();
    await page.getByTestId('invoice-status').filter({ hasText: 'Rectificativa' }).waitFor();
    await expect.poll(() => textOf(page, 'invoice-totals'), slow).toContain('Total: -40,29 €');
    await shot(page, 'billing/rectifying-es');
    // The original was paid: the credit note leaves its amount to be refunded.
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { name: number }).waitFor();
    await expect.poll(() => textOf(page, 'invoice-totals'), slow).toContain('Cobrado: 40,29 € · A devolver al cliente: 40,29 €');

    // The list shows both, and the monthly chart.
    await page.goto('/invoices');
    await page.locator('tr[data-row]', { hasText: `R${year}-000001` }).waitFor();
    await page.getByRole('img', { name: 'Facturado, cobrado y pendiente por mes' }).locator('canvas').waitFor();
    await shot(page, 'billing/list-es');

    const invoices = (await env.api.get('/invoices')).body.items as Array<{ number: string; status: string; incidentId: string | null }>;
    expect(invoices.map((i) => [i.number, i.status])).toEqual([
      [`R${year}-000001`, 'rectifying'],
      [number, 'paid'],
    ]);
    expect(invoices[1].incidentId).toBe(incidentId);
  }, 180_000);

  it('has no serious or critical axe-core violation on the billing screens, in Spanish and English', async () => {
    const page = await env.newPage();
    // Each screen waits for its data; a busy machine may take longer than the default 10 s.
    page.setDefaultTimeout(30_000);
    await env.login(page);
    const invoiceId = (await env.api.get('/invoices')).body.items.at(-1).id as string;
    const screens: Array<[string, string, (p: Page) => Promise<unknown>]> = [
      ['list', '/invoices', (p) => p.getByTestId('monthly-chart').locator('canvas').waitFor()],
      ['invoice', `/invoices/${invoiceId}`, (p) => p.getByTestId('invoice-totals').waitFor()],
      ['company', '/settings/billing', (p) => p.locator('input[name="legalName"]').waitFor()],
      ['verifactu', '/verifactu', (p) => p.getByRole('row').nth(1).waitFor()],
    ];
    for (const language of ['es', 'en'] as const) {
      if (language === 'en') await switchLanguage(page, 'en');
      for (const [name, url, ready] of screens) {
        await page.goto(url);
        await ready(page);
        await shot(page, `billing/${name}-a11y-${language}`);
        await expectNoSeriousA11y(page, `billing/${name}-${language}`);
      }
    }
  }, 180_000);
});
