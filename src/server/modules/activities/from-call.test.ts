import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { activityStatus, insertCustomer, solutionType } from './activities.fixtures.ts';

describe.each(DIALECTS)('actions created from a call finish it, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const s of [
      { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true },
      { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true },
    ]) expect((await t.admin.post('/catalogs/call-statuses', s)).status).toBe(201);
    await activityStatus(t, { pending: false, isDefault: true });
  });
  afterAll(() => t.close());

  const newCall = async (customerId?: string) => {
    const res = await t.admin.post('/calls', { customerId, phone: customerId ? undefined : '912345678', toUserId: t.adminId, description: 'Llama por una avería' });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };

  it('a technical activity with fromCallId finishes the call, recording the activity', async () => {
    const customer = await insertCustomer(t);
    const call = await newCall(customer.id);
    const st = await solutionType(t, 'notify_user');
    const a = await t.admin.post('/activities', { customerId: customer.id, problem: 'Avería atendida', solutionTypeCode: st, fromCallId: call.id });
    expect(a.status).toBe(201);
    expect(a.body.fromCallId).toBe(call.id);
    const after = (await t.admin.get(`/calls/${call.id}`)).body;
    expect(after).toMatchObject({ pending: false, statusCode: 'FI', finishedBy: t.adminId, finishedByActionType: 'activity', finishedByActionId: a.body.id });
    // The call is finished once: a second action from it is refused and not saved.
    const again = await t.admin.post('/activities', { customerId: customer.id, problem: 'Otra', fromCallId: call.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('call_already_finished');
    expect((await t.admin.get(`/activities?customerId=${customer.id}`)).body.items).toHaveLength(1);
  });

  it('a refused activity leaves the call pending; an unknown call is a 400 on fromCallId', async () => {
    const call = await newCall();
    const bad = await t.admin.post('/activities', { problem: 'x', problemTypeCode: 'ZZ', fromCallId: call.id });
    expect(bad.status).toBe(400);
    expect((await t.admin.get(`/calls/${call.id}`)).body).toMatchObject({ pending: true, finishedAt: null });
    const ghost = await t.admin.post('/activities', { problem: 'x', fromCallId: '99999999' });
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors[0].field).toBe('fromCallId');
  });

  it('a commercial activity with fromCallId finishes the call', async () => {
    const customer = await insertCustomer(t);
    const call = await newCall(customer.id);
    const res = await t.admin.post('/commercial-activities', { customerId: customer.id, typeCode: 'phone_call', description: 'Interesado en ampliar el contrato', fromCallId: call.id });
    expect(res.status).toBe(201);
    expect((await t.admin.get(`/calls/${call.id}`)).body).toMatchObject({ pending: false, finishedByActionType: 'commercial_activity', finishedByActionId: res.body.id });
  });
});
