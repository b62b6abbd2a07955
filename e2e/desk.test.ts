/**
 * The desk all day, across areas: pickers that read as words (the code on hover and still
 * searchable), and (as they land) print, phone-sized lists, lists that keep their filters, saved
 * views. One server for the file; few page loads.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfText } from '../test/pdf.ts';
import { describeBrowser, type E2E, expectNoSeriousA11y, expectSettledA11y, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('the desk', () => {
  let env: E2E;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    env = await startE2E({ starterConfiguration: true });
    const a = env.api;
    const me = (await a.get('/auth/me')).body.user;
    const customer = await a.post('/customers', { code: 'C0001', name: 'Hostal La Plaza', taxId: 'B12345674', phones: ['912 345 678'] });
    ids.customer = customer.body.id;
    const item = await a.post('/items', { code: 'CAF-200', description: 'Cafetera industrial C200', kind: 'product', unitPriceCents: 250000, vatRate: 2100, warrantyMonths: 24, serialized: true });
    await a.post('/units', { serialNumber: 'C200-7781', itemId: item.body.id, customerId: customer.body.id, saleDate: '2026-01-15' });
    const call = await a.post('/calls', { customerId: customer.body.id, toUserId: me.id, priorityCode: 'P1', description: 'La cafetera pierde agua por la base.' });
    ids.call = call.body.id;
    const activity = await a.post('/activities', { customerId: customer.body.id, problem: 'Gotea la junta del grupo de café', solution: 'Cambiada la junta' });
    ids.activity = activity.body.id;
    const incident = await a.post('/incidents', { serialNumber: 'C200-7781', symptom: 'Pierde agua por la base' });
    ids.incident = incident.body.id;
    expect(Object.entries(ids).filter(([, id]) => !id)).toEqual([]);
  });
  afterAll(() => env?.close());

  it('pickers show the description, the code on hover, and still find an entry by its code', async () => {
    const page = await env.newPage();
    await env.login(page);
    await page.goto('/incidents');
    await page.locator('h1').waitFor();
    const priority = page.getByRole('combobox', { name: 'Prioridad' });
    await priority.click();
    // Descriptions only: no "P1 · Crítica".
    await page.getByRole('option', { name: 'Crítica', exact: true }).waitFor();
    const labels = await page.getByRole('option').allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(4);
    for (const label of labels) expect(label).not.toMatch(/^[A-Z0-9-]+ · /);
    await expect.poll(() => page.getByRole('option', { name: 'Crítica', exact: true }).locator('[title]').getAttribute('title')).toBe('P1');
    // Typing the code finds it, though the description does not contain it.
    await priority.fill('p1');
    await expect.poll(() => page.getByRole('option').allTextContents()).toEqual(['Crítica']);
    await shot(page, 'desk/picker-code-search-es');
    await page.getByRole('option', { name: 'Crítica', exact: true }).click();
    await expect.poll(() => priority.inputValue()).toBe('Crítica');
    await expect.poll(() => page.url()).toContain('priority=P1');

    await switchLanguage(page, 'en');
    await page.getByRole('combobox', { name: 'Priority' }).waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Priority' }).inputValue()).toBe('Critical');
    await switchLanguage(page, 'es');
  });

  it('lists keep their filters when the user comes back through the navigation', async () => {
    const page = await env.newPage();
    await env.login(page);
    const nav = page.getByTestId('app-nav');
    const lists: Array<[string, string, string]> = [
      ['Llamadas', '/calls', 'view=all&type=AV'],
      ['Actividades técnicas', '/activities', 'q=agua'],
      ['Incidencias', '/incidents', 'view=open&priority=P1'],
      ['Facturas', '/invoices', 'status=overdue'],
      ['Clientes', '/customers', 'q=plaza'],
    ];
    for (const [, path, query] of lists) {
      await page.goto(`${path}?${query}`);
      await page.locator('h1').waitFor();
      await expect.poll(() => new URL(page.url()).search).toBe(`?${query}`);
    }
    // Elsewhere, every list's link returns to its last address in this session…
    await nav.getByRole('link', { name: 'Mi día' }).click();
    for (const [label, path, query] of lists) {
      await expect.poll(() => nav.getByRole('link', { name: new RegExp(`^${label}`) }).getAttribute('href')).toBe(`${path}?${query}`);
    }
    // …and following it shows the list filtered.
    await nav.getByRole('link', { name: 'Incidencias', exact: true }).click();
    await expect.poll(() => page.getByRole('combobox', { name: 'Prioridad' }).inputValue()).toBe('Crítica');
    await expect.poll(() => page.getByRole('tab', { name: 'Abiertas' }).getAttribute('aria-selected')).toBe('true');
    // Clearing a list's filters is remembered too.
    await nav.getByRole('link', { name: 'Clientes', exact: true }).click();
    await page.getByRole('table', { name: 'Clientes' }).getByText('Hostal La Plaza').waitFor();
    await page.getByLabel('Buscar', { exact: true }).fill('');
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await nav.getByRole('link', { name: /^Llamadas/ }).click();
    await page.locator('h1').waitFor();
    await expect.poll(() => nav.getByRole('link', { name: 'Clientes', exact: true }).getAttribute('href')).toBe('/customers');
  });

  it('prints a call, an activity, an incident and a list without the frame, black on white', async () => {
    const page = await env.newPage();
    await env.login(page);
    const pages: Array<[string, string, boolean]> = [
      [`/calls/${ids.call}`, 'La cafetera pierde agua por la base.', true],
      [`/activities/${ids.activity}`, 'Gotea la junta del grupo de café', true],
      [`/incidents/${ids.incident}`, 'Pierde agua por la base', true],
      ['/incidents?view=all', 'Pierde agua por la base', false],
    ];
    for (const [path, text, record] of pages) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      await page.getByText(text).first().waitFor();
      if (record) await page.getByTestId('print').waitFor();
      await page.emulateMedia({ media: 'print' });
      // The frame, buttons and filters are gone; the record or list is there, full width.
      expect(await page.getByTestId('app-nav').isVisible()).toBe(false);
      expect(await page.locator('header').first().isVisible()).toBe(false);
      expect(await page.getByTestId('print').isVisible()).toBe(false);
      expect(await page.getByRole('button').filter({ visible: true }).count()).toBe(0);
      expect(await page.locator('h1').isVisible()).toBe(true);
      expect(await page.getByText(text).first().isVisible()).toBe(true);
      const main = await page.locator('#main-content').boundingBox();
      expect(main?.x).toBe(0);
      expect(main?.width).toBeGreaterThan(1300);
      const colour = await page.locator('h1').evaluate((el) => getComputedStyle(el).color);
      expect(colour).toBe('rgb(0, 0, 0)');
      if (!record) {
        expect(await page.getByRole('combobox', { name: 'Prioridad' }).isVisible()).toBe(false);
        expect(await page.getByRole('table').isVisible()).toBe(true);
        await shot(page, 'desk/print-list-es');
      } else if (path.startsWith('/calls')) await shot(page, 'desk/print-call-es');
      await page.emulateMedia({ media: 'screen' });
    }
    // What Chromium prints, read back: the call's content, none of the frame.
    await page.goto(`/calls/${ids.call}`);
    await page.getByText('La cafetera pierde agua por la base.').first().waitFor();
    await page.emulateMedia({ media: null });
    const text = (await pdfText(await page.pdf({ format: 'A4' }))).replace(/\s+/g, ' ');
    expect(text).toContain('Llamada de Hostal La Plaza');
    expect(text).toContain('La cafetera pierde agua por la base.');
    for (const frame of ['Saltar al contenido', 'Mi día', 'Imprimir', 'Finalizar', 'Llamadas', 'Buscar clientes', '/customers/']) expect(text).not.toContain(frame);
  });

  it('on a phone the lists show cards and the filters fold away behind "Filtros"', async () => {
    const page = await env.newPage({ viewport: { width: 390, height: 844 } });
    await env.login(page);
    await page.goto('/calls?view=all');
    const cards = page.getByTestId('list-cards');
    const card = cards.locator('[data-card]').filter({ hasText: 'La cafetera pierde agua por la base.' });
    await card.waitFor();
    expect(await page.locator('table').count()).toBe(0);
    // The card: description, destination, customer, time and priority.
    for (const part of ['Hostal La Plaza', 'Administrador', 'Crítica', 'Recibida']) await expect.poll(() => card.textContent()).toContain(part);
    // Filters are folded: the button opens them.
    expect(await page.getByLabel('Buscar', { exact: true }).isVisible()).toBe(false);
    await shot(page, 'desk/phone-calls-es');
    await expectNoSeriousA11y(page, 'phone-calls');
    // Each card of a pending call has its checkbox; selecting one shows the bulk bar.
    await card.getByRole('checkbox', { name: 'Seleccionar la llamada de Hostal La Plaza' }).check();
    await page.getByTestId('bulk-bar').getByText('1 llamada seleccionada').waitFor();
    await shot(page, 'desk/phone-calls-selected-es');
    await page.getByRole('button', { name: 'Quitar la selección' }).click();
    await page.getByTestId('filters-toggle').click();
    await page.getByLabel('Buscar', { exact: true }).waitFor();
    await shot(page, 'desk/phone-calls-filters-es');
    // A card opens its record.
    await card.click();
    await page.getByRole('heading', { name: 'Llamada de Hostal La Plaza' }).waitFor();
    // Another list: incidents, in English.
    await switchLanguage(page, 'en');
    await page.goto('/incidents?view=all');
    await cards.locator('[data-card]').filter({ hasText: 'Pierde agua por la base' }).waitFor();
    await expect.poll(() => page.getByTestId('filters-toggle').textContent()).toBe('Filters (active)');
    await shot(page, 'desk/phone-incidents-en');
    await expectNoSeriousA11y(page, 'phone-incidents-en');
    await switchLanguage(page, 'es');
  });

  it('saves the filters of the call inbox as a view, applies it after a reload, renames and deletes it', async () => {
    const page = await env.newPage();
    await env.login(page);
    await page.goto('/calls?view=all&sort=priority');
    await page.locator('h1').waitFor();
    const menu = page.getByTestId('saved-views');
    await menu.click();
    await page.getByRole('menuitem', { name: 'Aún no ha guardado ninguna vista de esta lista.' }).waitFor();
    await page.getByRole('menuitem', { name: 'Guardar filtros actuales…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Guardar vista' });
    await dialog.getByLabel('Nombre de la vista').fill('Todas por urgencia');
    await expectNoSeriousA11y(page, 'saved-views-save');
    await dialog.getByRole('button', { name: 'Guardar vista' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The same name again on this list: refused, said under the field, the dialog stays.
    await menu.click();
    await page.getByRole('menuitem', { name: 'Guardar filtros actuales…' }).click();
    await dialog.getByLabel('Nombre de la vista').fill('Todas por urgencia');
    await dialog.getByRole('button', { name: 'Guardar vista' }).click();
    await dialog.getByText('Ya tiene una vista guardada con ese nombre en esta lista').waitFor();
    await shot(page, 'desk/saved-view-duplicate-es');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();

    // After a reload, with other filters, the view brings its filters back.
    await page.goto('/calls');
    await page.locator('h1').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: /^Pendientes ahora/ }).getAttribute('aria-selected')).toBe('true');
    await menu.click();
    await shot(page, 'desk/saved-views-menu-es');
    await expectNoSeriousA11y(page, 'saved-views-menu');
    await page.getByRole('menuitem', { name: 'Todas por urgencia' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?view=all&sort=priority');
    await expect.poll(() => page.getByRole('tab', { name: 'Todas' }).getAttribute('aria-selected')).toBe('true');
    await shot(page, 'desk/saved-view-applied-es');
    await page.getByRole('table', { name: 'Todas' }).getByText('La cafetera pierde agua por la base.').waitFor();

    // Rename, then delete (confirmed).
    await menu.click();
    await page.getByRole('menuitem', { name: 'Gestionar vistas…' }).click();
    const manage = page.getByRole('dialog', { name: 'Vistas guardadas' });
    await manage.getByLabel('Nombre de «Todas por urgencia»').fill('Urgentes');
    await manage.getByRole('button', { name: 'Cambiar nombre' }).click();
    await manage.getByLabel('Nombre de «Urgentes»').waitFor();
    await shot(page, 'desk/saved-views-manage-es');
    await expectNoSeriousA11y(page, 'saved-views-manage');
    page.once('dialog', (d) => void d.accept());
    await manage.getByRole('button', { name: 'Eliminar la vista «Urgentes»' }).click();
    await manage.getByLabel('Nombre de «Urgentes»').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await manage.waitFor({ state: 'detached' });
    await menu.click();
    await page.getByRole('menuitem', { name: 'Aún no ha guardado ninguna vista de esta lista.' }).waitFor();
    // Gone on the server too.
    expect((await env.api.get('/saved-views?list=calls')).body.items).toEqual([]);
  }, 150_000);

  it('finishes two calls of the inbox at once and reassigns another, each after a dialog that says how many', async () => {
    const a = env.api;
    const me = (await a.get('/auth/me')).body.user;
    const group = await a.post('/groups', { code: 'TALLER', name: 'Taller', memberIds: [] });
    expect(group.status).toBe(201);
    const phones = ['600 100 001', '600 100 002', '600 100 003'];
    const made: string[] = [];
    for (const phone of phones) made.push((await a.post('/calls', { phone, toUserId: me.id, description: `Recado del ${phone}` })).body.id);
    const page = await env.newPage();
    await env.login(page);
    await page.goto('/calls');
    const table = page.getByRole('table', { name: 'Pendientes ahora' });
    await table.getByText('Recado del 600 100 003').waitFor();
    const select = (phone: string) => table.getByRole('checkbox', { name: `Seleccionar la llamada de ${phone}` });
    // "Select all on the page" selects every pending call shown, and again clears them.
    const all = page.getByRole('checkbox', { name: 'Seleccionar todas las llamadas de la página' });
    await all.check();
    await expect.poll(async () => (await table.getByRole('checkbox', { checked: true }).count()) > 3).toBe(true);
    await all.uncheck();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });

    await select(phones[0]!).check();
    await select(phones[1]!).check();
    const bar = page.getByRole('region', { name: 'Acciones con las llamadas seleccionadas' });
    await bar.getByText('2 llamadas seleccionadas').waitFor();
    await expectNoSeriousA11y(page, 'calls-bulk-bar');
    await shot(page, 'desk/calls-bulk-bar-es');
    await bar.getByRole('button', { name: 'Finalizar (2)' }).click();
    const finish = page.getByRole('dialog', { name: 'Finalizar 2 llamadas' });
    await finish.getByText('Se finalizarán 2 llamadas a la vez').waitFor();
    await expectSettledA11y(page, 'calls-bulk-finish-dialog');
    await shot(page, 'desk/calls-bulk-finish-es');
    await finish.getByRole('button', { name: 'Finalizar 2 llamadas' }).click();
    await finish.waitFor({ state: 'detached' });
    await table.getByText('Recado del 600 100 001').waitFor({ state: 'detached' });
    await table.getByText('Recado del 600 100 002').waitFor({ state: 'detached' });
    for (const id of made.slice(0, 2)) expect((await a.get(`/calls/${id}`)).body.pending).toBe(false);

    // Reassign the third to a group: it leaves my inbox.
    await select(phones[2]!).check();
    await bar.getByRole('button', { name: 'Reasignar a…' }).click();
    const reassign = page.getByRole('dialog', { name: 'Reasignar 1 llamada' });
    await reassign.getByRole('combobox', { name: /^Para \(usuario o grupo\)/ }).click();
    await page.getByRole('option', { name: 'Grupo Taller' }).click();
    await expectSettledA11y(page, 'calls-bulk-reassign-dialog');
    await shot(page, 'desk/calls-bulk-reassign-es');
    await reassign.getByRole('button', { name: 'Reasignar 1 llamada' }).click();
    await reassign.waitFor({ state: 'detached' });
    await table.getByText('Recado del 600 100 003').waitFor({ state: 'detached' });
    expect((await a.get(`/calls/${made[2]}`)).body).toMatchObject({ pending: true, toGroupId: group.body.id, toUserId: null });
  }, 150_000);
});
