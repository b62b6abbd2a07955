import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { makeCustomer, makeProject } from './test-factories.ts';

describe.each(DIALECTS)('fromCallId on tasks, time entries and quick time entries on %s', (dialect) => {
  let t: TestApp;
  let agent: Awaited<ReturnType<TestApp['userWithRole']>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const s of [
      { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true },
      { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true },
    ]) expect((await t.admin.post('/catalogs/call-statuses', s)).status).toBe(201);
    expect((await t.admin.post('/catalogs/call-types', { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Breakdown', isDefault: true })).status).toBe(201);
    agent = await t.userWithRole('agent');
  });
  afterAll(() => t.close());

  const newCall = async (customerId?: number) => {
    const res = await t.admin.post('/calls', { toUserId: agent.id, ...(customerId ? { customerId: String(customerId) } : {}), description: 'Llama por la avería' });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const call = async (id: string) => (await t.admin.get(`/calls/${id}`)).body;
  const entry = (over: Record<string, unknown> = {}) => ({ text: 'Atendida la llamada', userId: agent.id, date: '2026-11-20', minutes: 10, ...over });

  it('a quick time entry from a call finishes it in the same transaction, recording the time entry', async () => {
    const c = await makeCustomer(t);
    const callId = await newCall(c.id);
    const res = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ fromCallId: callId }));
    expect(res.status, res.text).toBe(201);
    expect(await call(callId)).toMatchObject({ pending: false, statusCode: 'FI', finishedBy: agent.id, finishedByActionType: 'time_entry', finishedByActionId: res.body.timeEntryId });
    expect((await t.admin.get(`/time-entries/${res.body.timeEntryId}`)).body.callId).toBe(callId);

    // The same call again: refused, and nothing of the second entry is saved (not even the project of a new customer).
    const other = await makeCustomer(t);
    const again = await agent.agent.post(`/customers/${other.id}/quick-time`, entry({ fromCallId: callId }));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('call_already_finished');
    expect((await t.admin.get(`/projects?customerId=${other.id}`)).body.items).toEqual([]);
    expect((await t.admin.get(`/time-entries?customerId=${other.id}`)).body.items).toEqual([]);
  });

  it('a time entry and a task from a call finish it', async () => {
    const c = await makeCustomer(t);
    const p = await makeProject(t, c.id);
    const c1 = await newCall(c.id);
    const te = await agent.agent.post('/time-entries', { userId: agent.id, date: '2026-11-20', minutes: 15, text: 'Soporte telefónico', projectId: String(p.id), fromCallId: c1 });
    expect(te.status, te.text).toBe(201);
    expect(te.body.callId).toBe(c1);
    expect(await call(c1)).toMatchObject({ pending: false, finishedByActionType: 'time_entry', finishedByActionId: te.body.id });

    const c2 = await newCall(c.id);
    const task = await agent.agent.post('/tasks', { title: 'Devolver la llamada con el presupuesto', customerId: String(c.id), assigneeUserId: agent.id, fromCallId: c2 });
    expect(task.status, task.text).toBe(201);
    expect(await call(c2)).toMatchObject({ pending: false, finishedByActionType: 'task', finishedByActionId: task.body.id });
  });

  it('leaves the call pending when the action is refused (project choice, bad input) and names a bad fromCallId', async () => {
    const c = await makeCustomer(t);
    await makeProject(t, c.id);
    await makeProject(t, c.id);
    const callId = await newCall(c.id);
    const choice = await agent.agent.post(`/customers/${c.id}/quick-time`, entry({ fromCallId: callId }));
    expect(choice.status).toBe(409);
    expect(choice.body.code).toBe('project_choice_required');
    expect(await call(callId)).toMatchObject({ pending: true, finishedAt: null });
    const badTask = await agent.agent.post('/tasks', { title: 'x', customerId: String(c.id), fromCallId: callId });
    expect(badTask.status).toBe(400);
    expect(await call(callId)).toMatchObject({ pending: true, finishedAt: null });

    const unknown = await agent.agent.post('/time-entries', { userId: agent.id, date: '2026-11-20', minutes: 5, text: 'x', customerId: String(c.id), fromCallId: '99999999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'fromCallId', code: 'unknown_reference' });
    expect((await t.admin.get(`/time-entries?customerId=${c.id}`)).body.items).toEqual([]);
    const malformed = await agent.agent.post('/tasks', { title: 'x', customerId: String(c.id), assigneeUserId: agent.id, fromCallId: 'abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('fromCallId');
  });
});
