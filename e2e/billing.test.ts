/**
 * Billing in the browser, as the billing clerk: a manual invoice issued from the form (the incident
 * screens are not in the web app yet, so the invoice is not born from closing an incident here),
 * then a partial and a final payment, the list, the VERI*FACTU page and the company settings.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, shot, startE2E, switchLanguage } from './support.ts';

const require = createRequire(import.meta.url);

async function axeSerious(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[]; html: string }> }> }> } }).axe;
    // The page itself (the shell and passing toasts are checked by their own suites).
    const r = await axe.run({ include: [['main']], exclude: [['.mantine-Notifications-root']] }, { resultTypes: ['violations'] });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`) })) };
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.join(' | ')}`);
}

describeBrowser('billing', () => {
  let env: E2E;
  let clerk: { username: string; password: string };
  beforeAll(async () => {
    env = await startE2E();
    const a = env.api;
    for (const [catalog, entry] of [
      ['vat-rates', { code: 'G', descriptionEs: 'General', descriptionEn: 'Standard', rate: 2100 }],
      ['vat-rates', { code: 'R', descriptionEs: 'Reducido', descriptionEn: 'Reduced', rate: 1000 }],
      ['payment-terms', { code: 'CON', descriptionEs: 'Contado', descriptionEn: 'Cash', dueDays: [0] }],
      ['payment-terms', { code: 'T30', descriptionEs: 'Transferencia a 30 días', descriptionEn: 'Transfer, 30 days', dueDays: [30], isDefault: true }],
    ] as const) {
      expect((await a.post(`/catalogs/${catalog}`, entry)).status).toBe(201);
    }
    await a.post('/customers', { code: 'HSOL', name: 'Hotel Sol, S.A.', taxId: 'A28015865', address: { street: 'Gran Vía 2', city: 'Madrid', postalCode: '28013' } });
    clerk = await env.createUser('billing', { name: 'Rosa Facturas' });
  });
  afterAll(() => env?.close());

  it('sets the company data, issues an invoice, takes a partial and a final payment', async () => {
    const page = await env.newPage();
    await env.login(page);
    // The administrator fills the billing data first.
    await page.goto('/settings/billing');
    await page.getByRole('heading', { name: 'Datos de facturación' }).first().waitFor();
    await page.getByLabel('Razón social').fill('Climasat Servicios Técnicos, S.L.');
    await page.getByLabel('NIF').fill('B12345670');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('El NIF/NIE/CIF no es válido', { exact: false }).waitFor();
    await page.getByLabel('NIF').fill('B12345674');
    await page.getByLabel('Población').fill('Madrid');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Datos guardados').waitFor();
    await shot(page, 'billing/company-es');
    expect(await axeSerious(page)).toEqual([]);

    // The billing clerk issues the invoice.
    const p2 = await env.newPage();
    await env.login(p2, clerk.username, clerk.password);
    await p2.goto('/invoices/new');
    await p2.getByRole('heading', { name: 'Nueva factura' }).waitFor();
    await p2.getByRole('combobox', { name: 'Cliente', exact: true }).fill('Hotel');
    await p2.getByRole('option', { name: /Hotel Sol/ }).click();
    await p2.getByLabel('Descripción', { exact: true }).fill('Reparación de la enfriadora');
    await p2.getByLabel('Cantidad').fill('1,5');
    await p2.getByLabel('Precio unitario (€)').fill('80');
    await p2.getByRole('combobox', { name: 'IVA' }).click();
    await p2.getByRole('option', { name: '21 %' }).click();
    await shot(p2, 'billing/new-invoice-es');
    await p2.getByRole('button', { name: 'Emitir factura' }).click();
    // 1.5 × 80 = 120.00 + 21 % = 145.20
    await p2.getByRole('heading', { name: /^F\d{4}-000001$/ }).waitFor();
    await p2.getByText('Total: 145,20 €').waitFor();
    await p2.getByText('Pendiente', { exact: true }).first().waitFor();

    // A partial payment…
    await p2.getByRole('button', { name: 'Registrar cobro' }).click();
    let dialog = p2.getByRole('dialog', { name: 'Registrar cobro' });
    await dialog.getByLabel('Importe (€)').fill('100');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await dialog.waitFor({ state: 'detached' });
    await p2.getByText('Cobrada en parte').first().waitFor();
    // …more than what is left is refused with the reason…
    await p2.getByRole('button', { name: 'Registrar cobro' }).click();
    dialog = p2.getByRole('dialog', { name: 'Registrar cobro' });
    await dialog.getByLabel('Importe (€)').fill('50');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await dialog.getByText('El cobro supera lo pendiente de la factura (45.20 €).').waitFor();
    // …and the final payment.
    await dialog.getByLabel('Importe (€)').fill('45,20');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await dialog.waitFor({ state: 'detached' });
    await p2.getByText('Cobrada', { exact: true }).first().waitFor();
    await shot(p2, 'billing/invoice-paid-es');
    expect(await axeSerious(p2)).toEqual([]);

    // The list and the VERI*FACTU page.
    await p2.goto('/invoices');
    await p2.getByRole('row', { name: /Hotel Sol/ }).waitFor();
    await shot(p2, 'billing/invoices-es');
    expect(await axeSerious(p2)).toEqual([]);
    await p2.goto('/verifactu');
    await p2.getByRole('button', { name: 'Comprobar la cadena' }).click();
    await p2.getByText('Cadena íntegra: 1 registros comprobados').waitFor();
    await shot(p2, 'billing/verifactu-es');
    expect(await axeSerious(p2)).toEqual([]);

    await switchLanguage(p2, 'en');
    await p2.goto('/invoices');
    await p2.getByRole('heading', { name: 'Invoices' }).first().waitFor();
    await p2.getByText('Paid', { exact: true }).first().waitFor();
    await shot(p2, 'billing/invoices-en');
  });
});
