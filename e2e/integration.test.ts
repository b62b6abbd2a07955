/**
 * The areas working together: a call from a known customer phone, the customer opened from the call,
 * a technical activity registered there, and the call finished by it (stamps through the API,
 * shown as finished in the UI).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayIn } from '../src/shared/dates.ts';
import { describeBrowser, type E2E, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('call → customer → action', () => {
  let env: E2E;
  let adminId: string;
  beforeAll(async () => {
    env = await startE2E();
    const a = env.api;
    await a.post('/catalogs/call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true });
    await a.post('/catalogs/call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true });
    await a.post('/catalogs/call-types', { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Breakdown', isDefault: true });
    await a.post('/catalogs/activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', isDefault: true, pending: true });
    await a.post('/catalogs/origins', { code: 'TL', descriptionEs: 'Teléfono', descriptionEn: 'Phone', isDefault: true });
    const me = await a.get('/auth/me');
    adminId = me.body.user.id;
    await a.patch('/me/preferences', { defaultToUserId: adminId });
    await a.post('/customers', { code: 'C0042', name: 'Restaurante El Faro', taxId: 'B12345674', phones: ['986 123 456'] });
  });
  afterAll(() => env?.close());

  it('an activity registered on the customer opened from a call finishes the call', async () => {
    const page = await env.newPage();
    await env.login(page);

    // take the call: the phone identifies the customer
    await page.getByRole('navigation').getByRole('link', { name: /Llamadas/ }).click();
    await page.getByRole('button', { name: 'Nueva llamada' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Registrar llamada' });
    await dialog.getByLabel('Teléfono').fill('986 12 34 56');
    await dialog.getByTestId('caller-identified').waitFor();
    await expect.poll(() => dialog.getByTestId('caller-identified').textContent()).toContain('Restaurante El Faro');
    await dialog.getByLabel('Descripción').fill('El lavavajillas de la cocina no desagua. Piden que pase alguien hoy.');
    await dialog.getByRole('button', { name: 'Registrar llamada' }).click();
    await dialog.waitFor({ state: 'detached' });

    const calls = await env.api.get('/calls?view=now');
    const call = calls.body.items.find((c: { customerName: string | null }) => c.customerName === 'Restaurante El Faro');
    expect(call).toBeTruthy();
    expect(call.pending).toBe(true);

    // the call page offers every action there is
    await page.goto(`${env.baseUrl}/calls/${call.id}`);
    await page.getByRole('button', { name: 'Crear acción' }).click();
    for (const name of ['Nueva actividad técnica', 'Nueva actividad comercial', 'Nueva tarea', 'Registrar dedicación']) {
      await page.getByRole('menuitem', { name }).waitFor();
    }
    await page.keyboard.press('Escape');

    // open the customer from the call: the banner says the call comes along
    await page.getByTestId('open-customer').click();
    await page.getByRole('heading', { name: 'Restaurante El Faro' }).waitFor();
    const banner = page.getByTestId('from-call-banner');
    await banner.getByText('Atendiendo la llamada de Restaurante El Faro — lo que registre aquí finaliza la llamada').waitFor();
    await shot(page, 'integration/customer-from-call-es');

    // register a technical activity from the customer page
    await page.getByRole('link', { name: 'Nueva actividad técnica' }).click();
    await page.getByRole('heading', { name: 'Nueva actividad técnica' }).waitFor();
    await page.getByText(`Al guardar se finalizará la llamada ${call.id}.`).waitFor();
    await page.locator('#field-problem').fill('Lavavajillas de cocina no desagua');
    await page.locator('#field-solution').fill('Bomba de desagüe obstruida: limpiada y probada');
    await page.getByRole('button', { name: 'Registrar actividad' }).click();
    await page.getByText(`Llamada n.º ${call.id} finalizada`).waitFor();

    // the call is finished, with its stamps, by that activity
    const after = await env.api.get(`/calls/${call.id}`);
    expect(after.body.pending).toBe(false);
    expect(after.body.statusCode).toBe('FI');
    expect(after.body.finishedBy).toBe(adminId);
    expect(after.body.finishedAt).toBeTruthy();
    expect(after.body.finishedByActionType).toBe('activity');
    const activityId = after.body.finishedByActionId;
    const activity = await env.api.get(`/activities/${activityId}`);
    expect(activity.body.customerId).toBe(call.customerId);
    expect(activity.body.fromCallId).toBe(call.id);

    // the call page shows it finished; back on the customer page the banner says so
    await page.goto(`${env.baseUrl}/calls/${call.id}`);
    await page.getByText('Finalizada al crear', { exact: false }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Finalizar' }).count()).toBe(0);
    await shot(page, 'integration/call-finished-es');
    await page.goto(`${env.baseUrl}/customers/${call.customerId}?fromCallId=${call.id}`);
    await page.getByTestId('from-call-banner').getByText('ya está finalizada', { exact: false }).waitFor();
    // the actions no longer carry the finished call
    await expect.poll(() => page.getByRole('link', { name: 'Nueva actividad técnica' }).getAttribute('href')).toBe(`/activities/new?customerId=${call.customerId}`);

    await switchLanguage(page, 'en');
    await page.getByTestId('from-call-banner').getByText('is already finished', { exact: false }).waitFor();
    await shot(page, 'integration/customer-call-finished-en');
  });

  it('"Mi día" shows my pending calls, my agenda, my pending activities and notices, in both languages', async () => {
    const a = env.api;
    const customer = (await a.get('/customers?limit=1')).body.items[0];
    await a.post('/calls', { customerId: customer.id, description: 'Pregunta si el técnico vendrá por la mañana.', toUserId: adminId });
    // The company's today (Europe/Madrid): from 23:00 UTC in winter it is already tomorrow there.
    const today = todayIn('Europe/Madrid');
    await a.post('/tasks', { title: 'Enviar presupuesto de la bomba de desagüe', customerId: customer.id, assigneeUserId: adminId, dueDate: today });
    await a.post('/activities', { customerId: customer.id, problem: 'Cámara frigorífica con escarcha en el evaporador' });

    const page = await env.newPage();
    await env.login(page);
    // the first test left the admin in English (the choice is saved on the user): the saved choice,
    // not the page's language at this instant, says whether to switch back
    if ((await a.get('/auth/me')).body.user.language !== 'es') await switchLanguage(page, 'es');
    await page.getByRole('heading', { name: 'Mi día' }).waitFor();
    await expect.poll(() => page.getByTestId('home-calls-count').textContent()).toBe('1');
    await page.getByTestId('home-calls').getByText('Restaurante El Faro').waitFor();
    await page.getByTestId('home-agenda').getByText('Enviar presupuesto de la bomba de desagüe').waitFor();
    await page.getByTestId('home-activities').getByText('Cámara frigorífica con escarcha').waitFor();
    await page.getByTestId('home-notices').getByText('no tiene avisos sin leer', { exact: false }).waitFor();
    await shot(page, 'integration/home-es');
    // n takes a call from the home page
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'Registrar llamada' }).waitFor();
    await page.keyboard.press('Escape');
    await page.goto(`${env.baseUrl}/`);
    await switchLanguage(page, 'en');
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.getByText('Calls pending for me').waitFor();
    await shot(page, 'integration/home-en');
  });
});
