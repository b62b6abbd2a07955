import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

describe.each(DIALECTS)('customers and contacts on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const uniq = (p: string) => `${p}${++n}`;

  async function region(active = true) {
    const code = uniq('R');
    const res = await t.admin.post('/catalogs/regions', { code, descriptionEs: `Región ${code}`, descriptionEn: `Region ${code}` });
    expect(res.status).toBe(201);
    if (!active) expect((await t.admin.patch(`/catalogs/regions/${code}`, { active: false })).status).toBe(200);
    return code;
  }

  async function customer(extra: Record<string, unknown> = {}) {
    const res = await t.admin.post('/customers', { code: uniq('C'), name: uniq('Cliente '), ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  async function countByCode(code: string) {
    const r = await t.database.db.selectFrom('customers').select('id').where('code', '=', code).execute();
    return r.length;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('refuses a wrong CIF naming the field and saves nothing; saves a right one normalised', async () => {
    const code = uniq('CIF');
    const wrong = await t.admin.post('/customers', { code, name: 'Talleres Mal', taxId: 'B12345675', phones: ['912 000 001'] });
    expect(wrong.status).toBe(400);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.errors).toEqual([{ field: 'taxId', code: 'invalid_tax_id', message: expect.stringContaining('NIF/NIE/CIF') }]);
    expect(await countByCode(code)).toBe(0);
    const phones = await t.database.db.selectFrom('phone_numbers').select('id').where('normalized', '=', '34912000001').execute();
    expect(phones).toHaveLength(0);

    const english = await t.admin.post('/customers', { code, name: 'Talleres Mal', taxId: 'P12345674' }, { 'accept-language': 'en' });
    expect(english.body.errors[0]).toMatchObject({ field: 'taxId', code: 'invalid_tax_id', message: expect.stringContaining('control character') });

    const right = await t.admin.post('/customers', { code, name: 'Talleres Bien', taxId: 'b-1234567-4' });
    expect(right.status).toBe(201);
    expect(right.body).toMatchObject({ code, name: 'Talleres Bien', taxId: 'B12345674', active: true, language: 'es' });
    expect(typeof right.body.id).toBe('string');
    expect(await countByCode(code)).toBe(1);
  });

  it('accepts NIF and NIE and refuses a wrong letter', async () => {
    expect((await customer({ taxId: '12.345.678-z' })).taxId).toBe('12345678Z');
    expect((await customer({ taxId: 'x1234567l' })).taxId).toBe('X1234567L');
    const bad = await t.admin.post('/customers', { code: uniq('C'), name: 'x', taxId: '12345678A' });
    expect(bad.body.errors[0].field).toBe('taxId');
  });

  it('finds a customer by phone typed another way, in /search and /lookup/caller', async () => {
    const c = await customer({ name: 'Climatización Pérez', phones: ['+34 912 345 678'] });
    const contact = await t.admin.post(`/customers/${c.id}/contacts`, { name: 'Lucía Pérez', position: 'Compras', phones: ['600 11 22 33'], emails: ['lucia@perez.example'] });
    expect(contact.status).toBe(201);

    const search = await t.admin.get(`/search?q=${encodeURIComponent('91 234 56 78')}`);
    expect(search.body.items.find((h: any) => h.type === 'customer' && h.id === c.id)).toBeTruthy();

    for (const typed of ['91 234 56 78', '+34 912 345 678', '0034912345678', '912-345-678']) {
      const res = await t.admin.get(`/lookup/caller?phone=${encodeURIComponent(typed)}`);
      expect(res.status).toBe(200);
      expect(res.body.phone).toBe('34912345678');
      expect(res.body.matches).toEqual([{ customer: expect.objectContaining({ id: c.id, name: 'Climatización Pérez' }), contact: null }]);
    }

    const byContact = await t.admin.get(`/lookup/caller?phone=${encodeURIComponent('+34600112233')}`);
    expect(byContact.body.matches).toHaveLength(1);
    expect(byContact.body.matches[0].customer.id).toBe(c.id);
    expect(byContact.body.matches[0].contact).toMatchObject({ id: contact.body.id, name: 'Lucía Pérez', customerId: c.id });

    const contactHit = await t.admin.get(`/search?q=${encodeURIComponent('600-112-233')}`);
    expect(contactHit.body.items.find((h: any) => h.type === 'contact' && h.id === contact.body.id)).toMatchObject({ customerId: c.id });

    expect((await t.admin.get('/lookup/caller?phone=999999999')).body.matches).toEqual([]);
    const invalid = await t.admin.get('/lookup/caller?phone=12');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ field: 'phone', code: 'invalid_phone' });
  });

  it('finds a customer by name without accents, by prefix, and by tax id typed with separators', async () => {
    const c = await customer({ name: 'Ferretería Núñez', taxId: 'A98765431', address: { city: 'Móstoles', postalCode: '28931' } });
    for (const q of ['ferreteria nunez', 'FERRET', 'núñez', 'mostoles']) {
      const res = await t.admin.get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.body.items.find((h: any) => h.id === c.id && h.type === 'customer'), q).toMatchObject({ title: 'Ferretería Núñez', subtitle: expect.stringContaining('A98765431') });
    }
    const list = await t.admin.get(`/customers?q=${encodeURIComponent('ferreteria nunez')}`);
    expect(list.body.items.map((x: any) => x.id)).toContain(c.id);

    const bySearch = await t.admin.get(`/search?q=${encodeURIComponent('a-98.765.431')}`);
    expect(bySearch.body.items[0]).toMatchObject({ type: 'customer', id: c.id });
    const byFilter = await t.admin.get(`/customers?taxId=${encodeURIComponent('a 98765431')}`);
    expect(byFilter.body.items.map((x: any) => x.id)).toEqual([c.id]);
  });

  it('refuses invalid phones and e-mails naming the element, and saves nothing', async () => {
    const code = uniq('C');
    const res = await t.admin.post('/customers', { code, name: 'x', phones: ['912345678', '12'], emails: ['ok@example.com', 'no-at'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'emails.1', code: 'invalid_email' })]));
    const phoneOnly = await t.admin.post('/customers', { code, name: 'x', phones: ['912345678', '12'] });
    expect(phoneOnly.body.errors).toEqual([expect.objectContaining({ field: 'phones.1', code: 'invalid_phone' })]);
    const postal = await t.admin.post('/customers', { code, name: 'x', address: { postalCode: '99123' } });
    expect(postal.body.errors).toEqual([expect.objectContaining({ field: 'address.postalCode', code: 'invalid_postal_code' })]);
    expect(await countByCode(code)).toBe(0);
  });

  it('refuses unknown fields such as server stamps and a duplicate code', async () => {
    const stamped = await t.admin.post('/customers', { code: uniq('C'), name: 'x', createdAt: '2020-01-01T00:00:00Z' });
    expect(stamped.status).toBe(400);
    expect(stamped.body.errors).toEqual([expect.objectContaining({ field: 'createdAt', code: 'unknown_field' })]);
    const c = await customer();
    const patch = await t.admin.patch(`/customers/${c.id}`, { updatedAt: '2020-01-01T00:00:00Z' });
    expect(patch.body.errors[0]).toMatchObject({ field: 'updatedAt', code: 'unknown_field' });
    const dup = await t.admin.post('/customers', { code: c.code, name: 'otra' });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0]).toMatchObject({ field: 'code', code: 'code_taken' });
  });

  it('accepts only active region codes for new values and keeps a retired one unchanged', async () => {
    const unknown = await t.admin.post('/customers', { code: uniq('C'), name: 'x', regionCode: 'NOPE' });
    expect(unknown.body.errors[0]).toMatchObject({ field: 'regionCode', code: 'unknown_code' });

    const old = await region();
    const c = await customer({ regionCode: old });
    await t.admin.patch(`/catalogs/regions/${old}`, { active: false });
    const keep = await t.admin.patch(`/customers/${c.id}`, { name: 'Renombrado', regionCode: old });
    expect(keep.status).toBe(200);
    expect(keep.body).toMatchObject({ name: 'Renombrado', regionCode: old });

    const other = await customer();
    const move = await t.admin.patch(`/customers/${other.id}`, { regionCode: old });
    expect(move.body.errors[0]).toMatchObject({ field: 'regionCode', code: 'unknown_code' });
    const create = await t.admin.post('/customers', { code: uniq('C'), name: 'x', regionCode: old });
    expect(create.status).toBe(400);
  });

  it('pages by name with a keyset cursor that stays stable under inserts', async () => {
    const r = await region();
    const names = ['Ábaco Uno', 'Beta Dos', 'Cebra Tres', 'Delta Cuatro', 'Épsilon Cinco'];
    const created = [];
    for (const name of names) created.push(await customer({ name, regionCode: r }));
    const p1 = await t.admin.get(`/customers?regionCode=${r}&limit=2`);
    expect(p1.body.items.map((x: any) => x.name)).toEqual(['Ábaco Uno', 'Beta Dos']);
    // inserted before and after the cursor meanwhile
    await customer({ name: 'Aaron', regionCode: r });
    await customer({ name: 'Zeta', regionCode: r });
    const p2 = await t.admin.get(`/customers?regionCode=${r}&limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((x: any) => x.name)).toEqual(['Cebra Tres', 'Delta Cuatro']);
    const p3 = await t.admin.get(`/customers?regionCode=${r}&limit=2&cursor=${p2.body.nextCursor}`);
    expect(p3.body.items.map((x: any) => x.name)).toEqual(['Épsilon Cinco', 'Zeta']);
    expect(p3.body.nextCursor).toBeNull();

    const byCode = await t.admin.get(`/customers?regionCode=${r}&sort=code&limit=50`);
    const codes = byCode.body.items.map((x: any) => x.code);
    expect(codes).toEqual([...codes].sort());
    expect((await t.admin.get('/customers?cursor=garbage')).body.errors[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
  });

  it('deactivates with PATCH or DELETE and filters by active', async () => {
    const r = await region();
    const a = await customer({ regionCode: r });
    const b = await customer({ regionCode: r });
    expect((await t.admin.patch(`/customers/${a.id}`, { active: false })).body.active).toBe(false);
    expect((await t.admin.delete(`/customers/${b.id}`)).body.active).toBe(false);
    const inactive = await t.admin.get(`/customers?regionCode=${r}&active=false`);
    expect(inactive.body.items.map((x: any) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect((await t.admin.get(`/customers?regionCode=${r}&active=true`)).body.items).toEqual([]);
  });

  it('keeps phone_numbers in step with edits of customers and contacts', async () => {
    const c = await customer({ phones: ['955 100 200'] });
    await t.admin.patch(`/customers/${c.id}`, { phones: ['955 100 201'] });
    expect((await t.admin.get('/lookup/caller?phone=955100200')).body.matches).toEqual([]);
    expect((await t.admin.get('/lookup/caller?phone=955100201')).body.matches[0].customer.id).toBe(c.id);

    const k = await t.admin.post('/contacts', { customerId: c.id, name: 'Ana', phones: ['655 000 111'] });
    expect(k.status).toBe(201);
    await t.admin.patch(`/contacts/${k.body.id}`, { phones: ['655 000 112'] });
    expect((await t.admin.get('/lookup/caller?phone=655000111')).body.matches).toEqual([]);
    expect((await t.admin.get('/lookup/caller?phone=655000112')).body.matches[0].contact.id).toBe(k.body.id);
    // the customer's own number is untouched by the contact's edit
    expect((await t.admin.get('/lookup/caller?phone=955100201')).body.matches).toHaveLength(1);
  });

  it('lists, filters, reads and changes contacts; search follows a customer rename', async () => {
    const c = await customer({ name: 'Hostal Río' });
    const a = await t.admin.post(`/customers/${c.id}/contacts`, { name: 'Óscar Martín', emails: ['oscar@rio.example'] });
    const b = await t.admin.post(`/customers/${c.id}/contacts`, { name: 'Beatriz Gil' });
    const list = await t.admin.get(`/customers/${c.id}/contacts`);
    expect(list.body.items.map((x: any) => x.name)).toEqual(['Beatriz Gil', 'Óscar Martín']);
    const byQ = await t.admin.get(`/contacts?q=oscar&customerId=${c.id}`);
    expect(byQ.body.items.map((x: any) => x.id)).toEqual([a.body.id]);
    expect((await t.admin.get(`/contacts/${b.body.id}`)).body).toMatchObject({ name: 'Beatriz Gil', customerName: 'Hostal Río' });
    const changed = await t.admin.patch(`/contacts/${b.body.id}`, { position: 'Gerente', active: false });
    expect(changed.body).toMatchObject({ position: 'Gerente', active: false });
    expect((await t.admin.post('/contacts', { customerId: '999999', name: 'x' })).body.errors[0]).toMatchObject({ field: 'customerId', code: 'unknown_reference' });
    expect((await t.admin.post('/customers/999999/contacts', { name: 'x' })).status).toBe(404);

    await t.admin.patch(`/customers/${c.id}`, { name: 'Hostal Río Nuevo' });
    const hit = await t.admin.get('/search?q=oscar%20martin');
    expect(hit.body.items.find((h: any) => h.id === a.body.id)).toMatchObject({ type: 'contact', subtitle: 'Hostal Río Nuevo' });
  });

  it('writes audit entries for creates and changes', async () => {
    const c = await customer({ taxId: 'B12345674' });
    await t.admin.patch(`/customers/${c.id}`, { notes: 'Cliente preferente' });
    await t.admin.patch(`/customers/${c.id}`, { active: false });
    const audit = await t.admin.get(`/audit?entityType=customer&entityId=${c.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['deactivate', 'update', 'create']);
    expect(audit.body.items[1].changes).toEqual({ notes: { from: null, to: 'Cliente preferente' } });
    expect(audit.body.items[2]).toMatchObject({ actor: 'admin', changes: expect.objectContaining({ taxId: 'B12345674' }) });
    const k = await t.admin.post(`/customers/${c.id}/contacts`, { name: 'Auditado' });
    const kAudit = await t.admin.get(`/audit?entityType=contact&entityId=${k.body.id}`);
    expect(kAudit.body.items.map((e: any) => e.action)).toEqual(['create']);
  });

  it('answers 401 without a session, 403 to a read-only user writing, 404 for an unknown id', async () => {
    expect((await t.anonymous.get('/customers')).status).toBe(401);
    expect((await t.anonymous.get('/lookup/caller?phone=912345678')).status).toBe(401);
    const { agent } = await t.userWithRole('readonly');
    const code = uniq('C');
    const res = await agent.post('/customers', { code, name: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect(await countByCode(code)).toBe(0);
    const c = await customer();
    expect((await agent.patch(`/customers/${c.id}`, { name: 'y' })).status).toBe(403);
    expect((await agent.post(`/customers/${c.id}/contacts`, { name: 'y' })).status).toBe(403);
    expect((await agent.get(`/customers/${c.id}`)).status).toBe(200);
    expect((await t.admin.get('/customers/987654')).status).toBe(404);
    const tech = await t.userWithRole('technician');
    expect((await tech.agent.post('/customers', { code: uniq('C'), name: 'por técnico' })).status).toBe(201);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/customers', '/api/v1/customers/{id}', '/api/v1/customers/{id}/timeline', '/api/v1/contacts', '/api/v1/lookup/caller', '/api/v1/items', '/api/v1/units/{id}/history', '/api/v1/contracts/{id}/units']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
