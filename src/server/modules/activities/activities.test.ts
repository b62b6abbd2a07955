import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import { customerTimeline } from '../customers/feeds.ts';
import { makeProject } from '../projects/test-factories.ts';
import { activityStatus, code2, insertCustomer, solutionType } from './activities.fixtures.ts';

describe.each(DIALECTS)('technical activities on %s', (dialect) => {
  let t: TestApp;
  let pendingStatus: string;
  let doneStatus: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('refuses an activity without status while no default status is configured, and saves nothing', async () => {
    const res = await t.admin.post('/activities', { problem: 'La impresora no imprime' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'statusCode', code: 'status_required' })]);
    expect(res.body.errors[0].message).toMatch(/habitual/);
    const list = await t.admin.get('/activities');
    expect(list.body.items).toHaveLength(0);
  });

  it('uses the default status ("Habitual") and takes pending from the status', async () => {
    pendingStatus = await activityStatus(t, { pending: true, isDefault: true });
    doneStatus = await activityStatus(t, { pending: false });
    const a = await t.admin.post('/activities', { problem: 'No arranca el equipo' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ statusCode: pendingStatus, pending: true, registeredBy: t.adminId, automaticAction: null });
    expect(Date.now() - Date.parse(a.body.registeredAt)).toBeLessThan(60_000);

    const done = await t.admin.post('/activities', { statusCode: doneStatus, problem: 'Consulta', solution: 'Resuelta por teléfono' });
    expect(done.body).toMatchObject({ statusCode: doneStatus, pending: false });

    const changed = await t.admin.patch(`/activities/${a.body.id}`, { statusCode: doneStatus });
    expect(changed.body.pending).toBe(false);
    expect((await t.admin.get(`/activities?pending=true`)).body.items.map((x: { id: string }) => x.id)).not.toContain(a.body.id);
  });

  it('never lets a client set or change the registration stamps', async () => {
    const res = await t.admin.post('/activities', { problem: 'x', registeredAt: '2020-01-01T00:00:00Z', registeredBy: '999' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(['registeredAt:readonly_field', 'registeredBy:readonly_field']);
    const a = await t.admin.post('/activities', { problem: 'y' });
    const patch = await t.admin.patch(`/activities/${a.body.id}`, { registeredAt: '2020-01-01T00:00:00Z' });
    expect(patch.status).toBe(400);
    expect((await t.admin.get(`/activities/${a.body.id}`)).body.registeredAt).toBe(a.body.registeredAt);
    const unknown = await t.admin.post('/activities', { problem: 'z', colour: 'red' });
    expect(unknown.body.errors[0]).toMatchObject({ field: 'colour', code: 'unknown_field' });
  });

  it('takes a project only with a customer, and only one of that customer\'s projects', async () => {
    const mine = await insertCustomer(t);
    const other = await insertCustomer(t);
    const project = await makeProject(t, Number(mine.id));
    const otherProject = await makeProject(t, Number(other.id));

    const noCustomer = await t.admin.post('/activities', { problem: 'x', projectId: String(project.id) });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.errors[0]).toMatchObject({ field: 'projectId', code: 'project_requires_customer' });
    const foreign = await t.admin.post('/activities', { problem: 'x', customerId: mine.id, projectId: String(otherProject.id) });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'projectId', code: 'project_not_of_customer' });
    const missing = await t.admin.post('/activities', { problem: 'x', customerId: mine.id, projectId: '999999' });
    expect(missing.body.errors[0]).toMatchObject({ field: 'projectId', code: 'unknown_reference' });

    const ok = await t.admin.post('/activities', { problem: 'x', customerId: mine.id, projectId: String(project.id) });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ customerId: mine.id, projectId: String(project.id) });
    // Moving the activity to another customer while it keeps the first one's project is refused.
    const moved = await t.admin.patch(`/activities/${ok.body.id}`, { customerId: other.id });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0]).toMatchObject({ field: 'customerId', code: 'project_not_of_customer' });
    const dropped = await t.admin.patch(`/activities/${ok.body.id}`, { customerId: null });
    expect(dropped.status).toBe(400);
    const both = await t.admin.patch(`/activities/${ok.body.id}`, { customerId: other.id, projectId: String(otherProject.id) });
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ customerId: other.id, projectId: String(otherProject.id) });
  });

  it('task for the registering user, in the activity\'s customer and project', async () => {
    const st = await solutionType(t, 'create_task');
    const tech = await t.userWithRole('technician');
    const customer = await insertCustomer(t);
    const project = await makeProject(t, Number(customer.id));
    const a = await tech.agent.post('/activities', { customerId: customer.id, projectId: String(project.id), problem: 'Revisar instalación', solutionTypeCode: st, solution: 'Pendiente de pieza' });
    expect(a.status).toBe(201);
    expect(a.body.automaticAction).toMatchObject({ kind: 'create_task', status: 'done', result: { type: 'task' } });
    const task = await t.database.db.selectFrom('tasks').selectAll().where('id', '=', Number(a.body.automaticAction.result.id)).executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      assignee_user_id: Number(tech.id),
      customer_id: Number(customer.id),
      project_id: project.id,
      status: 'pending',
      source_type: 'activity',
      source_id: Number(a.body.id),
    });
    expect(task.title).toContain(`actividad técnica ${a.body.id}`);
    expect(task.description).toContain('Revisar instalación');
    expect(task.next_follow_up_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('checks catalog codes: active for new values, retired ones stay valid when unchanged', async () => {
    const st = await solutionType(t, 'none');
    const bad = await t.admin.post('/activities', { problem: 'x', problemTypeCode: 'ZZ' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'problemTypeCode', code: 'unknown_code' });
    const a = await t.admin.post('/activities', { problem: 'x', solutionTypeCode: st });
    expect(a.status).toBe(201);
    await t.admin.patch(`/catalogs/solution-types/${st}`, { active: false });
    const keep = await t.admin.patch(`/activities/${a.body.id}`, { solutionTypeCode: st, solution: 'ok' });
    expect(keep.status).toBe(200);
    const fresh = await t.admin.post('/activities', { problem: 'x', solutionTypeCode: st });
    expect(fresh.body.errors[0]).toMatchObject({ field: 'solutionTypeCode', code: 'unknown_code' });
  });

  it('e-mail to the customer: renders the template in the customer language into the outbox', async () => {
    const st = await solutionType(t, 'email_customer', {
      emailSubjectEs: 'Resuelto: {{problem}}',
      emailSubjectEn: 'Solved: {{problem}}',
      emailBodyEs: 'Hola {{customer}}',
      emailBodyEn: 'Hello {{customer}}, {{solution}} ({{user}})',
    });
    const customer = await insertCustomer(t, { emails: ['it@acme.example'], language: 'en', name: 'Acme Ltd' });
    const a = await t.admin.post('/activities', { customerId: customer.id, problem: 'Printer jam', solutionTypeCode: st, solution: 'Roller replaced' });
    expect(a.status).toBe(201);
    expect(a.body.automaticAction).toMatchObject({ kind: 'email_customer', status: 'done', result: { type: 'email' } });
    const email = await t.admin.get(`/outbox/${a.body.automaticAction.result.id}`);
    expect(email.body).toMatchObject({
      to: 'it@acme.example',
      subject: 'Solved: Printer jam',
      status: 'queued',
      language: 'en',
      source: { type: 'activity', id: a.body.id },
    });
    expect(email.body.bodyText).toMatch(/^Hello Acme Ltd, Roller replaced \(.+\)$/);
    const list = await t.admin.get(`/outbox?sourceType=activity&sourceId=${a.body.id}`);
    expect(list.body.items).toHaveLength(1);
    const status = await t.admin.get('/outbox/status');
    expect(status.body).toMatchObject({ smtpConfigured: false });
    expect(status.body.counts.queued).toBeGreaterThanOrEqual(1);
  });

  it('a failing action (customer without e-mail) keeps the activity and shows the reason; retry once fixed', async () => {
    const st = await solutionType(t, 'email_customer');
    const customer = await insertCustomer(t, { emails: [] });
    const a = await t.admin.post('/activities', { customerId: customer.id, problem: 'Sin correo', solutionTypeCode: st });
    expect(a.status).toBe(201);
    expect(a.body.automaticAction).toMatchObject({ kind: 'email_customer', status: 'failed', errorCode: 'customer_has_no_email' });
    expect(a.body.automaticAction.error).toMatch(/correo/);
    expect(a.body.automaticAction.result).toBeUndefined();
    const en = await t.admin.withLanguage('en').get(`/activities/${a.body.id}`);
    expect(en.body.automaticAction.error).toBe('The customer has no e-mail address.');
    expect((await t.admin.get(`/outbox?sourceType=activity&sourceId=${a.body.id}`)).body.items).toHaveLength(0);
    expect((await t.admin.get('/activities?actionStatus=failed')).body.items.map((x: { id: string }) => x.id)).toContain(a.body.id);

    expect((await t.admin.patch(`/customers/${customer.id}`, { emails: ['fixed@example.com'] })).status).toBe(200);
    const retried = await t.admin.post(`/activities/${a.body.id}/automatic-action/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.automaticAction).toMatchObject({ status: 'done', result: { type: 'email' } });
    const again = await t.admin.post(`/activities/${a.body.id}/automatic-action/retry`);
    expect(again.status).toBe(409);
    const history = await t.admin.get(`/activities/${a.body.id}/automatic-actions`);
    expect(history.body.items.map((h: { status: string }) => h.status)).toEqual(['done', 'failed']);
  });

  it('fails with a reason when an action needs a customer and there is none', async () => {
    const st = await solutionType(t, 'schedule_callback');
    const a = await t.admin.post('/activities', { problem: 'Sin cliente', solutionTypeCode: st });
    expect(a.status).toBe(201);
    expect(a.body.automaticAction).toMatchObject({ kind: 'schedule_callback', status: 'failed', errorCode: 'action_no_customer' });
  });

  it('notice to the registering user, shown with an unread count', async () => {
    const st = await solutionType(t, 'notify_user');
    const tech = await t.userWithRole('technician');
    const a = await tech.agent.post('/activities', { problem: 'Revisar', solutionTypeCode: st });
    expect(a.body.automaticAction).toMatchObject({ kind: 'notify_user', status: 'done', result: { type: 'notice' } });
    const notices = await tech.agent.get('/notices');
    expect(notices.body.unreadCount).toBe(1);
    expect(notices.body.items[0]).toMatchObject({ id: a.body.automaticAction.result.id, kind: 'activity_action', read: false, link: { type: 'activity', id: a.body.id } });
    expect(notices.body.items[0].title).toContain(`Actividad técnica ${a.body.id}`);
    // Not visible to anyone else.
    expect((await t.admin.post(`/notices/${notices.body.items[0].id}/read`)).status).toBe(404);
    const read = await tech.agent.post(`/notices/${notices.body.items[0].id}/read`);
    expect(read.body.read).toBe(true);
    expect((await tech.agent.get('/notices/unread-count')).body.unreadCount).toBe(0);
    await tech.agent.post('/activities', { problem: 'Otra', solutionTypeCode: st });
    await tech.agent.post('/activities', { problem: 'Y otra', solutionTypeCode: st });
    expect((await tech.agent.get('/notices?unread=true')).body.items).toHaveLength(2);
    expect((await tech.agent.post('/notices/read-all')).body).toMatchObject({ updated: 2, unreadCount: 0 });
  });

  it('pending call-back in the customer agenda, assigned to the registering user', async () => {
    const st = await solutionType(t, 'schedule_callback');
    const agent = await t.userWithRole('agent');
    const customer = await insertCustomer(t);
    const a = await agent.agent.post('/activities', { customerId: customer.id, problem: 'Llamar mañana', solutionTypeCode: st });
    expect(a.body.automaticAction).toMatchObject({ kind: 'schedule_callback', status: 'done', result: { type: 'customer_event' } });
    const ev = await agent.agent.get(`/customer-events/${a.body.automaticAction.result.id}`);
    expect(ev.body).toMatchObject({ customerId: customer.id, kind: 'callback', status: 'pending', assigneeUserId: agent.id, source: { type: 'activity', id: a.body.id } });
    expect(Date.parse(ev.body.dueAt)).toBeGreaterThan(Date.now());
    const mine = await agent.agent.get('/customer-events?mine=true&status=pending');
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([ev.body.id]);
  });

  it('runs the action once per assignment: not on unrelated edits, again on a new solution type', async () => {
    const notify = await solutionType(t, 'notify_user');
    const notify2 = await solutionType(t, 'notify_user');
    const a = await t.admin.post('/activities', { problem: 'Una vez', solutionTypeCode: notify });
    const count = async () => (await t.admin.get(`/activities/${a.body.id}/automatic-actions`)).body.items.length;
    expect(await count()).toBe(1);
    await t.admin.patch(`/activities/${a.body.id}`, { solution: 'Editada' });
    await t.admin.patch(`/activities/${a.body.id}`, { solutionTypeCode: notify });
    expect(await count()).toBe(1);
    const changed = await t.admin.patch(`/activities/${a.body.id}`, { solutionTypeCode: notify2 });
    expect(changed.body.automaticAction.status).toBe('done');
    expect(await count()).toBe(2);
  });

  it('lists with filters and keyset pagination', async () => {
    const customer = await insertCustomer(t);
    const origin = code2();
    await t.admin.post('/catalogs/origins', { code: origin, descriptionEs: 'Teléfono', descriptionEn: 'Phone' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.admin.post('/activities', { customerId: customer.id, originCode: origin, problem: `Problema ${i} filtrado` });
      ids.push(r.body.id);
    }
    const page1 = await t.admin.get(`/activities?customerId=${customer.id}&limit=2`);
    expect(page1.body.items.map((x: { id: string }) => x.id)).toEqual([ids[4], ids[3]]);
    const page2 = await t.admin.get(`/activities?customerId=${customer.id}&limit=2&cursor=${page1.body.nextCursor}`);
    const page3 = await t.admin.get(`/activities?customerId=${customer.id}&limit=2&cursor=${page2.body.nextCursor}`);
    expect([...page2.body.items, ...page3.body.items].map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(page3.body.nextCursor).toBeNull();
    expect((await t.admin.get(`/activities?originCode=${origin}`)).body.items).toHaveLength(5);
    expect((await t.admin.get(`/activities?registeredBy=me&customerId=${customer.id}`)).body.items).toHaveLength(5);
    // The user's day (Europe/Madrid), which differs from UTC's between 22:00/23:00 and midnight UTC.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date());
    expect((await t.admin.get(`/activities?customerId=${customer.id}&from=${today}&to=${today}`)).body.items.length).toBeGreaterThan(0);
    expect((await t.admin.get(`/activities?customerId=${customer.id}&to=2000-01-01`)).body.items).toHaveLength(0);
    expect((await t.admin.get('/activities?q=filtrado')).body.items).toHaveLength(5);
    expect((await t.admin.get('/activities?cursor=garbage')).status).toBe(400);
  });

  it('appears in the customer timeline and in /search', async () => {
    const customer = await insertCustomer(t, { name: 'Talleres Zubiaurre' });
    const a = await t.admin.post('/activities', { customerId: customer.id, problem: 'Caldera averiada en sótano' });
    const feed = await customerTimeline.read({ ...systemCtx(t.database, t.config) }, Number(customer.id), { limit: 10, types: ['activity'] });
    expect(feed.items[0]).toMatchObject({ type: 'activity', id: a.body.id, title: 'Caldera averiada en sótano', pending: true });
    const timeline = await t.admin.get(`/customers/${customer.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items).toContainEqual(expect.objectContaining({ type: 'activity', id: a.body.id }));
    const found = await t.admin.get('/search?q=caldera sotano');
    expect(found.body.items).toContainEqual(expect.objectContaining({ type: 'activity', id: a.body.id, customerId: customer.id }));
  });

  it('requires a description of the problem or the solution, and a role that may write', async () => {
    const res = await t.admin.post('/activities', {});
    expect(res.body.errors[0]).toMatchObject({ field: 'problem', code: 'problem_or_solution_required' });
    const ro = await t.userWithRole('readonly');
    expect((await ro.agent.post('/activities', { problem: 'x' })).status).toBe(403);
    expect((await ro.agent.get('/activities')).status).toBe(200);
  });
});
