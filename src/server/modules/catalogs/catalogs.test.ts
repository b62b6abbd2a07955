import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

describe.each(DIALECTS)('configuration tables on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lists every catalog of api.md with its flags', async () => {
    const res = await t.admin.get('/catalogs');
    const names = res.body.items.map((c: { name: string }) => c.name);
    for (const n of ['call-statuses', 'call-types', 'activity-statuses', 'origins', 'problem-types', 'solution-types', 'incident-statuses', 'priorities', 'reason-codes', 'resolution-codes', 'incident-event-types', 'payment-terms', 'regions', 'service-types', 'unit-types', 'vat-rates', 'assignment-rules']) {
      expect(names).toContain(n);
    }
    // The incidents area offers create_incident.
    expect(res.body.automaticActions).toContain('create_incident');
  });

  it.each([
    ['call-statuses', 'P'],
    ['call-types', 'ABC'],
    ['origins', 'TEL'],
    ['activity-statuses', 'H'],
  ])('refuses a %s code that is not exactly two characters (%s)', async (catalog, code) => {
    const res = await t.admin.post(`/catalogs/${catalog}`, { code, descriptionEs: 'x', descriptionEn: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'code', code: 'code_length_2', message: 'El código debe tener exactamente 2 caracteres.' }]);
    expect((await t.admin.get(`/catalogs/${catalog}`)).body.items.find((e: { code: string }) => e.code === code)).toBeUndefined();
  });

  it('allows longer codes where the spec does not ask for two characters', async () => {
    const res = await t.admin.post('/catalogs/regions', { code: 'MAD', descriptionEs: 'Madrid', descriptionEn: 'Madrid' });
    expect(res.status).toBe(201);
  });

  it('keeps at most one default per flag, switching atomically', async () => {
    const a = await t.admin.post('/catalogs/call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ code: 'PE', pending: true, defaultPending: true, defaultFinished: false, active: true });
    const b = await t.admin.post('/catalogs/call-statuses', { code: 'EC', descriptionEs: 'En curso', descriptionEn: 'In progress', pending: true, defaultPending: true });
    expect(b.status).toBe(201);
    const list = (await t.admin.get('/catalogs/call-statuses')).body.items;
    expect(list.filter((e: { defaultPending: boolean }) => e.defaultPending).map((e: { code: string }) => e.code)).toEqual(['EC']);
    const back = await t.admin.patch('/catalogs/call-statuses/PE', { defaultPending: true });
    expect(back.body.defaultPending).toBe(true);
    const after = (await t.admin.get('/catalogs/call-statuses')).body.items;
    expect(after.filter((e: { defaultPending: boolean }) => e.defaultPending).map((e: { code: string }) => e.code)).toEqual(['PE']);
  });

  it('refuses a default-finished status that is pending, and flags the catalog does not have', async () => {
    const res = await t.admin.post('/catalogs/call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: true, defaultFinished: true });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('pending');
    const wrongFlag = await t.admin.post('/catalogs/origins', { code: 'TE', descriptionEs: 'Teléfono', descriptionEn: 'Phone', defaultFinished: true });
    expect(wrongFlag.status).toBe(400);
    expect(wrongFlag.body.errors[0]).toMatchObject({ field: 'defaultFinished', code: 'unknown_field' });
  });

  it('refuses a duplicate code with the field named', async () => {
    await t.admin.post('/catalogs/problem-types', { code: 'HW', descriptionEs: 'Hardware', descriptionEn: 'Hardware' });
    const dup = await t.admin.post('/catalogs/problem-types', { code: 'HW', descriptionEs: 'Otro', descriptionEn: 'Other' });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0]).toMatchObject({ field: 'code', code: 'code_taken' });
  });

  it('stores catalog attributes and refuses those of other catalogs', async () => {
    const p = await t.admin.post('/catalogs/priorities', { code: 'A', descriptionEs: 'Alta', descriptionEn: 'High', responseMinutes: 60, resolutionMinutes: 480, isDefault: true });
    expect(p.body).toMatchObject({ responseMinutes: 60, resolutionMinutes: 480, isDefault: true });
    const patched = await t.admin.patch('/catalogs/priorities/A', { resolutionMinutes: 240 });
    expect(patched.body).toMatchObject({ responseMinutes: 60, resolutionMinutes: 240 });
    const wrong = await t.admin.post('/catalogs/regions', { code: 'CAT', descriptionEs: 'Cataluña', descriptionEn: 'Catalonia', responseMinutes: 5 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'responseMinutes', code: 'unknown_field' });
  });

  it('offers only the automatic actions that exist, defaulting to none', async () => {
    const st = await t.admin.post('/catalogs/solution-types', { code: 'RE', descriptionEs: 'Remoto', descriptionEn: 'Remote' });
    expect(st.body.automaticAction).toBe('none');
    const task = await t.admin.post('/catalogs/solution-types', { code: 'TA', descriptionEs: 'Tarea', descriptionEn: 'Task', automaticAction: 'create_task' });
    expect(task.body.automaticAction).toBe('create_task');
    const incident = await t.admin.post('/catalogs/solution-types', { code: 'IN', descriptionEs: 'Incidencia', descriptionEn: 'Incident', automaticAction: 'create_incident' });
    expect(incident.status).toBe(201);
    expect(incident.body.automaticAction).toBe('create_incident');
    const unknown = await t.admin.post('/catalogs/solution-types', { code: 'XX', descriptionEs: 'X', descriptionEn: 'X', automaticAction: 'send_fax' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('automaticAction');
  });

  it('nests specific reason codes under a general one', async () => {
    await t.admin.post('/catalogs/reason-codes', { code: 'ELEC', descriptionEs: 'Eléctrico', descriptionEn: 'Electrical' });
    const child = await t.admin.post('/catalogs/reason-codes', { code: 'ELEC-FA', descriptionEs: 'Fuente de alimentación', descriptionEn: 'Power supply', parentCode: 'ELEC' });
    expect(child.body.parentCode).toBe('ELEC');
    const orphan = await t.admin.post('/catalogs/reason-codes', { code: 'X1', descriptionEs: 'x', descriptionEn: 'x', parentCode: 'NOPE' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.errors[0].field).toBe('parentCode');
    const grandchild = await t.admin.post('/catalogs/reason-codes', { code: 'X2', descriptionEs: 'x', descriptionEn: 'x', parentCode: 'ELEC-FA' });
    expect(grandchild.status).toBe(400);
    const children = await t.admin.get('/catalogs/reason-codes?parentCode=ELEC');
    expect(children.body.items.map((e: { code: string }) => e.code)).toEqual(['ELEC-FA']);
  });

  it('retires a code without deleting it and lists only active ones when asked', async () => {
    await t.admin.post('/catalogs/call-types', { code: 'CO', descriptionEs: 'Consulta', descriptionEn: 'Question' });
    const retired = await t.admin.patch('/catalogs/call-types/CO', { active: false });
    expect(retired.body.active).toBe(false);
    expect((await t.admin.get('/catalogs/call-types/CO')).status).toBe(200);
    const active = await t.admin.get('/catalogs/call-types?active=true');
    expect(active.body.items.map((e: { code: string }) => e.code)).not.toContain('CO');
  });

  it('lets supervisors edit configuration but not agents, and audits the change', async () => {
    const sup = await t.userWithRole('supervisor');
    const res = await sup.agent.post('/catalogs/unit-types', { code: 'CAL', descriptionEs: 'Caldera', descriptionEn: 'Boiler' });
    expect(res.status).toBe(201);
    const agent = await t.userWithRole('agent');
    expect((await agent.agent.patch('/catalogs/unit-types/CAL', { descriptionEs: 'x' })).status).toBe(403);
    const audit = await t.admin.get('/audit?entityType=catalog:unit-types&entityId=CAL');
    expect(audit.body.items[0]).toMatchObject({ action: 'create', actor: sup.username });
  });

  it('answers validation errors in English for an English request', async () => {
    const res = await t.admin.withLanguage('en').post('/catalogs/origins', { code: 'TE' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Some data is not valid. Check the fields listed.');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'descriptionEs', code: 'required', message: 'This field is required.' },
        { field: 'descriptionEn', code: 'required', message: 'This field is required.' },
      ]),
    );
  });

  it('answers 404 for an unknown catalog or code', async () => {
    expect((await t.admin.get('/catalogs/nope')).status).toBe(400);
    expect((await t.admin.get('/catalogs/origins/ZZ')).status).toBe(404);
  });
});
