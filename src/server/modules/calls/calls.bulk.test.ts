/**
 * Bulk finish and reassign of the call inbox on both engines: each call by the rules of one
 * (finishCall, updateCall), audited per call, all or none in one transaction, per-call refusals
 * listed in the problem, Idempotency-Key honoured.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

const phone = () => `9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe.each(DIALECTS)('bulk call actions on %s', (dialect) => {
  let t: TestApp;
  let ana: { agent: Agent; id: string };
  let bob: { agent: Agent; id: string };
  let viewer: { agent: Agent; id: string };
  let groupId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { starterConfiguration: true });
    ana = await t.userWithRole('agent');
    bob = await t.userWithRole('technician');
    viewer = await t.userWithRole('readonly');
    const group = await t.admin.post('/groups', { code: `G${randomBytes(3).toString('hex')}`, name: 'Taller', memberIds: [bob.id] });
    expect(group.status, group.text).toBe(201);
    groupId = group.body.id;
  });
  afterAll(() => t.close());

  /** n new pending calls for `toUserId`. */
  async function calls(n: number, toUserId = ana.id): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await t.admin.post('/calls', { phone: phone(), toUserId, description: `Llamada ${i}` });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
    }
    return ids;
  }
  const state = async (ids: string[]) => Promise.all(ids.map(async (id) => (await t.admin.get(`/calls/${id}`)).body as { pending: boolean; statusCode: string; toUserId: string | null; toGroupId: string | null; updatedAt: string }));
  const audit = async (id: string) => ((await t.admin.get(`/audit?entityType=call&entityId=${id}`)).body.items as Array<{ action: string; userId: string; changes: Record<string, unknown> | null }>);

  it('finishes every call as one at a time would, each audited, and answers them as they are now', async () => {
    const ids = await calls(3);
    const res = await ana.agent.post('/calls/bulk-finish', { ids: [...ids, ids[0]] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.count).toBe(3);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(ids);
    for (const call of await state(ids)) expect(call).toMatchObject({ pending: false, statusCode: 'FI' });
    expect(res.body.items[0]).toMatchObject({ pending: false, finishedBy: ana.id, statusCode: 'FI' });
    expect(res.body.items[0].notes).toBeUndefined();
    for (const id of ids) expect((await audit(id)).filter((a) => a.action === 'finish')).toEqual([expect.objectContaining({ userId: ana.id, changes: { statusCode: { from: 'PE', to: 'FI' } } })]);
    // The one-call route agrees: each is finished now.
    expect((await ana.agent.post(`/calls/${ids[1]}/finish`, {})).body.code).toBe('call_already_finished');
  });

  it('changes nothing when one call is refused, and names each refused call in the language of the request', async () => {
    const ids = await calls(3);
    expect((await t.admin.post(`/calls/${ids[1]}/finish`, {})).status).toBe(200);
    const before = await state(ids);
    const res = await ana.agent.withLanguage('en').post('/calls/bulk-finish', { ids: [...ids, '999999999'] });
    expect(res.status, res.text).toBe(409);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'calls_bulk_refused', detail: 'No call was changed: 2 of 4 do not allow it (listed below).' });
    expect(res.body.errors).toEqual([
      { id: ids[1], field: 'ids', code: 'call_already_finished', detail: 'The call is already finished.' },
      { id: '999999999', field: 'ids', code: 'not_found', detail: expect.any(String) },
    ]);
    expect(await state(ids)).toEqual(before);
    for (const id of [ids[0], ids[2]]) expect((await audit(id)).map((a) => a.action)).toEqual(['create']);
    const es = await ana.agent.post('/calls/bulk-finish', { ids: [ids[0], ids[1]] });
    expect(es.body.detail).toBe('No se ha cambiado ninguna llamada: 1 de 2 no lo permiten (se indican abajo).');
    expect(es.body.errors[0].detail).toBe('La llamada ya está finalizada.');
  });

  it('refuses an empty list, more than 100 ids and bad ids with a 400 naming ids', async () => {
    const [id] = await calls(1);
    const tooMany = Array.from({ length: 101 }, () => id!);
    for (const body of [{ ids: [] }, { ids: tooMany }, { ids: ['12a'] }, {}, { ids: [id], finishedAt: '2026-01-01T00:00:00Z' }]) {
      const res = await ana.agent.post('/calls/bulk-finish', body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field.split('.')[0])).toEqual([Object.keys(body).includes('finishedAt') ? 'finishedAt' : 'ids']);
    }
    const over = await ana.agent.post('/calls/bulk-reassign', { ids: tooMany, toGroupId: groupId });
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([expect.objectContaining({ field: 'ids', code: 'too_many_items', message: 'Indique como máximo 100 elementos.' })]);
    expect((await state([id!]))[0]!.pending).toBe(true);
  });

  it('applies the permission rules of one call: read-only users are refused; any support user may act on another agent’s calls, as one at a time', async () => {
    const ids = await calls(2);
    const before = await state(ids);
    for (const url of ['/calls/bulk-finish', '/calls/bulk-reassign']) {
      const res = await viewer.agent.post(url, { ids, toUserId: viewer.id });
      expect(res.status, url).toBe(403);
    }
    expect(await state(ids)).toEqual(before);
    // Bob (technician) finishes Ana's calls, as POST /calls/{id}/finish lets him.
    const one = await bob.agent.post(`/calls/${ids[0]}/finish`, {});
    expect(one.status).toBe(200);
    expect((await bob.agent.post(`/calls/${ids[0]}/reopen`, {})).status).toBe(200);
    const res = await bob.agent.post('/calls/bulk-finish', { ids });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.map((c: { finishedBy: string }) => c.finishedBy)).toEqual([bob.id, bob.id]);
  });

  it('reassigns to a group or a user, audited per call; an unknown destination is a 400 on its field; a refused call changes nothing', async () => {
    const ids = await calls(2);
    const toGroup = await ana.agent.post('/calls/bulk-reassign', { ids, toGroupId: groupId });
    expect(toGroup.status, toGroup.text).toBe(200);
    expect(toGroup.body.items).toEqual([expect.objectContaining({ id: ids[0], toGroupId: groupId, toUserId: null, toGroupName: 'Taller' }), expect.objectContaining({ id: ids[1], toGroupId: groupId, toUserId: null })]);
    for (const id of ids) expect((await audit(id)).find((a) => a.action === 'update')?.changes).toMatchObject({ toUserId: { from: ana.id, to: null }, toGroupId: { from: null, to: groupId } });

    const toBob = await ana.agent.post('/calls/bulk-reassign', { ids, toUserId: bob.id });
    expect(toBob.status).toBe(200);
    expect((await state(ids)).map((c) => [c.toUserId, c.toGroupId])).toEqual([[bob.id, null], [bob.id, null]]);

    const before = await state(ids);
    const unknown = await ana.agent.post('/calls/bulk-reassign', { ids, toUserId: '999999999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'toUserId', code: 'unknown_reference' })]);
    const none = await ana.agent.post('/calls/bulk-reassign', { ids });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'toUserId', code: 'call_destination_required' })]);
    const both = await ana.agent.post('/calls/bulk-reassign', { ids, toUserId: ana.id, toGroupId: groupId });
    expect(both.status).toBe(400);
    const missing = await ana.agent.post('/calls/bulk-reassign', { ids: [...ids, '999999998'], toUserId: ana.id });
    expect(missing.status).toBe(409);
    expect(missing.body.errors).toEqual([expect.objectContaining({ id: '999999998', code: 'not_found' })]);
    expect(await state(ids)).toEqual(before);
  });

  it('honours Idempotency-Key: the same request again replays the first answer and changes nothing', async () => {
    const ids = await calls(2);
    const key = `bulk-${randomBytes(6).toString('hex')}`;
    const first = await ana.agent.post('/calls/bulk-finish', { ids }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const again = await ana.agent.post('/calls/bulk-finish', { ids }, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
    for (const id of ids) expect((await audit(id)).filter((a) => a.action === 'finish')).toHaveLength(1);
    const other = await ana.agent.post('/calls/bulk-finish', { ids: [ids[0]] }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    // A refused bulk stores no answer (everything rolled back, the key included): sent again, it is tried again.
    const [a] = await calls(1);
    const refusedKey = `bulk-${randomBytes(6).toString('hex')}`;
    for (let i = 0; i < 2; i++) {
      const refused = await ana.agent.post('/calls/bulk-reassign', { ids: [a, '999999997'], toGroupId: groupId }, { 'idempotency-key': refusedKey });
      expect(refused.status).toBe(409);
      expect(refused.headers['idempotent-replayed']).toBeUndefined();
    }
    expect((await state([a!]))[0]!.toGroupId).toBeNull();
  });
});
