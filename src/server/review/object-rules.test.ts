/**
 * Object rules (src/shared/policies.ts) on both engines: work is recorded in one's own name —
 * time entries, quick time and commercial activities for someone else are for supervisors and
 * administrators (403 naming userId otherwise, nothing saved) — and the call lists answer "whose
 * pending calls may I see" the same way in every view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';

const phone = () => `9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe.each(DIALECTS)('object rules on %s', (dialect) => {
  let t: TestApp;
  let agent: { agent: Agent; id: string };
  let other: { agent: Agent; id: string };
  let sup: { agent: Agent; id: string };
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { starterConfiguration: true });
    agent = await t.userWithRole('agent');
    other = await t.userWithRole('technician');
    sup = await t.userWithRole('supervisor');
    const c = await t.admin.post('/customers', { code: `OBJ${dialect}`, name: 'Reglas de Objeto SL' });
    expect(c.status).toBe(201);
    customerId = c.body.id;
  });
  afterAll(() => t.close());

  const refusedOnUserId = (res: { status: number; body: any }) => res.status === 403 && res.body.code === 'forbidden' && res.body.errors?.some((e: { field: string; code: string }) => e.field === 'userId' && e.code === 'only_own_name');

  it('lets an agent record time in their own name only; a supervisor records it for anyone', async () => {
    const entry = (userId: string) => ({ userId, customerId, date: '2026-11-20', minutes: 30, text: 'Revisión' });
    const before = (await t.admin.get(`/time-entries?customerId=${customerId}`)).body.items.length;
    const forOther = await agent.agent.post('/time-entries', entry(other.id));
    expect(refusedOnUserId(forOther), JSON.stringify(forOther.body)).toBe(true);
    const quickForOther = await agent.agent.post(`/customers/${customerId}/quick-time`, { userId: other.id, date: '2026-11-20', minutes: 15, text: 'Llamada' });
    expect(refusedOnUserId(quickForOther), JSON.stringify(quickForOther.body)).toBe(true);
    expect((await t.admin.get(`/time-entries?customerId=${customerId}`)).body.items.length).toBe(before);

    const own = await agent.agent.post('/time-entries', entry(agent.id));
    expect(own.status).toBe(201);
    // Nor may the agent hand their entry over to someone else afterwards.
    const handOver = await agent.agent.patch(`/time-entries/${own.body.id}`, { userId: other.id });
    expect(refusedOnUserId(handOver), JSON.stringify(handOver.body)).toBe(true);
    expect((await t.admin.get(`/time-entries/${own.body.id}`)).body.userId).toBe(agent.id);

    expect((await sup.agent.post('/time-entries', entry(other.id))).status).toBe(201);
    expect((await t.admin.post('/time-entries', entry(other.id))).status).toBe(201);
  });

  it('lets an agent record commercial activities in their own name only', async () => {
    const forOther = await agent.agent.post('/commercial-activities', { customerId, description: 'Oferta', userId: other.id });
    expect(refusedOnUserId(forOther), JSON.stringify(forOther.body)).toBe(true);
    const own = await agent.agent.post('/commercial-activities', { customerId, description: 'Oferta propia' });
    expect(own.status).toBe(201);
    expect(own.body.userId).toBe(agent.id);
    const handOver = await agent.agent.patch(`/commercial-activities/${own.body.id}`, { userId: other.id });
    expect(refusedOnUserId(handOver), JSON.stringify(handOver.body)).toBe(true);
    expect((await sup.agent.post('/commercial-activities', { customerId, description: 'Oferta para otro', userId: other.id })).status).toBe(201);
  });

  it('answers "whose pending calls" the same way in every view', async () => {
    const mine = await t.admin.post('/calls', { phone: phone(), toUserId: agent.id, description: 'para el agente' });
    const theirs = await t.admin.post('/calls', { phone: phone(), toUserId: other.id, description: 'para otro' });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((c) => c.id);

    // An agent: everyone's pending calls are refused however they are asked for…
    for (const url of ['/calls?view=now&mine=false', '/calls?view=all&pending=true&mine=false', '/calls?view=postponed&mine=false']) {
      const res = await agent.agent.get(url);
      expect(res.status, url).toBe(403);
      expect(res.body.errors[0].field, url).toBe('mine');
    }
    // …and a list of pending calls shows the agent's own, whichever view asks.
    const now = ids(await agent.agent.get('/calls?view=now&limit=200'));
    const pending = ids(await agent.agent.get('/calls?view=all&pending=true&limit=200'));
    expect(now).toContain(mine.body.id);
    expect(now).not.toContain(theirs.body.id);
    expect(pending).toEqual(now);
    // The history (not only pending calls) is everyone's, as before.
    expect(ids(await agent.agent.get('/calls?view=all&limit=200'))).toContain(theirs.body.id);

    // A supervisor sees everyone's pending calls in both.
    const supNow = ids(await sup.agent.get('/calls?view=now&mine=false&limit=200'));
    const supPending = ids(await sup.agent.get('/calls?view=all&pending=true&limit=200'));
    expect(supNow).toEqual(expect.arrayContaining([mine.body.id, theirs.body.id]));
    expect(supPending).toEqual(supNow);
  });
});
