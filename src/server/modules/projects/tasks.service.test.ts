import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { AppError } from '../../errors.ts';
import { assigneeError, createTask } from './tasks.service.ts';
import { ctxOfTest, makeCustomer, makeProject } from './test-factories.ts';

describe('assigneeError', () => {
  it.each([
    [1, null, null],
    [null, 2, null],
    [1, 2, 'one_of_user_group'],
    [null, null, 'assignee_required'],
    [undefined, undefined, 'assignee_required'],
  ])('user %s group %s → %s', (u, g, code) => {
    expect(assigneeError(u, g)?.code ?? null).toBe(code);
  });
});

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return (e as AppError).errors?.[0] ?? (e as AppError).code;
  }
  return 'ok';
}

describe.each(DIALECTS)('createTask on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('creates a pending task for a user, taking the customer from the project, with its source', async () => {
    const ctx = ctxOfTest(t, Number(t.adminId));
    const customer = await makeCustomer(t);
    const project = await makeProject(t, customer.id);
    const { id } = await createTask(ctx, { title: '  Llamar al cliente ', projectId: project.id, assigneeUserId: Number(t.adminId), nextFollowUpDate: '2026-12-01', source: { type: 'activity', id: 42 } });
    const row = await t.database.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Llamar al cliente', customer_id: customer.id, project_id: project.id, status: 'pending', next_follow_up_date: '2026-12-01', source_type: 'activity', source_id: 42, created_by: Number(t.adminId) });
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'task').where('entity_id', '=', String(id)).execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a project of another customer, two assignees or none, unknown references and bad dates, saving nothing', async () => {
    const ctx = ctxOfTest(t);
    const a = await makeCustomer(t);
    const b = await makeCustomer(t);
    const pb = await makeProject(t, b.id);
    const before = await t.database.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const user = Number(t.adminId);
    expect(await codeOf(createTask(ctx, { title: 'x', customerId: a.id, projectId: pb.id, assigneeUserId: user }))).toMatchObject({ field: 'projectId', code: 'project_not_of_customer' });
    expect(await codeOf(createTask(ctx, { title: 'x', customerId: a.id }))).toMatchObject({ field: 'assigneeUserId', code: 'assignee_required' });
    expect(await codeOf(createTask(ctx, { title: 'x', customerId: a.id, assigneeUserId: user, assigneeGroupId: 1 }))).toMatchObject({ code: 'one_of_user_group' });
    expect(await codeOf(createTask(ctx, { title: 'x', customerId: a.id, assigneeUserId: 999999 }))).toMatchObject({ field: 'assigneeUserId', code: 'unknown_reference' });
    expect(await codeOf(createTask(ctx, { title: 'x', customerId: 999999, assigneeUserId: user }))).toMatchObject({ field: 'customerId', code: 'unknown_reference' });
    expect(await codeOf(createTask(ctx, { title: 'x', customerId: a.id, assigneeUserId: user, dueDate: '2026-02-30' }))).toMatchObject({ field: 'dueDate', code: 'invalid_date' });
    expect(await codeOf(createTask(ctx, { title: '   ', customerId: a.id, assigneeUserId: user }))).toMatchObject({ field: 'title', code: 'required' });
    const after = await t.database.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
