/**
 * The audit trail: every create and change of the day-to-day records says who did it and when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type Agent, type Response, type TestApp } from '../../../test/harness.ts';

describe.each(DIALECTS)('audit trail on %s', (dialect) => {
  let t: TestApp;
  let agent: { agent: Agent; id: string; username: string };
  let supervisor: Agent;
  let customerId: string;
  const started = new Date(Date.now() - 1000).toISOString();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const [catalog, entry] of [
      ['call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true }],
      ['call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true }],
      ['activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', pending: true, isDefault: true }],
    ] as const) expect((await t.admin.post(`/catalogs/${catalog}`, entry)).status).toBe(201);
    agent = await t.userWithRole('agent');
    supervisor = (await t.userWithRole('supervisor')).agent;
    const c = await agent.agent.post('/customers', { code: 'AUD1', name: 'Auditoría SL' });
    expect(c.status).toBe(201);
    customerId = c.body.id;
  });
  afterAll(() => t.close());

  /** The actions recorded for one record, oldest first, each checked for who and when. */
  async function trail(entityType: string, entityId: string, by = agent.username): Promise<string[]> {
    const res = await supervisor.get(`/audit?entityType=${encodeURIComponent(entityType)}&entityId=${entityId}&limit=200`);
    expect(res.status).toBe(200);
    for (const e of res.body.items) {
      expect(e.actor, `${entityType} ${entityId} ${e.action}`).toBe(by);
      expect(e.at >= started).toBe(true);
    }
    return res.body.items.map((e: { action: string }) => e.action).reverse();
  }

  const ok = (res: Response, status = 200) => {
    expect(res.status, res.text).toBe(status);
    return res;
  };

  it('records customers, contacts, items and units', async () => {
    ok(await agent.agent.patch(`/customers/${customerId}`, { name: 'Auditoría, S.L.' }));
    expect(await trail('customer', customerId)).toEqual(['create', 'update']);
    const contact = ok(await agent.agent.post(`/customers/${customerId}/contacts`, { name: 'Ana' }), 201).body.id;
    ok(await agent.agent.patch(`/contacts/${contact}`, { position: 'Gerente' }));
    expect(await trail('contact', contact)).toEqual(['create', 'update']);
    const item = ok(await agent.agent.post('/items', { code: 'AUD-IT', description: 'Caldera', kind: 'product', serialized: true, warrantyMonths: 24 }), 201).body.id;
    ok(await agent.agent.patch(`/items/${item}`, { description: 'Caldera 24 kW' }));
    expect(await trail('item', item)).toEqual(['create', 'update']);
    const unit = ok(await agent.agent.post('/units', { serialNumber: 'AUD-SN-1', itemId: item, customerId, saleDate: '2026-01-10' }), 201).body.id;
    ok(await agent.agent.patch(`/units/${unit}`, { notes: 'Sótano' }));
    expect(await trail('unit', unit)).toEqual(['create', 'update']);
  });

  it('records calls: create, change, notes, postponement and finish', async () => {
    const call = ok(await agent.agent.post('/calls', { customerId, toUserId: agent.id, description: 'No arranca' }), 201).body.id;
    ok(await agent.agent.patch(`/calls/${call}`, { description: 'No arranca la caldera' }));
    ok(await agent.agent.post(`/calls/${call}/notes`, { text: 'Llamar a partir de las 17:00' }), 201);
    ok(await agent.agent.post(`/calls/${call}/postpone`, { until: new Date(Date.now() + 3600_000).toISOString(), reason: 'Fuera', toUserId: agent.id }));
    ok(await agent.agent.post(`/calls/${call}/finish`, {}));
    expect(await trail('call', call)).toEqual(['create', 'update', 'note', 'postpone', 'finish']);
  });

  it('records activities and commercial activities', async () => {
    const a = ok(await agent.agent.post('/activities', { customerId, problem: 'Fuga' }), 201).body.id;
    ok(await agent.agent.patch(`/activities/${a}`, { solution: 'Junta cambiada' }));
    expect(await trail('activity', a)).toEqual(['create', 'update']);
    const ca = ok(await agent.agent.post('/commercial-activities', { customerId, description: 'Visita' }), 201).body.id;
    ok(await agent.agent.patch(`/commercial-activities/${ca}`, { description: 'Visita comercial' }));
    expect(await trail('commercial_activity', ca)).toEqual(['create', 'update']);
  });

  it('records projects, tasks, time entries and quick time entries', async () => {
    const p = ok(await agent.agent.post('/projects', { code: 'AUD-P', name: 'Proyecto', customerId, kind: 'production' }), 201).body.id;
    ok(await agent.agent.patch(`/projects/${p}`, { name: 'Proyecto auditado' }));
    expect(await trail('project', p)).toEqual(['create', 'update']);
    const task = ok(await agent.agent.post('/tasks', { title: 'Revisar', customerId, projectId: p, assigneeUserId: agent.id }), 201).body.id;
    ok(await agent.agent.patch(`/tasks/${task}`, { status: 'done' }));
    expect(await trail('task', task)).toEqual(['create', 'done']);
    const te = ok(await agent.agent.post('/time-entries', { userId: agent.id, customerId, projectId: p, minutes: 30, text: 'Revisión', date: '2026-11-20' }), 201).body.id;
    ok(await agent.agent.patch(`/time-entries/${te}`, { minutes: 45 }));
    ok(await agent.agent.delete(`/time-entries/${te}`), 204);
    expect(await trail('time_entry', te)).toEqual(['create', 'update', 'delete']);

    const other = ok(await agent.agent.post('/customers', { code: 'AUD2', name: 'Nuevo SL' }), 201).body.id;
    const q = ok(await agent.agent.post(`/customers/${other}/quick-time`, { text: 'Primera visita', minutes: 60, userId: agent.id, date: '2026-11-20' }), 201).body;
    expect(q.projectCreated).toBe(true);
    expect(await trail('time_entry', q.timeEntryId)).toEqual(['create']);
    expect(await trail('project', q.projectId)).toEqual(['create']);
    expect((await trail('task', q.taskId))[0]).toBe('create');
  });

  it('records customer agenda entries', async () => {
    const e = ok(await agent.agent.post('/customer-events', { customerId, title: 'Llamar', dueAt: new Date(Date.now() + 86400_000).toISOString() }), 201).body.id;
    ok(await agent.agent.patch(`/customer-events/${e}`, { status: 'done' }));
    expect(await trail('customer_event', e)).toEqual(['create', 'done']);
  });

  it('records a user changing their own preferences', async () => {
    ok(await agent.agent.patch('/me/preferences', { defaultToUserId: agent.id, timeZone: 'Atlantic/Canary' }));
    const res = await supervisor.get(`/audit?entityType=user&entityId=${agent.id}`);
    const entry = res.body.items.find((e: { action: string }) => e.action === 'preferences');
    expect(entry).toMatchObject({ actor: agent.username, userId: agent.id, changes: { timeZone: { to: 'Atlantic/Canary' }, defaultToUserId: { from: null, to: agent.id } } });
  });

  it('records catalogs, users and groups (by the administrator)', async () => {
    ok(await t.admin.post('/catalogs/call-types', { code: 'AU', descriptionEs: 'Auditoría', descriptionEn: 'Audit' }), 201);
    ok(await t.admin.patch('/catalogs/call-types/AU', { descriptionEs: 'Auditoría interna' }));
    expect(await trail('catalog:call-types', 'AU', 'admin')).toEqual(['create', 'update']);
    const u = ok(await t.admin.post('/users', { username: 'auditado', name: 'Auditado', password: 'password-123', role: 'agent' }), 201).body.id;
    ok(await t.admin.patch(`/users/${u}`, { role: 'technician' }));
    expect(await trail('user', u, 'admin')).toEqual(['create', 'update']);
    const g = ok(await t.admin.post('/groups', { code: 'AUDG', name: 'Grupo' }), 201).body.id;
    ok(await t.admin.patch(`/groups/${g}`, { name: 'Grupo auditado' }));
    expect(await trail('group', g, 'admin')).toEqual(['create', 'update']);
  });
});
