import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import { customerTimeline } from '../customers/feeds.ts';
import { insertContact, insertCustomer } from './activities.fixtures.ts';

describe.each(DIALECTS)('commercial activities on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('registers one with defaults (today, me), stamps set by the server', async () => {
    const customer = await insertCustomer(t);
    const contact = await insertContact(t, customer.id, 'Marta Ruiz');
    const res = await t.admin.post('/commercial-activities', { customerId: customer.id, contactId: contact, typeCode: 'visit', description: 'Visita para renovar contrato', nextActionDate: '2030-02-01' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ customerId: customer.id, contactId: contact, contactName: 'Marta Ruiz', typeCode: 'visit', userId: t.adminId, registeredBy: t.adminId, nextActionDate: '2030-02-01' });
    expect(res.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const stamp = await t.admin.post('/commercial-activities', { customerId: customer.id, description: 'x', registeredAt: '2020-01-01T00:00:00Z' });
    expect(stamp.body.errors[0]).toMatchObject({ field: 'registeredAt', code: 'readonly_field' });
  });

  it('refuses a contact of another customer and an unknown type', async () => {
    const a = await insertCustomer(t);
    const b = await insertCustomer(t);
    const contactOfB = await insertContact(t, b.id);
    const res = await t.admin.post('/commercial-activities', { customerId: a.id, contactId: contactOfB, description: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'contactId', code: 'contact_not_of_customer' });
    expect((await t.admin.post('/commercial-activities', { customerId: a.id, typeCode: 'party', description: 'x' })).body.errors[0].field).toBe('typeCode');
    expect((await t.admin.post('/commercial-activities', { customerId: a.id, description: '   ' })).status).toBe(400);
  });

  it('lists by date with filters and pages, and changes one', async () => {
    const customer = await insertCustomer(t);
    const seller = await t.userWithRole('agent');
    const ids: string[] = [];
    for (const [i, date] of ['2026-01-05', '2026-02-05', '2026-03-05'].entries()) {
      ids.push((await t.admin.post('/commercial-activities', { customerId: customer.id, description: `Oferta ${i}`, typeCode: 'offer', date, userId: seller.id, nextActionDate: i === 0 ? '2026-01-10' : null })).body.id);
    }
    const p1 = await t.admin.get(`/commercial-activities?customerId=${customer.id}&limit=2`);
    expect(p1.body.items.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
    const p2 = await t.admin.get(`/commercial-activities?customerId=${customer.id}&limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((x: { id: string }) => x.id)).toEqual([ids[0]]);
    expect((await t.admin.get(`/commercial-activities?userId=${seller.id}&from=2026-02-01&to=2026-02-28`)).body.items.map((x: { id: string }) => x.id)).toEqual([ids[1]]);
    expect((await seller.agent.get(`/commercial-activities?userId=me&nextActionDue=true`)).body.items.map((x: { id: string }) => x.id)).toEqual([ids[0]]);
    const patched = await t.admin.patch(`/commercial-activities/${ids[0]}`, { nextActionDate: null, description: 'Oferta aceptada' });
    expect(patched.body).toMatchObject({ nextActionDate: null, description: 'Oferta aceptada' });
  });

  it('appears in the customer timeline and in /search', async () => {
    const customer = await insertCustomer(t);
    const res = await t.admin.post('/commercial-activities', { customerId: customer.id, typeCode: 'demo', description: 'Demostración del equipo nuevo' });
    const feed = await customerTimeline.read(systemCtx(t.database, t.config), Number(customer.id), { limit: 5, types: ['commercial_activity'] });
    expect(feed.items[0]).toMatchObject({ type: 'commercial_activity', id: res.body.id, title: 'Demostración: Demostración del equipo nuevo' });
    const found = await t.admin.get('/search?q=demostracion equipo');
    expect(found.body.items).toContainEqual(expect.objectContaining({ type: 'commercial_activity', id: res.body.id }));
  });
});
