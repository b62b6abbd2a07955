import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('calls inbox', () => {
  let env: E2E;
  let customerName: string;
  let customerId: string;
  let unitId: string;
  beforeAll(async () => {
    env = await startE2E();
    const a = env.api;
    await a.post('/catalogs/call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true });
    await a.post('/catalogs/call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true });
    await a.post('/catalogs/call-types', { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Breakdown', isDefault: true });
    await a.post('/catalogs/call-types', { code: 'CO', descriptionEs: 'Consulta', descriptionEn: 'Question' });
    for (const [code, descriptionEs, descriptionEn, sortOrder] of [['P1', 'Crítica', 'Critical', 10], ['P2', 'Alta', 'High', 20], ['P3', 'Normal', 'Normal', 30]] as const) {
      await a.post('/catalogs/priorities', { code, descriptionEs, descriptionEn, sortOrder, isDefault: code === 'P3' });
    }
    const me = await a.get('/auth/me');
    const tech = await env.createUser('technician', { name: 'Lucía Técnica' });
    await a.post('/groups', { code: 'SAT', name: 'Servicio técnico', memberIds: [me.body.user.id, tech.id] });
    await a.patch('/me/preferences', { defaultToUserId: me.body.user.id });
    customerName = 'Hostal La Plaza';
    const customer = await a.post('/customers', { code: 'C0001', name: customerName, taxId: 'B12345674', phones: ['912 345 678'] });
    await a.post('/contracts', { code: 'MANT-PLAZA', customerId: customer.body.id, startDate: '2024-01-01', endDate: '2099-12-31', priorityCode: 'P2' });
    const item = await a.post('/items', { code: 'CAF-200', description: 'Cafetera industrial C200', kind: 'product', unitPriceCents: 250000, vatRate: 2100, warrantyMonths: 24, serialized: true });
    const unit = await a.post('/units', { serialNumber: 'C200-7781', itemId: item.body.id, customerId: customer.body.id, saleDate: new Date().toISOString().slice(0, 10) });
    customerId = customer.body.id;
    unitId = unit.body.id;
    // an older call already in the inbox, for a livelier list
    await a.post('/calls', { phone: '+34 600 111 222', typeCode: 'CO', priorityCode: 'P1', description: 'Pregunta por el precio del contrato de mantenimiento.' });
  });
  afterAll(() => env?.close());

  it('takes a call, adds a note, postpones it and finishes it', async () => {
    const page = await env.newPage();
    await env.login(page);
    await page.getByRole('navigation').getByRole('link', { name: /Llamadas/ }).click();
    await page.getByRole('heading', { name: 'Llamadas entrantes' }).waitFor();
    await expect.poll(() => page.getByTestId('count-now').textContent()).toBe('1');

    // take the call: the caller is identified from the phone as it is typed
    await page.getByRole('button', { name: 'Nueva llamada' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Registrar llamada' });
    await dialog.getByLabel('Teléfono').fill('91 234 56 78');
    await dialog.getByTestId('caller-identified').waitFor();
    await expect.poll(() => dialog.getByTestId('caller-identified').textContent()).toContain(customerName);
    await dialog.getByLabel('Nº de serie').fill('c200-7781');
    await dialog.getByText('Cafetera industrial C200', { exact: false }).first().waitFor();
    // Beside the caller: their units with coverage and their pending calls, each a link.
    await dialog.getByTestId('caller-units').getByRole('link', { name: /C200-7781.*En garantía hasta/ }).waitFor();
    // Enter in a field without a description saves nothing: it moves to the description.
    await dialog.getByLabel('Nº de serie').press('Enter');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name)).toBe('description');
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Descripción').fill('La cafetera pierde agua por la base desde esta mañana. Piden que les llame el técnico antes de las 13:00.');
    await shot(page, 'calls/new-call-es');
    // Ctrl+Enter saves, as for notes.
    await dialog.getByLabel('Descripción').press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('count-now').textContent()).toBe('2');
    await page.getByRole('row', { name: new RegExp(customerName) }).waitFor();
    // The call took the priority of the customer's contract; the description shows, the code on hover.
    await expect.poll(() => page.getByRole('row', { name: new RegExp(customerName) }).getByTestId('call-priority').textContent()).toBe('Alta');
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(customerName);
    // Most urgent first: the older critical call comes before the new one.
    await page.getByText('Más urgentes').click();
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain('Pregunta por el precio');
    await expect.poll(() => page.getByRole('row').nth(1).getByTestId('call-priority').textContent()).toBe('Crítica');
    await shot(page, 'calls/inbox-es');
    await page.getByText('Más recientes').click();
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(customerName);

    // open it and add a note
    await page.getByRole('row', { name: new RegExp(customerName) }).click();
    await page.getByRole('heading', { name: `Llamada de ${customerName}` }).waitFor();
    await page.getByPlaceholder(/Escriba una nota/).fill('Llamé a las 11:10: no contestan. Vuelvo a intentarlo.');
    await page.getByRole('button', { name: 'Añadir' }).click();
    await page.getByTestId('call-note').filter({ hasText: 'no contestan' }).waitFor();
    const href = await page.getByTestId('open-customer').getAttribute('href');
    expect(href).toMatch(/^\/customers\/\d+\?fromCallId=\d+$/);

    // postpone it to tomorrow morning, for the technical group
    await page.getByRole('button', { name: 'Aplazar' }).click();
    const pd = page.getByRole('dialog', { name: 'Aplazar llamada' });
    await pd.getByRole('button', { name: 'Mañana 9:00' }).click();
    await pd.getByLabel('Motivo del aplazamiento').fill('El encargado no está hasta mañana.');
    await pd.getByLabel('Para (usuario o grupo)').click();
    await page.getByRole('option', { name: 'Grupo Servicio técnico' }).click();
    await shot(page, 'calls/postpone-es');
    await pd.getByRole('button', { name: 'Aplazar', exact: true }).click();
    await pd.waitFor({ state: 'detached' });
    await page.getByText(/Aplazada hasta/).first().waitFor();
    await page.getByText(/El encargado no está hasta mañana/).waitFor();
    await shot(page, 'calls/call-postponed-es');

    // it left "pending now" and waits in "postponed"
    await page.getByRole('link', { name: 'Llamadas' }).first().click();
    await expect.poll(() => page.getByTestId('count-now').textContent()).toBe('1');
    await page.getByRole('tab', { name: /Aplazadas/ }).click();
    await page.getByRole('row', { name: new RegExp(customerName) }).click();

    // finish it — the notice offers to undo it, which leaves it pending again (audited)
    await page.getByRole('button', { name: 'Finalizar' }).click();
    await page.getByTestId('undo-finish').click();
    await page.getByText('Llamada reabierta: vuelve a estar pendiente').waitFor();
    await page.getByRole('button', { name: 'Finalizar' }).click();
    await page.getByTestId('finish-stamp').waitFor();
    // a supervisor (the administrator here) can reopen it later
    await page.getByRole('button', { name: 'Reabrir' }).waitFor();
    await expect.poll(() => page.getByTestId('finish-stamp').textContent()).toContain('Administrador');
    await page.getByText('Finalizada', { exact: true }).first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Finalizar' }).count()).toBe(0);
    await shot(page, 'calls/call-finished-es');

    const calls = await env.api.get('/calls?view=finished');
    expect(calls.body.items).toHaveLength(1);
    expect(calls.body.items[0]).toMatchObject({ customerName, pending: false, statusCode: 'FI', serialNumber: 'C200-7781' });
    expect((await env.api.get(`/calls/${calls.body.items[0].id}`)).body).toMatchObject({ postponeCount: 1 });
    const audit = await env.api.get(`/audit?entityType=call&entityId=${calls.body.items[0].id}`);
    expect(audit.body.items.map((x: { action: string }) => x.action)).toEqual(expect.arrayContaining(['finish', 'reopen']));

    // the same screens in English
    await switchLanguage(page, 'en');
    await page.getByRole('heading', { name: `Call from ${customerName}` }).waitFor();
    await shot(page, 'calls/call-finished-en');
    await page.getByRole('link', { name: 'Calls' }).first().click();
    await page.getByRole('tab', { name: /All/ }).click();
    await page.getByRole('row', { name: new RegExp(customerName) }).waitFor();
    await shot(page, 'calls/inbox-en');
    await page.getByRole('button', { name: 'New call' }).first().click();
    await page.getByRole('dialog', { name: 'Register a call' }).getByRole('button', { name: 'Register call' }).click();
    await page.getByText(/Fill in at least one|Say who the call is from/).first().waitFor();
    await shot(page, 'calls/new-call-error-en');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await switchLanguage(page, 'es');
  });

  it('"Nueva llamada" on the unit and customer pages comes prefilled; n creates what the shortcuts dialog says', async () => {
    const page = await env.newPage();
    await env.login(page);
    // The unit page: the serial and its customer are filled in, the caller identified.
    await page.goto(`${env.baseUrl}/units/${unitId}`);
    await page.getByTestId('unit-new-call').click();
    const dialog = page.getByRole('dialog', { name: 'Registrar llamada' });
    await expect.poll(() => dialog.getByLabel('Nº de serie').inputValue()).toBe('C200-7781');
    await expect.poll(() => dialog.getByLabel('Cliente', { exact: true }).inputValue()).toContain(customerName);
    await dialog.getByTestId('caller-identified').waitFor();
    await dialog.getByLabel('Descripción').fill('Llaman por la cafetera: vuelve a perder agua.');
    await dialog.getByLabel('Descripción').press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    // Back where the call was taken from.
    await page.getByRole('heading', { name: 'C200-7781' }).waitFor();
    const calls = await env.api.get(`/calls?unitId=${unitId}&view=all`);
    expect(calls.body.items[0]).toMatchObject({ customerId, unitId, description: 'Llaman por la cafetera: vuelve a perder agua.' });

    // The customer page: the shortcuts dialog says what n creates here, and n opens it prefilled.
    await page.goto(`${env.baseUrl}/customers/${customerId}`);
    await page.getByRole('heading', { name: customerName }).waitFor();
    await page.getByTestId('customer-new-call').waitFor();
    await page.keyboard.press('Shift+?');
    const help = page.getByRole('dialog', { name: 'Atajos de teclado' });
    await help.getByText('Nuevo aquí: Nueva llamada').waitFor();
    await shot(page, 'calls/shortcuts-customer-es');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('n');
    await expect.poll(() => dialog.getByLabel('Cliente', { exact: true }).inputValue()).toContain(customerName);
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: customerName }).waitFor();

    // A list page names its own record; a page with nothing to create takes a call.
    await page.goto(`${env.baseUrl}/items`);
    await page.getByRole('heading', { name: 'Artículos' }).waitFor();
    await page.keyboard.press('Shift+?');
    await help.getByText('Nuevo aquí: Nuevo artículo').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.goto(`${env.baseUrl}/notices`);
    await page.locator('h1').waitFor();
    await page.keyboard.press('Shift+?');
    await help.getByText('Nuevo aquí: Nueva llamada').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('n');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
  });
});
