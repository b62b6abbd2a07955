import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, injectAxe, shot, startE2E, switchLanguage } from './support.ts';

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
    await expect(figures.textContent()).resolves.toMatch(/Llamadas en el periodo\s*3/);
    await expect(page.getByTestId('table-byDestination').textContent()).resolves.toContain('Sara Jefa');
    await shot(page, 'reports/calls-es');
    expect(await seriousViolations(page)).toEqual([]);

    // A filter goes into the address and the report follows it.
    await page.getByLabel('Cliente').first().fill('Informes');
    await page.getByRole('option', { name: /Informes Levante/ }).click();
    await page.waitForURL(new RegExp(`customerId=${customer.id}`));
    await expect(page.getByText('Cliente: REP1 Informes Levante')).toBeTruthy();
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
});
