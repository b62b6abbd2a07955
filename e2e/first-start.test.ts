import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, openNav, pageTitled, shot, startE2E } from './support.ts';

/** A fresh install (no demo, nothing configured by hand) takes a call and an activity at once. */
describeBrowser('first start', () => {
  let env: E2E;
  beforeAll(async () => {
    env = await startE2E({ starterConfiguration: true });
  });
  afterAll(() => env?.close());

  it('takes a call and registers a technical activity with no configuration step', async () => {
    const page = await env.newPage();
    await env.login(page);
    await page.getByRole('navigation').getByRole('link', { name: /Llamadas/ }).click();
    await page.getByRole('heading', { name: 'Llamadas entrantes' }).waitFor();
    await page.getByRole('button', { name: 'Nueva llamada' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Registrar llamada' });
    // Defaults from the starter configuration; the call is for whoever takes it.
    await expect.poll(() => dialog.getByLabel('Situación').inputValue()).toMatch(/Pendiente/);
    await expect.poll(() => dialog.getByLabel('Tipo', { exact: true }).inputValue()).toMatch(/Aviso de avería/);
    await expect.poll(() => dialog.getByLabel(/^Para/).inputValue()).not.toBe('');
    await dialog.getByLabel('Teléfono').fill('600 123 456');
    await dialog.getByLabel('Descripción').fill('Primera llamada: el equipo no enciende desde ayer.');
    await shot(page, 'first-start/new-call-es');
    await dialog.getByRole('button', { name: 'Registrar llamada' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Primera llamada/ }).waitFor();
    await shot(page, 'first-start/inbox-es');
    const calls = (await env.api.get('/calls')).body.items;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ statusCode: 'PE', typeCode: 'AV', pending: true });

    await openNav(page, 'Actividades técnicas');
    await pageTitled(page, 'Actividades técnicas');
    await page.keyboard.press('n');
    await pageTitled(page, 'Nueva actividad técnica');
    await expect.poll(() => page.locator('#field-statusCode').inputValue()).toMatch(/Habitual/);
    await expect.poll(() => page.locator('#field-originCode').inputValue()).toMatch(/Teléfono/);
    await page.locator('#field-problemTypeCode').click();
    await page.getByRole('option', { name: /No enciende/ }).click();
    await page.locator('#field-problem').fill('El equipo no enciende');
    await page.getByRole('button', { name: 'Registrar actividad' }).click();
    await page.waitForURL(/\/activities\/\d+$/);
    const id = page.url().split('/').pop()!;
    expect((await env.api.get(`/activities/${id}`)).body).toMatchObject({ statusCode: 'HA', originCode: 'TE', problemTypeCode: 'NE', pending: true });
    await shot(page, 'first-start/activity-es');
  });
});
