import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { makeCustomer, makeProject } from './test-factories.ts';

describe.each(DIALECTS)('quick time entry on %s', (dialect) => {
  let t: TestApp;
  let agent: Awaited<ReturnType<TestApp['userWithRole']>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.userWithRole('agent');
  });
  afterAll(() => t.close());

  const entry = (over: Record<string, unknown> = {}) => ({ text: 'Revisión del equipo', userId: agent.id, date: '2026-11-20', minutes: 45, ...over });
  const count = async (table: 'projects' | 'tasks' | 'time_entries', customerId: number) =>
    Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', customerId).executeTakeFirstOrThrow()).n);
  const task = (id: string) => t.database.db.selectFrom('tasks').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();

  it('step 1: no project → creates one coded as the customer, a pending task, the entry and the follow-up date', async () => {
    const c = await makeCustomer(t, { name: 'Talleres Pérez' });
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ nextFollowUpDate: '2026-11-27' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ projectCreated: true, taskCreated: true, projectReactivated: false, projectCode: c.code, projectName: 'Talleres Pérez', taskTitle: 'Revisión del equipo' });
    expect(res.body.timeEntryId).toEqual(expect.any(String));
    const project = await t.admin.get(`/projects/${res.body.projectId}`);
    expect(project.body).toMatchObject({ code: c.code, customerId: String(c.id), kind: 'production', active: true });
    const tk = await task(res.body.taskId);
    expect(tk).toMatchObject({ project_id: Number(res.body.projectId), customer_id: c.id, status: 'pending', assignee_user_id: Number(agent.id), next_follow_up_date: '2026-11-27' });
    const te = await t.admin.get(`/time-entries/${res.body.timeEntryId}`);
    expect(te.body).toMatchObject({ userId: agent.id, date: '2026-11-20', minutes: 45, customerId: String(c.id), projectId: res.body.projectId, taskId: res.body.taskId });
  });

  it('steps 2–5 again: reuses the project and the pending task, sets (and clears) the follow-up date', async () => {
    const c = await makeCustomer(t);
    const first = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ nextFollowUpDate: '2026-11-27' }));
    const second = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ text: 'Segunda visita', nextFollowUpDate: '2026-12-04' }));
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ projectId: first.body.projectId, taskId: first.body.taskId, projectCreated: false, taskCreated: false });
    expect((await task(first.body.taskId)).next_follow_up_date).toBe('2026-12-04');
    const third = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ text: 'Sin próxima gestión' }));
    expect(third.body.taskId).toBe(first.body.taskId);
    expect((await task(first.body.taskId)).next_follow_up_date).toBeNull();
    expect(await count('projects', c.id)).toBe(1);
    expect(await count('time_entries', c.id)).toBe(3);
  });

  it('step 1: no active project but an inactive one with the customer code → reactivates it', async () => {
    const c = await makeCustomer(t);
    const old = await makeProject(t, c.id, { code: c.code, active: false });
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ projectId: String(old.id), projectCreated: false, projectReactivated: true, taskCreated: true });
    expect((await t.admin.get(`/projects/${old.id}`)).body.active).toBe(true);
    expect(await count('projects', c.id)).toBe(1);
  });

  it('step 1: an inactive project with another code does not count → creates the customer-coded one', async () => {
    const c = await makeCustomer(t);
    await makeProject(t, c.id, { active: false });
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry());
    expect(res.body).toMatchObject({ projectCreated: true, projectCode: c.code });
  });

  it('step 2: exactly one active project (any code) → uses it', async () => {
    const c = await makeCustomer(t);
    const p = await makeProject(t, c.id);
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry());
    expect(res.body).toMatchObject({ projectId: String(p.id), projectCreated: false, taskCreated: true });
  });

  it('step 2: several active projects, one coded as the customer → uses that one', async () => {
    const c = await makeCustomer(t);
    await makeProject(t, c.id);
    const own = await makeProject(t, c.id, { code: c.code });
    await makeProject(t, c.id, { kind: 'commercial' });
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry());
    expect(res.body).toMatchObject({ projectId: String(own.id), projectCreated: false });
  });

  it('step 2: several active projects, none coded as the customer → 409 with the candidates and nothing saved; then the chosen one is used', async () => {
    const c = await makeCustomer(t);
    const a = await makeProject(t, c.id, { code: `${c.code}-A` });
    const b = await makeProject(t, c.id, { code: `${c.code}-B` });
    await makeProject(t, c.id, { code: `${c.code}-OLD`, active: false });
    const before = { tasks: await count('tasks', c.id), entries: await count('time_entries', c.id), projects: await count('projects', c.id) };
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ nextFollowUpDate: '2026-12-01' }));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('project_choice_required');
    expect(res.body.detail).toMatch(/varios proyectos/);
    expect(res.body.candidates.map((p: { id: string }) => p.id).sort()).toEqual([String(a.id), String(b.id)].sort());
    expect(res.body.candidates[0]).toMatchObject({ code: expect.any(String), name: expect.any(String), customerId: String(c.id), active: true });
    expect({ tasks: await count('tasks', c.id), entries: await count('time_entries', c.id), projects: await count('projects', c.id) }).toEqual(before);

    const chosen = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ nextFollowUpDate: '2026-12-01', projectId: String(b.id) }));
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ projectId: String(b.id), projectCreated: false, taskCreated: true });
    const en = await agent.agent.withLanguage('en').post(`/customers/${c.id}/quick-time`, entry());
    expect(en.body.detail).toMatch(/several active projects/);
  });

  it('refuses a chosen project of another customer, an inactive one or an unknown one (400 on projectId)', async () => {
    const c = await makeCustomer(t);
    const other = await makeCustomer(t);
    const foreign = await makeProject(t, other.id);
    const inactive = await makeProject(t, c.id, { active: false });
    for (const [projectId, code] of [
      [foreign.id, 'project_not_of_customer'],
      [inactive.id, 'project_inactive'],
      [99999999, 'unknown_reference'],
    ] as const) {
      const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ projectId: String(projectId) }));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'projectId', code });
    }
    expect(await count('time_entries', c.id)).toBe(0);
  });

  it('step 3: uses the most recent pending task, ignoring done ones; only done tasks → creates one', async () => {
    const c = await makeCustomer(t);
    const p = await makeProject(t, c.id, { code: c.code });
    const mk = async (title: string, status: 'pending' | 'done') =>
      (await t.admin.post('/tasks', { title, projectId: String(p.id), assigneeUserId: t.adminId, status })).body.id as string;
    await mk('Antigua', 'pending');
    const recent = await mk('Reciente', 'pending');
    await mk('Hecha más reciente', 'done');
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ nextFollowUpDate: '2026-12-10' }));
    expect(res.body).toMatchObject({ taskId: recent, taskCreated: false, taskTitle: 'Reciente' });
    expect((await task(recent)).next_follow_up_date).toBe('2026-12-10');

    const c2 = await makeCustomer(t);
    const p2 = await makeProject(t, c2.id);
    const done = (await t.admin.post('/tasks', { title: 'Cerrada', projectId: String(p2.id), assigneeUserId: t.adminId, status: 'done' })).body.id;
    const res2 = await agent.agent.post(`/customers/${c2.id}/quick-time`, entry());
    expect(res2.body.taskCreated).toBe(true);
    expect(res2.body.taskId).not.toBe(done);
  });

  it("answers 409 project_code_taken when another customer's project has the customer's code, saving nothing", async () => {
    const c = await makeCustomer(t);
    const other = await makeCustomer(t);
    await makeProject(t, other.id, { code: c.code, active: false });
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('project_code_taken');
    expect(await count('tasks', c.id)).toBe(0);
  });

  it('two (and more) quick entries for the same new customer at the same moment create one project and one task', async () => {
    const c = await makeCustomer(t);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => agent.agent.post(`/customers/${c.id}/quick-time`, entry({ text: `Concurrente ${i}` }))));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.body.projectId)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.taskId)).size).toBe(1);
    expect(results.filter((r) => r.body.projectCreated)).toHaveLength(1);
    expect(results.filter((r) => r.body.taskCreated)).toHaveLength(1);
    expect(await count('projects', c.id)).toBe(1);
    expect(await count('tasks', c.id)).toBe(1);
    expect(await count('time_entries', c.id)).toBe(6);
  });

  it('refuses bad input naming the field, saving nothing', async () => {
    const c = await makeCustomer(t);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ text: '' }, 'text', 'required'],
      [{ text: undefined }, 'text', 'required'],
      [{ minutes: 0 }, 'minutes', 'too_small'],
      [{ minutes: 1.5 }, 'minutes', 'invalid_type'],
      [{ minutes: 2000 }, 'minutes', 'too_big'],
      [{ date: '20/11/2026' }, 'date', 'invalid_date'],
      [{ date: '2026-02-30' }, 'date', 'invalid_date'],
      [{ nextFollowUpDate: 'mañana' }, 'nextFollowUpDate', 'invalid_date'],
      [{ userId: '99999999' }, 'userId', 'unknown_reference'],
      [{ createdAt: '2026-01-01T00:00:00Z' }, 'createdAt', 'unknown_field'],
      [{ customerId: String(c.id) }, 'customerId', 'unknown_field'],
    ];
    for (const [over, field, code] of cases) {
      const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      const err = res.body.errors.find((e: { field: string }) => e.field === field);
      expect(err, JSON.stringify(res.body.errors)).toBeDefined();
      if (code !== 'invalid_type') expect(err.code).toBe(code);
    }
    expect(await count('projects', c.id)).toBe(0);
    expect(await count('tasks', c.id)).toBe(0);
    expect((await agent.agent.post('/customers/99999999/quick-time', entry())).status).toBe(404);
  });

  it('refuses an inactive employee', async () => {
    const c = await makeCustomer(t);
    const gone = await t.userWithRole('technician');
    await t.admin.patch(`/users/${gone.id}`, { active: false });
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ userId: gone.id }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'userId', code: 'user_inactive' });
  });

  it('needs support.write: read-only users get 403, anonymous 401', async () => {
    const c = await makeCustomer(t);
    const ro = await t.userWithRole('readonly');
    expect((await ro.agent.post(`/customers/${c.id}/quick-time`, entry())).status).toBe(403);
    expect((await t.anonymous.post(`/customers/${c.id}/quick-time`, entry())).status).toBe(401);
    expect(await count('projects', c.id)).toBe(0);
  });
});
