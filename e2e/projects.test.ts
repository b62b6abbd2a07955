import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('projects, tasks and quick time entry', () => {
  let env: E2E;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(() => env?.close());

  it('a new agent records time from the customer list and the customer page: project and task created, then reused', async () => {
    const customer = (await env.api.post('/customers', { code: 'CLIMA', name: 'Climatización Levante' })).body;
    const user = await env.createUser('agent', { name: 'Pablo Ruiz' });
    const page = await env.newPage();
    await env.login(page, user.username, user.password);

    await page.goto('/customers');
    const row = page.locator('tr', { hasText: 'Climatización Levante' });
    await row.waitFor();
    await shot(page, 'projects/customers-list-action-es');
    await row.getByRole('button', { name: 'Registrar dedicación' }).click();
    const dialog = page.getByRole('dialog', { name: /Registrar dedicación · Climatización Levante/ });
    await dialog.getByLabel('Qué se ha hecho').fill('Puesta en marcha del equipo de aire');
    // Employee (me) and today are already filled in.
    await expect.poll(() => dialog.getByLabel('Empleado').inputValue()).toBe('Pablo Ruiz');
    await dialog.getByLabel('Duración').fill('45');
    await dialog.getByLabel('Duración').press('Enter');
    const result = dialog.getByTestId('quick-time-result');
    await result.waitFor();
    await expect.poll(() => result.textContent()).toMatch(/45 min registrados.*Proyecto CLIMA · Climatización Levante creado.*Tarea nueva «Puesta en marcha del equipo de aire»/s);
    await shot(page, 'projects/quick-result-created-es');
    await dialog.getByRole('button', { name: 'Cerrar' }).last().click(); // the footer's, not the header's ×
    // Closing the dialog leaves the user on the list.
    await dialog.waitFor({ state: 'hidden' });
    expect(page.url()).toMatch(/\/customers$/);

    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('heading', { name: 'Climatización Levante' }).waitFor();
    await shot(page, 'projects/customer-page-action-es');
    await page.getByRole('button', { name: 'Registrar dedicación' }).first().click();
    await dialog.getByLabel('Qué se ha hecho').fill('Revisión de la presión del circuito');
    await dialog.getByLabel('Duración').fill('1h15');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await result.waitFor();
    await expect.poll(() => result.textContent()).toMatch(/1 h 15 min.*En el proyecto CLIMA.*En la tarea pendiente más reciente, «Puesta en marcha del equipo de aire»/s);
    await shot(page, 'projects/quick-result-reused-es');
    const entries = (await env.api.get(`/time-entries?customerId=${customer.id}`)).body.items;
    expect(entries.map((e: { minutes: number }) => e.minutes)).toEqual([75, 45]);
    expect(new Set(entries.map((e: { taskId: string }) => e.taskId)).size).toBe(1);
  });

  it('the quick form says what is wrong under the field and keeps what was typed', async () => {
    const customer = (await env.api.post('/customers', { code: 'ERR1', name: 'Errores Controlados' })).body;
    const page = await env.newPage();
    await env.login(page);
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Registrar dedicación' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Qué se ha hecho').fill('Texto que no se pierde');
    await dialog.getByLabel('Duración').fill('mucho');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await dialog.getByText('Escriba la duración en minutos (90) o en horas (1:30).').waitFor();
    await expect(dialog.getByLabel('Qué se ha hecho').inputValue()).resolves.toBe('Texto que no se pierde');
    await shot(page, 'projects/quick-error-es');
    expect((await env.api.get(`/time-entries?customerId=${customer.id}`)).body.items).toHaveLength(0);
  });

  it('records time from a call: the action finishes the call', async () => {
    for (const s of [
      { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true },
      { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true },
    ]) await env.api.post('/catalogs/call-statuses', s);
    await env.api.post('/catalogs/call-types', { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Breakdown', isDefault: true });
    const customer = (await env.api.post('/customers', { code: 'LLAM', name: 'Llamadas Norte' })).body;
    const me = (await env.api.get('/auth/me')).body.user;
    const call = await env.api.post('/calls', { customerId: customer.id, toUserId: me.id, description: 'No enfría la cámara' });
    expect(call.status, call.text).toBe(201);
    const page = await env.newPage();
    await env.login(page);
    await page.goto(`/calls/${call.body.id}`);
    await page.getByRole('button', { name: 'Crear acción' }).click();
    await page.getByRole('menuitem', { name: 'Registrar dedicación' }).click();
    await page.getByText(`Al registrar se finalizará la llamada n.º ${call.body.id}.`).waitFor();
    await page.getByLabel('Qué se ha hecho').fill('Diagnóstico telefónico de la cámara');
    await page.getByLabel('Duración').fill('20');
    await page.getByRole('button', { name: 'Registrar' }).click();
    await page.getByTestId('quick-time-result').waitFor();
    await expect.poll(() => page.getByTestId('quick-time-result').textContent()).toContain(`Llamada n.º ${call.body.id} finalizada.`);
    await shot(page, 'projects/quick-from-call-es');
    expect((await env.api.get(`/calls/${call.body.id}`)).body).toMatchObject({ pending: false, finishedByActionType: 'time_entry' });
  });

  it('records time from a project page, choosing the project when the customer has several', async () => {
    const customer = (await env.api.post('/customers', { code: 'TALLER', name: 'Talleres Martínez' })).body;
    const a = (await env.api.post('/projects', { code: 'TM-MANT', name: 'Mantenimiento anual', customerId: customer.id, kind: 'production' })).body;
    await env.api.post('/projects', { code: 'TM-OFERTA', name: 'Oferta ampliación', customerId: customer.id, kind: 'commercial' });
    const user = await env.createUser('agent', { name: 'Lucía Gómez' });
    const page = await env.newPage();
    await env.login(page, user.username, user.password);

    await page.goto(`/projects/${a.id}`);
    await page.getByRole('heading', { name: /TM-MANT/ }).waitFor();
    await page.getByRole('button', { name: 'Registrar dedicación' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Qué se ha hecho').fill('Revisión de la bomba de calor');
    await dialog.getByLabel('Duración').fill('1:30');
    await dialog.getByText('= 1 h 30 min').waitFor();
    const next = new Date(Date.now() + 7 * 86_400_000);
    const nextText = `${String(next.getUTCDate()).padStart(2, '0')}/${String(next.getUTCMonth() + 1).padStart(2, '0')}/${next.getUTCFullYear()}`;
    await dialog.getByLabel('Próxima gestión (opcional)').fill(nextText);
    await dialog.getByLabel('Qué se ha hecho').click();
    await shot(page, 'projects/quick-form-es');
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await dialog.getByTestId('project-choice').waitFor();
    await shot(page, 'projects/quick-choice-es');
    // Nothing saved yet.
    expect((await env.api.get(`/time-entries?customerId=${customer.id}`)).body.items).toHaveLength(0);
    await dialog.getByLabel(/TM-OFERTA/).check();
    await dialog.getByRole('button', { name: 'Registrar' }).click();
    await dialog.getByTestId('quick-time-result').waitFor();
    await expect.poll(() => dialog.getByTestId('quick-time-result').textContent()).toMatch(/TM-OFERTA.*Tarea nueva «Revisión de la bomba de calor».*Próxima gestión de la tarea: /s);
    await expect.poll(() => dialog.getByTestId('quick-time-result').textContent()).toContain(nextText);
    await shot(page, 'projects/quick-result-es');
    const entries = (await env.api.get(`/time-entries?customerId=${customer.id}`)).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ minutes: 90, userId: user.id, projectCode: 'TM-OFERTA' });
    await dialog.getByRole('button', { name: 'Cerrar' }).last().click(); // the footer's, not the header's ×
  });

  it('shows the agenda, a task, the project list and time totals with a chart, in Spanish and English', async () => {
    const customer = (await env.api.post('/customers', { code: 'FRIO', name: 'Frío Industrial del Sur' })).body;
    const me = await env.api.get('/auth/me');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date());
    const quick = await env.api.post(`/customers/${customer.id}/quick-time`, { text: 'Llamada de seguimiento de la avería', userId: me.body.user.id, date: today, minutes: 45, nextFollowUpDate: today });
    expect(quick.status).toBe(201);
    await env.api.post('/tasks', { title: 'Enviar presupuesto del compresor', customerId: customer.id, assigneeUserId: me.body.user.id, dueDate: '2020-01-15' });
    const page = await env.newPage();
    await env.login(page);

    await page.goto('/agenda');
    await page.getByRole('heading', { name: 'Atrasadas' }).waitFor();
    await page.getByRole('heading', { name: 'Hoy' }).waitFor();
    await shot(page, 'projects/agenda-es');

    await page.getByRole('link', { name: 'Llamada de seguimiento de la avería' }).click();
    await page.getByRole('heading', { name: 'Llamada de seguimiento de la avería' }).waitFor();
    await page.getByText('45 min').first().waitFor();
    await shot(page, 'projects/task-es');

    // The global search finds tasks by the words of their title.
    await page.keyboard.press('/');
    await page.keyboard.type('presupuesto compresor');
    await page.getByRole('option', { name: /Tarea.*Enviar presupuesto del compresor/ }).click();
    await page.getByRole('heading', { name: 'Enviar presupuesto del compresor' }).waitFor();

    await page.goto('/projects');
    await page.getByText('FRIO', { exact: true }).waitFor();
    await shot(page, 'projects/projects-es');
    await page.getByText('FRIO', { exact: true }).click();
    await page.getByTestId('project-total').waitFor();
    await expect.poll(() => page.getByTestId('project-total').textContent()).toBe('45 min');
    await shot(page, 'projects/project-es');

    await page.goto(`/time?from=${today.slice(0, 7)}-01&to=${today}`);
    await page.getByTestId('time-chart').waitFor();
    await expect.poll(() => page.getByTestId('time-report-total').textContent()).toMatch(/min|h/);
    await shot(page, 'projects/time-report-es');

    await switchLanguage(page, 'en');
    await page.getByRole('tab', { name: 'Totals' }).waitFor();
    await shot(page, 'projects/time-report-en');
    await page.goto('/agenda');
    await page.getByRole('heading', { name: 'Overdue' }).waitFor();
    await shot(page, 'projects/agenda-en');
    await page.goto('/tasks');
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await shot(page, 'projects/tasks-en');
    await switchLanguage(page, 'es');

    // On a phone (390 px) the tasks and projects lists show cards and fold their filters behind "Filtros".
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/tasks?due=overdue');
    const cards = page.getByTestId('list-cards');
    await cards.locator('[data-card]').filter({ hasText: 'Enviar presupuesto del compresor' }).waitFor();
    expect(await page.locator('table').count()).toBe(0);
    await expect.poll(() => page.getByTestId('filters-toggle').textContent()).toBe('Filtros (activos)');
    const search = page.getByLabel('Buscar en título y descripción');
    expect(await search.isVisible()).toBe(false);
    await page.getByTestId('filters-toggle').click();
    await search.waitFor();
    await shot(page, 'projects/tasks-phone-es');
    await page.goto('/projects');
    await cards.locator('[data-card]').filter({ hasText: 'FRIO' }).waitFor();
    await expect.poll(() => page.getByTestId('filters-toggle').textContent()).toBe('Filtros');
    await shot(page, 'projects/projects-phone-es');
  });
});
