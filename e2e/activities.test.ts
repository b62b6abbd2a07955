import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, openNav, pageTitled, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('technical activities', () => {
  let env: E2E;
  let customerId: string;
  beforeAll(async () => {
    env = await startE2E();
    const api = env.api;
    await api.post('/catalogs/activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', isDefault: true, pending: true });
    await api.post('/catalogs/activity-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false });
    await api.post('/catalogs/origins', { code: 'TL', descriptionEs: 'Teléfono', descriptionEn: 'Phone', isDefault: true });
    await api.post('/catalogs/problem-types', { code: 'HW', descriptionEs: 'Avería de equipo', descriptionEn: 'Hardware fault' });
    await api.post('/catalogs/solution-types', { code: 'TA', descriptionEs: 'Visita programada', descriptionEn: 'Visit scheduled', automaticAction: 'create_task' });
    await api.post('/catalogs/solution-types', { code: 'EM', descriptionEs: 'Resuelto, informar por correo', descriptionEn: 'Solved, e-mail the customer', automaticAction: 'email_customer' });
    const customer = await api.post('/customers', { code: 'CLI001', name: 'Clínica Dental Sonrisa', emails: [] });
    customerId = customer.body.id;
    const other = await api.post('/customers', { code: 'HOT002', name: 'Hotel Mirador', emails: ['recepcion@hotelmirador.example'] });
    await api.post('/activities', { customerId: other.body.id, problem: 'La centralita no desvía llamadas', solutionTypeCode: 'EM', solution: 'Reconfigurado el desvío' });
    await api.post('/activities', { customerId, problem: 'Sin correo configurado', solutionTypeCode: 'EM', solution: 'Cambiado el tóner' });
    await api.post('/commercial-activities', { customerId: other.body.id, typeCode: 'offer', description: 'Oferta de renovación de centralita', nextActionDate: '2026-12-01' });
    await api.post('/customer-events', { customerId: other.body.id, title: 'Confirmar visita del técnico', dueAt: '2026-12-02T09:00:00Z' });
  });
  afterAll(() => env?.close());

  it('registers an activity whose solution type creates a task for the registering user', async () => {
    const page = await env.newPage();
    await env.login(page);
    await openNav(page, 'Actividades técnicas');
    await pageTitled(page, 'Actividades técnicas');
    await page.getByRole('table').getByText('Sin correo configurado').waitFor();
    await shot(page, 'activities/list-es');

    await page.keyboard.press('n');
    await pageTitled(page, 'Nueva actividad técnica');
    // Defaults filled in: the default status and origin (their descriptions arrive with the catalogs).
    await expect.poll(() => page.locator('#field-statusCode').inputValue()).toBe('Habitual');
    await expect.poll(() => page.locator('#field-originCode').inputValue()).toBe('Teléfono');
    await page.locator('#field-customerId').fill('Sonrisa');
    await page.getByRole('option', { name: /CLI001/ }).click();
    await page.locator('#field-problemTypeCode').click();
    await page.getByRole('option', { name: 'Avería de equipo' }).click();
    await page.locator('#field-problem').fill('El sillón dental no sube');
    await page.locator('#field-solutionTypeCode').click();
    await page.getByRole('option', { name: 'Visita programada' }).click();
    await page.getByText('Al guardar se ejecutará: Tarea para el usuario').waitFor();
    await page.locator('#field-solution').fill('Programar visita del técnico con el motor de repuesto');
    await shot(page, 'activities/new-es');
    await page.getByRole('button', { name: 'Registrar actividad' }).click();

    const panel = page.getByTestId('automatic-action');
    await panel.getByText('Acción automática realizada: Tarea para el usuario').waitFor();
    await shot(page, 'activities/detail-task-es');
    const id = page.url().split('/').pop()!;
    const activity = await env.api.get(`/activities/${id}`);
    expect(activity.body).toMatchObject({ customerId, problemTypeCode: 'HW', solutionTypeCode: 'TA', statusCode: 'HA', pending: true });
    expect(activity.body.automaticAction).toMatchObject({ kind: 'create_task', status: 'done', result: { type: 'task' } });
    const task = await env.app.database.db.selectFrom('tasks').selectAll().where('id', '=', Number(activity.body.automaticAction.result.id)).executeTakeFirstOrThrow();
    const me = await env.api.get('/auth/me');
    expect(task).toMatchObject({ assignee_user_id: Number(me.body.user.id), customer_id: Number(customerId), status: 'pending', source_type: 'activity' });
    await expect.poll(() => panel.getByRole('link', { name: new RegExp(`la tarea #${task.id}`) }).count()).toBe(1);
  });

  it('shows a failed action with its reason and the other screens, in Spanish and English', async () => {
    const page = await env.newPage();
    await env.login(page);
    const failed = (await env.api.get('/activities?actionStatus=failed')).body.items[0];
    await page.goto(`/activities/${failed.id}`);
    await page.getByTestId('automatic-action').getByText('El cliente no tiene ninguna dirección de correo electrónico.').waitFor();
    await shot(page, 'activities/detail-failed-es');

    await page.goto('/customer-agenda?scope=all');
    await page.getByText('Confirmar visita del técnico').waitFor();
    await shot(page, 'activities/agenda-es');
    await page.goto('/commercial-activities');
    await page.getByText('Oferta de renovación de centralita').waitFor();
    await shot(page, 'activities/commercial-es');
    await page.goto('/outbox');
    await page.getByText('recepcion@hotelmirador.example').waitFor();
    await page.getByText(/SMTP no está configurado/).waitFor();
    await shot(page, 'activities/outbox-es');

    // A notice appears on the bell.
    await env.api.post('/catalogs/solution-types', { code: 'AV', descriptionEs: 'Avisarme', descriptionEn: 'Notify me', automaticAction: 'notify_user' });
    await env.api.post('/activities', { problem: 'Revisar mañana el equipo', solutionTypeCode: 'AV' });
    await page.goto('/notices');
    await page.getByText(/Actividad técnica \d+: Avisarme/).waitFor();
    // (The bell asks for its count on its own: it may answer after the list.)
    await expect.poll(() => page.getByTestId('notices-bell').getAttribute('data-unread')).toBe('1');
    await page.getByTestId('notices-bell').click();
    await shot(page, 'activities/notices-bell-es');
    await page.keyboard.press('Escape');

    await switchLanguage(page, 'en');
    await page.goto(`/activities/${failed.id}`);
    await page.getByTestId('automatic-action').getByText('The customer has no e-mail address.').waitFor();
    await shot(page, 'activities/detail-failed-en');
    await page.goto('/activities');
    await page.getByRole('heading', { name: 'Technical activities' }).waitFor();
    await shot(page, 'activities/list-en');
    await page.goto('/customer-agenda?scope=all');
    await shot(page, 'activities/agenda-en');
    await page.goto('/outbox');
    await shot(page, 'activities/outbox-en');
    await switchLanguage(page, 'es');
  });
});
