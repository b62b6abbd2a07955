import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import { insertCustomer } from '../activities/activities.fixtures.ts';
import { customerTimeline } from '../customers/feeds.ts';
import { addDays, localDate, nextWorkingDay, zonedToUtc } from './zoned-time.ts';

describe('zoned time', () => {
  it.each([
    ['2026-11-22', 'Europe/Madrid', 9, '2026-11-22T08:00:00.000Z'],
    ['2026-07-01', 'Europe/Madrid', 9, '2026-07-01T07:00:00.000Z'],
    ['2026-03-29', 'Europe/Madrid', 0, '2026-03-28T23:00:00.000Z'],
    ['2026-03-29', 'Europe/Madrid', 3, '2026-03-29T01:00:00.000Z'],
    ['2026-11-22', 'UTC', 0, '2026-11-22T00:00:00.000Z'],
    ['2026-11-22', 'America/New_York', 9, '2026-11-22T14:00:00.000Z'],
  ])('%s %s %i:00 is %s', (date, tz, hour, utc) => {
    expect(zonedToUtc(date, tz, hour)).toBe(utc);
  });
  it.each([
    ['2026-11-20', '2026-11-23'],
    ['2026-11-21', '2026-11-23'],
    ['2026-11-23', '2026-11-24'],
  ])('next working day after %s is %s', (d, next) => {
    expect(nextWorkingDay(d)).toBe(next);
  });
  it('local date and day arithmetic', () => {
    expect(localDate('2026-11-22T23:30:00Z', 'Europe/Madrid')).toBe('2026-11-23');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe.each(DIALECTS)('customer agenda on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('adds a call-back assigned to me by default, lists mine and the customer\'s by due time, marks it done', async () => {
    const customer = await insertCustomer(t);
    const agent = await t.userWithRole('agent');
    const later = await agent.agent.post('/customer-events', { customerId: customer.id, title: 'Llamar para presupuesto', dueAt: '2030-01-10T09:00:00Z' });
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ kind: 'callback', status: 'pending', assigneeUserId: agent.id, customerName: customer.name, overdue: false });
    const sooner = await agent.agent.post('/customer-events', { customerId: customer.id, kind: 'other', title: 'Visita', dueAt: '2020-01-10T09:00:00Z', notes: 'Llevar catálogo' });
    expect(sooner.body.overdue).toBe(true);

    const mine = await agent.agent.get('/customer-events?mine=true');
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([sooner.body.id, later.body.id]);
    const byCustomer = await t.admin.get(`/customer-events?customerId=${customer.id}&order=desc&limit=1`);
    expect(byCustomer.body.items[0].id).toBe(later.body.id);
    const page2 = await t.admin.get(`/customer-events?customerId=${customer.id}&order=desc&limit=1&cursor=${byCustomer.body.nextCursor}`);
    expect(page2.body.items[0].id).toBe(sooner.body.id);

    const done = await agent.agent.patch(`/customer-events/${sooner.body.id}`, { status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', doneBy: agent.id, overdue: false });
    expect(done.body.doneAt).toEqual(expect.any(String));
    expect((await agent.agent.get('/customer-events?mine=true&status=pending')).body.items.map((e: { id: string }) => e.id)).toEqual([later.body.id]);
    const reopened = await agent.agent.patch(`/customer-events/${sooner.body.id}`, { status: 'pending' });
    expect(reopened.body).toMatchObject({ status: 'pending', doneAt: null, doneBy: null });
  });

  it('assigns to a group; "mine" includes my groups; refuses both a user and a group', async () => {
    const customer = await insertCustomer(t);
    const member = await t.userWithRole('technician');
    const group = await t.admin.post('/groups', { code: `G${Date.now() % 100000}`, name: 'Técnicos', memberIds: [member.id] });
    const ev = await t.admin.post('/customer-events', { customerId: customer.id, title: 'Para el grupo', dueAt: '2031-01-01T10:00:00Z', assigneeGroupId: group.body.id });
    expect(ev.body).toMatchObject({ assigneeGroupId: group.body.id, assigneeUserId: null, assigneeGroupName: 'Técnicos' });
    expect((await member.agent.get('/customer-events?mine=true')).body.items.map((e: { id: string }) => e.id)).toContain(ev.body.id);
    const both = await t.admin.post('/customer-events', { customerId: customer.id, title: 'x', dueAt: '2031-01-01T10:00:00Z', assigneeGroupId: group.body.id, assigneeUserId: member.id });
    expect(both.status).toBe(400);
    expect(both.body.errors[0].code).toBe('one_of_user_group');
    const reassigned = await t.admin.patch(`/customer-events/${ev.body.id}`, { assigneeUserId: member.id });
    expect(reassigned.body).toMatchObject({ assigneeUserId: member.id, assigneeGroupId: null });
  });

  it('validates the customer, the dates and the stamps', async () => {
    const customer = await insertCustomer(t);
    expect((await t.admin.post('/customer-events', { customerId: '999999', title: 'x', dueAt: '2031-01-01T10:00:00Z' })).body.errors[0]).toMatchObject({ field: 'customerId', code: 'unknown_reference' });
    expect((await t.admin.post('/customer-events', { customerId: customer.id, title: 'x', dueAt: 'mañana' })).body.errors[0]).toMatchObject({ field: 'dueAt' });
    const ev = await t.admin.post('/customer-events', { customerId: customer.id, title: 'x', dueAt: '2031-01-01T10:00:00Z' });
    expect((await t.admin.patch(`/customer-events/${ev.body.id}`, { doneAt: '2020-01-01T00:00:00Z' })).status).toBe(400);
    const { agent } = await t.userWithRole('readonly');
    expect((await agent.post('/customer-events', { customerId: customer.id, title: 'x', dueAt: '2031-01-01T10:00:00Z' })).status).toBe(403);
  });

  it('shows in the customer timeline', async () => {
    const customer = await insertCustomer(t);
    const ev = await t.admin.post('/customer-events', { customerId: customer.id, title: 'Confirmar pedido', dueAt: '2031-01-01T10:00:00Z' });
    const feed = await customerTimeline.read(systemCtx(t.database, t.config), Number(customer.id), { limit: 5, types: ['customer_event'] });
    expect(feed.items[0]).toMatchObject({ type: 'customer_event', id: ev.body.id, title: 'Llamada pendiente: Confirmar pedido', pending: true });
  });
});
