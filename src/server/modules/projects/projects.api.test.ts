import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { customerTimeline } from '../customers/feeds.ts';
import { addDays, todayIn } from '../../../shared/dates.ts';
import { agendaEntry } from './tasks.service.ts';
import { ctxOfTest, makeCustomer, makeProject } from './test-factories.ts';

describe('agendaEntry', () => {
  const today = '2026-11-20';
  const until = '2026-11-27';
  it.each([
    [{ nextFollowUpDate: '2026-11-18', dueDate: null }, { date: '2026-11-18', when: 'overdue', followUp: true, due: false }],
    [{ nextFollowUpDate: null, dueDate: '2026-11-20' }, { date: '2026-11-20', when: 'today', followUp: false, due: true }],
    [{ nextFollowUpDate: '2026-11-25', dueDate: '2026-11-22' }, { date: '2026-11-22', when: 'upcoming', followUp: true, due: true }],
    [{ nextFollowUpDate: '2026-11-19', dueDate: '2026-12-30' }, { date: '2026-11-19', when: 'overdue', followUp: true, due: false }],
    [{ nextFollowUpDate: '2026-12-01', dueDate: null }, null],
    [{ nextFollowUpDate: null, dueDate: null }, null],
  ])('%j → %j', (task, expected) => {
    expect(agendaEntry(task, today, until)).toEqual(expected);
  });
});

describe.each(DIALECTS)('projects, tasks and time on %s', (dialect) => {
  let t: TestApp;
  let agent: Awaited<ReturnType<TestApp['userWithRole']>>;
  let today: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.userWithRole('agent');
    today = todayIn('Europe/Madrid');
  });
  afterAll(() => t.close());

  describe('projects', () => {
    it('creates, lists by customer with keyset pages, changes and refuses a duplicate code', async () => {
      const c = await makeCustomer(t);
      const codes = ['PRJ-A', 'PRJ-B', 'PRJ-C'].map((x) => `${c.code}-${x}`);
      for (const code of codes) {
        const res = await agent.agent.post('/projects', { code, name: `Proyecto ${code}`, customerId: String(c.id), kind: 'commercial' });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ code, customerId: String(c.id), customerCode: c.code, kind: 'commercial', active: true, createdBy: agent.id });
      }
      const dup = await agent.agent.post('/projects', { code: codes[0], name: 'x', customerId: String(c.id), kind: 'production' });
      expect(dup.status).toBe(400);
      expect(dup.body.errors[0]).toMatchObject({ field: 'code', code: 'code_taken' });
      const page1 = await agent.agent.get(`/projects?customerId=${c.id}&limit=2`);
      expect(page1.body.items.map((p: { code: string }) => p.code)).toEqual(codes.slice(0, 2));
      const page2 = await agent.agent.get(`/projects?customerId=${c.id}&limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.map((p: { code: string }) => p.code)).toEqual(codes.slice(2));
      expect(page2.body.nextCursor).toBeNull();
      const id = page1.body.items[0].id;
      const patched = await agent.agent.patch(`/projects/${id}`, { active: false, name: 'Cerrado' });
      expect(patched.body).toMatchObject({ active: false, name: 'Cerrado' });
      expect((await agent.agent.get(`/projects?customerId=${c.id}&active=true`)).body.items).toHaveLength(2);
      expect((await agent.agent.get(`/projects?q=${encodeURIComponent(codes[2])}`)).body.items.map((p: { id: string }) => p.id)).toHaveLength(1);
    });

    it('refuses bad input and unknown customers; read-only users cannot create', async () => {
      const c = await makeCustomer(t);
      const bad = await agent.agent.post('/projects', { code: 'X1', name: 'x', customerId: String(c.id), kind: 'other' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('kind');
      const unknown = await agent.agent.post('/projects', { code: 'X2', name: 'x', customerId: '99999999', kind: 'production' });
      expect(unknown.body.errors[0]).toMatchObject({ field: 'customerId', code: 'unknown_reference' });
      const stamp = await agent.agent.post('/projects', { code: 'X3', name: 'x', customerId: String(c.id), kind: 'production', createdAt: '2020-01-01T00:00:00Z' });
      expect(stamp.status).toBe(400);
      const ro = await t.userWithRole('readonly');
      expect((await ro.agent.post('/projects', { code: 'X4', name: 'x', customerId: String(c.id), kind: 'production' })).status).toBe(403);
      expect((await ro.agent.get('/projects')).status).toBe(200);
      expect((await agent.agent.get('/projects?customerId=99999999')).body.items).toEqual([]);
    });
  });

  describe('tasks', () => {
    it('creates a task with the customer taken from its project, lists with filters and finishes it', async () => {
      const c = await makeCustomer(t);
      const p = await makeProject(t, c.id);
      const res = await agent.agent.post('/tasks', { title: 'Enviar presupuesto de bomba', projectId: String(p.id), assigneeUserId: agent.id, dueDate: addDays(today, -2) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ customerId: String(c.id), projectId: String(p.id), projectCode: p.code, status: 'pending', assigneeName: agent.username.replace(/(\D+)(\d+)/, '$1 $2'), createdBy: agent.id });
      expect(res.body.createdAt).toEqual(expect.any(String));
      const mine = await agent.agent.get('/tasks?assignee=me&status=pending');
      expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(res.body.id);
      const overdue = await agent.agent.get(`/tasks?due=overdue&customerId=${c.id}`);
      expect(overdue.body.items.map((x: { id: string }) => x.id)).toEqual([res.body.id]);
      const byProject = await agent.agent.get(`/tasks?projectId=${p.id}`);
      expect(byProject.body.items).toHaveLength(1);
      const found = await agent.agent.get('/search?q=presupuesto bomba');
      expect(found.body.items).toContainEqual(expect.objectContaining({ type: 'task', id: res.body.id, customerId: String(c.id) }));

      const done = await agent.agent.patch(`/tasks/${res.body.id}`, { status: 'done' });
      expect(done.body).toMatchObject({ status: 'done', doneBy: agent.id });
      expect(done.body.doneAt).toEqual(expect.any(String));
      expect((await agent.agent.get(`/tasks?due=overdue&customerId=${c.id}`)).body.items).toEqual([]);
      const reopened = await agent.agent.patch(`/tasks/${res.body.id}`, { status: 'pending' });
      expect(reopened.body).toMatchObject({ status: 'pending', doneAt: null, doneBy: null });
    });

    it("lists my groups' tasks and pages newest first", async () => {
      const member = await t.userWithRole('technician');
      const group = await t.admin.post('/groups', { code: `G${Date.now() % 100000}`, name: 'Taller', memberIds: [member.id] });
      const c = await makeCustomer(t);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await agent.agent.post('/tasks', { title: `Grupo ${i}`, customerId: String(c.id), assigneeGroupId: group.body.id })).body.id);
      const own = (await agent.agent.post('/tasks', { title: 'Suya', customerId: String(c.id), assigneeUserId: member.id })).body.id;
      const groups = await member.agent.get('/tasks?assignee=my_groups&limit=2');
      expect(groups.body.items.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
      const next = await member.agent.get(`/tasks?assignee=my_groups&limit=2&cursor=${groups.body.nextCursor}`);
      expect(next.body.items.map((x: { id: string }) => x.id)).toEqual([ids[0]]);
      const all = await member.agent.get(`/tasks?assignee=mine&customerId=${c.id}`);
      expect(all.body.items.map((x: { id: string }) => x.id)).toEqual([own, ...ids.slice().reverse()]);
      expect((await agent.agent.get(`/tasks?assignee=me&customerId=${c.id}`)).body.items).toEqual([]);
      // Reassigning to a user clears the group.
      const moved = await agent.agent.patch(`/tasks/${ids[0]}`, { assigneeUserId: agent.id });
      expect(moved.body).toMatchObject({ assigneeUserId: agent.id, assigneeGroupId: null });
    });

    it('refuses a project of another customer, two or no assignees, bad dates and server stamps', async () => {
      const c = await makeCustomer(t);
      const other = await makeCustomer(t);
      const foreign = await makeProject(t, other.id);
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ customerId: String(c.id), projectId: String(foreign.id), assigneeUserId: agent.id }, 'projectId', 'project_not_of_customer'],
        [{ customerId: String(c.id), assigneeUserId: agent.id, assigneeGroupId: '1' }, 'assigneeUserId', 'one_of_user_group'],
        [{ customerId: String(c.id) }, 'assigneeUserId', 'assignee_required'],
        [{ customerId: String(c.id), assigneeUserId: agent.id, dueDate: '2026-13-01' }, 'dueDate', 'invalid_date'],
        [{ customerId: String(c.id), assigneeUserId: agent.id, createdAt: '2020-01-01T00:00:00Z' }, 'createdAt', 'unknown_field'],
        [{ customerId: String(c.id), assigneeUserId: agent.id, status: 'open' }, 'status', 'invalid_value'],
      ];
      for (const [over, field, code] of cases) {
        const res = await agent.agent.post('/tasks', { title: 'x', ...over });
        expect(res.status, JSON.stringify(over)).toBe(400);
        expect(res.body.errors[0]).toMatchObject({ field, code });
      }
      expect((await agent.agent.get(`/tasks?customerId=${c.id}`)).body.items).toEqual([]);
      const task = (await agent.agent.post('/tasks', { title: 'x', customerId: String(c.id), assigneeUserId: agent.id })).body.id;
      const move = await agent.agent.patch(`/tasks/${task}`, { customerId: String(c.id), projectId: String(foreign.id) });
      expect(move.body.errors[0]).toMatchObject({ field: 'projectId', code: 'project_not_of_customer' });
      expect((await agent.agent.patch(`/tasks/${task}`, { doneAt: '2020-01-01T00:00:00Z' })).status).toBe(400);
      const ro = await t.userWithRole('readonly');
      expect((await ro.agent.post('/tasks', { title: 'x', customerId: String(c.id), assigneeUserId: agent.id })).status).toBe(403);
    });
  });

  describe('time entries', () => {
    it('records time on a task (project and customer taken from it), lists with filters by date pages, corrects and removes', async () => {
      const c = await makeCustomer(t);
      const p = await makeProject(t, c.id);
      const task = (await agent.agent.post('/tasks', { title: 'Instalación', projectId: String(p.id), assigneeUserId: agent.id })).body.id;
      const mk = (date: string, minutes: number) => agent.agent.post('/time-entries', { userId: agent.id, date, minutes, text: `Trabajo ${date}`, taskId: task });
      const first = await mk('2026-11-02', 30);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ customerId: String(c.id), projectId: String(p.id), taskId: task, minutes: 30, userName: expect.any(String), projectCode: p.code, taskTitle: 'Instalación' });
      await mk('2026-11-05', 60);
      await mk('2026-11-03', 15);
      const page1 = await agent.agent.get(`/time-entries?customerId=${c.id}&limit=2`);
      expect(page1.body.items.map((e: { date: string }) => e.date)).toEqual(['2026-11-05', '2026-11-03']);
      const page2 = await agent.agent.get(`/time-entries?customerId=${c.id}&limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items.map((e: { date: string }) => e.date)).toEqual(['2026-11-02']);
      const ranged = await agent.agent.get(`/time-entries?projectId=${p.id}&from=2026-11-03&to=2026-11-04`);
      expect(ranged.body.items).toHaveLength(1);
      expect((await agent.agent.get(`/time-entries?mine=true&customerId=${c.id}`)).body.items).toHaveLength(3);

      const fixed = await agent.agent.patch(`/time-entries/${first.body.id}`, { minutes: 40 });
      expect(fixed.body.minutes).toBe(40);
      const other = await t.userWithRole('agent');
      expect((await other.agent.patch(`/time-entries/${first.body.id}`, { minutes: 10 })).status).toBe(403);
      expect((await other.agent.delete(`/time-entries/${first.body.id}`)).status).toBe(403);
      const sup = await t.userWithRole('supervisor');
      expect((await sup.agent.patch(`/time-entries/${first.body.id}`, { minutes: 35 })).body.minutes).toBe(35);
      expect((await agent.agent.delete(`/time-entries/${first.body.id}`)).status).toBe(204);
      expect((await agent.agent.get(`/time-entries/${first.body.id}`)).status).toBe(404);
    });

    it('refuses inconsistent references and bad values', async () => {
      const c = await makeCustomer(t);
      const other = await makeCustomer(t);
      const p = await makeProject(t, c.id);
      const p2 = await makeProject(t, c.id);
      const closed = await makeProject(t, c.id, { active: false });
      const task = (await agent.agent.post('/tasks', { title: 'T', projectId: String(p.id), assigneeUserId: agent.id })).body.id;
      const base = { userId: agent.id, date: '2026-11-02', minutes: 30, text: 'x' };
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{}, 'customerId', 'customer_required'],
        [{ customerId: String(other.id), projectId: String(p.id) }, 'projectId', 'project_not_of_customer'],
        [{ projectId: String(p2.id), taskId: task }, 'taskId', 'task_not_of_project'],
        [{ customerId: String(other.id), taskId: task }, 'taskId', 'task_not_of_customer'],
        [{ projectId: String(closed.id) }, 'projectId', 'project_inactive'],
        [{ customerId: String(c.id), minutes: -5 }, 'minutes', 'too_small'],
        [{ customerId: String(c.id), date: '2026-11-31' }, 'date', 'invalid_date'],
        [{ customerId: String(c.id), userId: '99999999' }, 'userId', 'unknown_reference'],
      ];
      for (const [over, field, code] of cases) {
        const res = await agent.agent.post('/time-entries', { ...base, ...over });
        expect(res.status, JSON.stringify(over)).toBe(400);
        expect(res.body.errors[0]).toMatchObject({ field, code });
      }
      expect((await agent.agent.get(`/time-entries?customerId=${c.id}`)).body.items).toEqual([]);
    });
  });

  describe('agenda, timeline and report', () => {
    it("shows my and my groups' pending follow-ups and due tasks, overdue first, then today, then upcoming", async () => {
      const me = await t.userWithRole('technician');
      const group = await t.admin.post('/groups', { code: `A${Date.now() % 100000}`, name: 'Guardia', memberIds: [me.id] });
      const c = await makeCustomer(t);
      const mk = async (title: string, over: Record<string, unknown>) => (await agent.agent.post('/tasks', { title, customerId: String(c.id), assigneeUserId: me.id, ...over })).body.id as string;
      const upcoming = await mk('Próxima', { nextFollowUpDate: addDays(today, 3) });
      const todayTask = await mk('Hoy', { dueDate: today });
      const overdue = await mk('Atrasada', { nextFollowUpDate: addDays(today, -4), dueDate: addDays(today, 10) });
      const groupTask = await mk('Del grupo', { assigneeUserId: null, assigneeGroupId: group.body.id, nextFollowUpDate: addDays(today, -1) });
      await mk('Lejana', { nextFollowUpDate: addDays(today, 30) });
      await mk('Sin fecha', {});
      await mk('Hecha', { dueDate: today, status: 'done' });
      await agent.agent.post('/tasks', { title: 'De otro', customerId: String(c.id), assigneeUserId: agent.id, dueDate: today });
      const res = await me.agent.get('/me/agenda');
      expect(res.status).toBe(200);
      expect(res.body.today).toBe(today);
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([overdue, groupTask, todayTask, upcoming]);
      expect(res.body.items.map((i: { when: string }) => i.when)).toEqual(['overdue', 'overdue', 'today', 'upcoming']);
      expect(res.body.counts).toEqual({ overdue: 2, today: 1, upcoming: 1 });
      expect(res.body.items[0]).toMatchObject({ title: 'Atrasada', followUp: true, due: false, customerName: expect.any(String) });
      const longer = await me.agent.get(`/me/agenda?until=${addDays(today, 40)}`);
      expect(longer.body.items).toHaveLength(5);
      expect((await t.anonymous.get('/me/agenda')).status).toBe(401);
    });

    it("puts tasks and time entries in the customer's timeline, newest first", async () => {
      const c = await makeCustomer(t);
      const q = await agent.agent.post(`/customers/${c.id}/quick-time`, { text: 'Llamada de seguimiento', userId: agent.id, date: today, minutes: 90, nextFollowUpDate: addDays(today, 7) });
      const feed = await customerTimeline.read(ctxOfTest(t), c.id, { limit: 10, types: ['task', 'time_entry'] });
      expect(feed.items.map((e) => [e.type, e.id])).toEqual(
        expect.arrayContaining([
          ['task', q.body.taskId],
          ['time_entry', q.body.timeEntryId],
        ]),
      );
      const te = feed.items.find((e) => e.type === 'time_entry');
      expect(te).toMatchObject({ title: 'Llamada de seguimiento', summary: expect.stringContaining('1 h 30 min') });
      expect(feed.items.find((e) => e.type === 'task')).toMatchObject({ status: 'Pendiente', pending: true });
      expect(feed.items.find((e) => e.type === 'task')?.summary).toContain('próxima gestión');
    });

    it('totals time per customer, project and employee between dates, as JSON and CSV', async () => {
      const a = await makeCustomer(t, { name: 'Alfa Informes' });
      const b = await makeCustomer(t, { name: 'Beta Informes' });
      const tech = await t.userWithRole('technician', { name: 'Técnica Uno' });
      const day = '2025-03-10';
      // Time for others is recorded by a supervisor or an administrator (policies.ts).
      const post = (cid: number, userId: string, minutes: number, date = day) => t.admin.post(`/customers/${cid}/quick-time`, { text: 'Informe', userId, date, minutes });
      await post(a.id, agent.id, 60);
      await post(a.id, tech.id, 30);
      await post(b.id, tech.id, 45);
      await post(b.id, tech.id, 600, '2025-04-01');
      const byCustomer = await agent.agent.get(`/reports/time?groupBy=customer&from=2025-03-01&to=2025-03-31`);
      expect(byCustomer.status).toBe(200);
      expect(byCustomer.body.rows).toEqual([
        { id: String(a.id), code: a.code, name: 'Alfa Informes', customerName: null, minutes: 90, entries: 2 },
        { id: String(b.id), code: b.code, name: 'Beta Informes', customerName: null, minutes: 45, entries: 1 },
      ]);
      expect(byCustomer.body.totals).toEqual({ minutes: 135, entries: 3 });
      const byEmployee = await agent.agent.get(`/reports/time?groupBy=employee&from=2025-03-01&to=2025-04-30`);
      expect(byEmployee.body.rows.map((r: { name: string; minutes: number }) => [r.name, r.minutes])).toEqual([
        ['Técnica Uno', 675],
        [expect.any(String), 60],
      ]);
      const byProject = await agent.agent.get(`/reports/time?groupBy=project&from=2025-03-01&to=2025-03-31`);
      expect(byProject.body.rows.map((r: { code: string; customerName: string }) => [r.code, r.customerName])).toEqual([
        [a.code, 'Alfa Informes'],
        [b.code, 'Beta Informes'],
      ]);
      const csv = await agent.agent.get(`/reports/time?groupBy=customer&from=2025-03-01&to=2025-03-31&format=csv`);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      expect(lines[0]).toBe('Cliente;Nombre;Minutos;Horas;Registros');
      expect(lines[1]).toBe(`${a.code};Alfa Informes;90;1,50;2`);
      expect(lines[3]).toBe('Total;;135;2,25;3');
      const csvEn = await agent.agent.withLanguage('en').get(`/reports/time?groupBy=customer&from=2025-03-01&to=2025-03-31&format=csv`);
      expect(csvEn.text).toContain('Customer;Name;Minutes;Hours;Entries');
      const wrong = await agent.agent.get('/reports/time?groupBy=customer&from=2025-03-31&to=2025-03-01');
      expect(wrong.body.errors[0]).toMatchObject({ field: 'to', code: 'date_order' });
      expect((await agent.agent.get('/reports/time?groupBy=region')).status).toBe(400);
    });
  });
});
