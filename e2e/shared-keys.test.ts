/**
 * One query key holds one shape. The call inbox and the task form both list users and groups; they
 * once shared the keys ['users','active'] and ['groups'] with different shapes (an array vs a page),
 * so whichever screen came second showed empty pickers or crashed. Both orders, in one browser tab
 * (client-side navigation keeps the query cache), must leave both screens working.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, openNav, shot, startE2E } from './support.ts';

describeBrowser('users and groups pickers shared by the call inbox and the task form', () => {
  let env: E2E;
  const errors: string[] = [];
  beforeAll(async () => {
    env = await startE2E();
    await env.createUser('agent', { name: 'Lucía Pickers' });
    await env.api.post('/groups', { code: 'TALLER', name: 'Taller Central' });
  });
  afterAll(() => env?.close());

  async function openInbox(page: Page) {
    await openNav(page, 'Llamadas');
    await page.getByRole('heading', { name: 'Llamadas' }).first().waitFor();
    await shot(page, 'contract/inbox-filters-es');
    await page.getByRole('combobox', { name: 'Para', exact: true }).click();
    // The destination filter lists active users and groups.
    await page.getByRole('option', { name: 'Lucía Pickers' }).waitFor();
    await page.getByRole('option', { name: /Taller Central/ }).waitFor();
    await page.keyboard.press('Escape');
  }

  async function openTaskForm(page: Page) {
    await openNav(page, 'Tareas');
    await page.getByRole('button', { name: 'Nueva tarea' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Usuario responsable' }).click();
    await page.getByRole('option', { name: 'Lucía Pickers' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.getByText('Un grupo', { exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Grupo responsable' }).click();
    await page.getByRole('option', { name: 'Taller Central' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  async function newPage() {
    const page = await env.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await env.login(page);
    return page;
  }

  it('inbox first, then the task form', async () => {
    errors.length = 0;
    const page = await newPage();
    await openInbox(page);
    await openTaskForm(page);
    await openInbox(page);
    expect(errors).toEqual([]);
  });

  it('task form first, then the inbox', async () => {
    errors.length = 0;
    const page = await newPage();
    await openTaskForm(page);
    await openInbox(page);
    await openTaskForm(page);
    expect(errors).toEqual([]);
  });
});
