import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, type E2E, shot, startE2E, switchLanguage } from './support.ts';

describeBrowser('projects, tasks and quick time entry', () => {
  let env: E2E;
  beforeAll(async () => {
    env = await startE2E();
  });
  afterAll(() => env?.close());

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
    await expect(dialog.getByTestId('quick-time-result').textContent()).resolves.toMatch(/TM-OFERTA.*Tarea nueva «Revisión de la bomba de calor».*Próxima gestión de la tarea: /s);
    await expect(dialog.getByTestId('quick-time-result').textContent()).resolves.toContain(nextText);
    await shot(page, 'projects/quick-result-es');
    const entries = (await env.api.get(`/time-entries?customerId=${customer.id}`)).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ minutes: 90, userId: user.id, projectCode: 'TM-OFERTA' });
    await dialog.getByRole('button', { name: 'Cerrar' }).click();
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
    await expect(page.getByTestId('project-total').textContent()).resolves.toBe('45 min');
    await shot(page, 'projects/project-es');

    await page.goto(`/time?from=${today.slice(0, 7)}-01&to=${today}`);
    await page.getByTestId('time-chart').waitFor();
    await expect(page.getByTestId('time-report-total').textContent()).resolves.toMatch(/min|h/);
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
  });
});
