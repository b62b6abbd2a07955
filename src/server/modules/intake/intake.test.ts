import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

describe.each(DIALECTS)('caller context at intake on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { starterConfiguration: true });
  });
  afterAll(() => t.close());

  const ok = async <T = any>(p: Promise<{ status: number; body: T; text: string }>, status = 201) => {
    const r = await p;
    if (r.status !== status) throw new Error(`${r.status} ${r.text}`);
    return r.body as any;
  };

  it('lists the open work, the units with their coverage and the contracts in force of one customer, and nothing of others', async () => {
    const a = t.admin;
    const customer = await ok(a.post('/customers', { code: 'CTX1', name: 'Bar El Puerto' }));
    const other = await ok(a.post('/customers', { code: 'CTX2', name: 'Otro cliente' }));
    const item = await ok(a.post('/items', { code: 'CTX-CAF', description: 'Cafetera C200', kind: 'product', unitPriceCents: 100000, vatRate: 2100, warrantyMonths: 24, serialized: true }));
    const contract = await ok(a.post('/contracts', { code: 'CTX-MANT', customerId: customer.id, startDate: '2024-01-01', endDate: '2099-12-31', priorityCode: 'P2' }));
    await ok(a.post('/contracts', { code: 'CTX-OLD', customerId: customer.id, startDate: '2020-01-01', endDate: '2021-12-31' }));
    const today = new Date().toISOString().slice(0, 10);
    const covered = await ok(a.post('/units', { serialNumber: 'CTX-0001', itemId: item.id, customerId: customer.id, saleDate: '2019-01-01', contractId: contract.id }));
    const warranty = await ok(a.post('/units', { serialNumber: 'CTX-0002', itemId: item.id, customerId: customer.id, saleDate: today }));
    const me = (await a.get('/auth/me')).body.user;
    const open = await ok(a.post('/calls', { customerId: customer.id, toUserId: me.id, description: 'Pierde agua' }));
    const finished = await ok(a.post('/calls', { customerId: customer.id, toUserId: me.id, description: 'Ya resuelta' }));
    await ok(a.post(`/calls/${finished.id}/finish`), 200);
    await ok(a.post('/calls', { customerId: other.id, toUserId: me.id, description: 'De otro cliente' }));
    const activity = await ok(a.post('/activities', { customerId: customer.id, problem: 'No calienta' }));
    await ok(a.post('/activities', { customerId: customer.id, problem: 'Consulta', solution: 'Hecho', statusCode: 'RE' }));
    const task = await ok(a.post('/tasks', { title: 'Llevar junta', customerId: customer.id, assigneeUserId: me.id, dueDate: today }));
    await ok(a.post('/tasks', { title: 'Hecha', customerId: customer.id, assigneeUserId: me.id, status: 'done' }));
    const incident = await ok(a.post('/incidents', { serialNumber: 'CTX-0001', symptom: 'Gotea por la base' }));

    const res = await a.get(`/customers/${customer.id}/context`);
    expect(res.status).toBe(200);
    const ctx = res.body;
    expect(ctx.customer).toEqual({ id: customer.id, code: 'CTX1', name: 'Bar El Puerto' });
    expect(ctx.openCalls.map((c: any) => [c.id, c.description])).toEqual([[open.id, 'Pierde agua']]);
    expect(ctx.pendingActivities.map((x: any) => [x.id, x.problem])).toEqual([[activity.id, 'No calienta']]);
    expect(ctx.pendingTasks).toEqual([{ id: task.id, title: 'Llevar junta', dueDate: today }]);
    expect(ctx.openIncidents).toEqual([expect.objectContaining({ id: incident.id, number: incident.number, symptom: 'Gotea por la base', stage: 'open' })]);
    const units = Object.fromEntries(ctx.units.map((u: any) => [u.id, u]));
    expect(units[covered.id]).toMatchObject({ serialNumber: 'CTX-0001', underContract: true, contractCode: 'CTX-MANT', contractEnd: '2099-12-31', underWarranty: false });
    expect(units[warranty.id]).toMatchObject({ serialNumber: 'CTX-0002', underWarranty: true, underContract: false, contractId: null });
    // Only the contract in force, with the priority its calls and incidents get.
    expect(ctx.contracts).toEqual([expect.objectContaining({ id: contract.id, code: 'CTX-MANT', priorityCode: 'P2', endDate: '2099-12-31' })]);
    expect([ctx.moreCalls, ctx.moreActivities, ctx.moreTasks, ctx.moreIncidents, ctx.moreUnits]).toEqual([false, false, false, false, false]);

    // Someone who may only read sees the same; an unknown customer is 404.
    const reader = await t.userWithRole('readonly');
    expect((await reader.agent.get(`/customers/${customer.id}/context`)).body.openCalls).toHaveLength(1);
    expect((await a.get('/customers/999999/context')).status).toBe(404);
    expect((await a.get('/customers/abc/context')).status).toBe(400);
  });
});
