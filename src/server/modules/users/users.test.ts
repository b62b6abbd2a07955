import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

describe.each(DIALECTS)('users, groups and preferences on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('creates a user who can log in, never returning the password hash', async () => {
    const res = await t.admin.post('/users', { username: 'lucia', name: 'Lucía Gómez', email: 'lucia@example.es', password: 'secreto-largo', role: 'technician' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'lucia', role: 'technician', language: 'es', timeZone: 'Europe/Madrid', active: true });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|secreto/);
    const agent = await t.login('lucia', 'secreto-largo');
    expect((await agent.get('/auth/me')).body.user.username).toBe('lucia');
  });

  it('refuses a short password, a bad role and a duplicate username, naming the field', async () => {
    const short = await t.admin.post('/users', { username: 'pepe', name: 'Pepe', password: 'corta', role: 'agent' });
    expect(short.body.errors).toEqual([{ field: 'password', code: 'weak_password', message: 'La contraseña debe tener al menos 8 caracteres.' }]);
    const role = await t.admin.post('/users', { username: 'pepe', name: 'Pepe', password: 'larga-123', role: 'boss' });
    expect(role.body.errors[0]).toMatchObject({ field: 'role', code: 'invalid_value' });
    await t.admin.post('/users', { username: 'dup', name: 'Dup', password: 'larga-123', role: 'agent' });
    const dup = await t.admin.post('/users', { username: 'dup', name: 'Dup 2', password: 'larga-123', role: 'agent' });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0]).toMatchObject({ field: 'username', code: 'username_taken' });
  });

  it('refuses server-set fields in the body', async () => {
    const res = await t.admin.post('/users', { username: 'x1', name: 'X', password: 'larga-123', role: 'agent', createdAt: '2000-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'createdAt', code: 'unknown_field' });
  });

  it('deactivating a user ends their access at once', async () => {
    const { agent, id } = await t.userWithRole('agent');
    expect((await agent.get('/users')).status).toBe(200);
    expect((await t.admin.patch(`/users/${id}`, { active: false })).body.active).toBe(false);
    expect((await agent.get('/users')).status).toBe(401);
  });

  it('an administrator cannot deactivate themselves', async () => {
    const res = await t.admin.patch(`/users/${t.adminId}`, { active: false });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('active');
  });

  it('creates groups with members and refuses unknown members', async () => {
    const u = await t.userWithRole('technician');
    const g = await t.admin.post('/groups', { code: 'SAT', name: 'Servicio técnico', memberIds: [u.id] });
    expect(g.status).toBe(201);
    expect(g.body.memberIds).toEqual([u.id]);
    const bad = await t.admin.post('/groups', { code: 'X', name: 'X', memberIds: ['999999'] });
    expect(bad.body.errors[0]).toMatchObject({ field: 'memberIds.0', code: 'unknown_reference' });
    const me = await u.agent.get('/auth/me');
    expect(me.body.user.groupIds).toEqual([g.body.id]);
    // A rename alone keeps the members (a default on the body once emptied them).
    const renamed = await t.admin.patch(`/groups/${g.body.id}`, { name: 'Asistencia técnica' });
    expect(renamed.body).toMatchObject({ name: 'Asistencia técnica', memberIds: [u.id] });
    const emptied = await t.admin.patch(`/groups/${g.body.id}`, { memberIds: [] });
    expect(emptied.body.memberIds).toEqual([]);
  });

  it('keeps the default call destination as a user or a group, never both', async () => {
    const g = await t.admin.post('/groups', { code: 'ADM', name: 'Administración', memberIds: [] });
    const { agent, id } = await t.userWithRole('agent');
    await t.admin.post('/catalogs/call-types', { code: 'AV', descriptionEs: 'Avería', descriptionEn: 'Fault' });
    const both = await agent.patch('/me/preferences', { defaultToUserId: id, defaultToGroupId: g.body.id });
    expect(both.status).toBe(400);
    expect(both.body.errors[0].code).toBe('one_of_user_group');
    const toGroup = await agent.patch('/me/preferences', { defaultToGroupId: g.body.id, defaultCallTypeCode: 'AV' });
    expect(toGroup.body).toMatchObject({ defaultToGroupId: g.body.id, defaultToUserId: null, defaultCallTypeCode: 'AV' });
    const toUser = await agent.patch('/me/preferences', { defaultToUserId: id });
    expect(toUser.body).toMatchObject({ defaultToUserId: id, defaultToGroupId: null });
    const unknownType = await agent.patch('/me/preferences', { defaultCallTypeCode: 'ZZ' });
    expect(unknownType.body.errors[0]).toMatchObject({ field: 'defaultCallTypeCode', code: 'unknown_code' });
  });

  it('switches the language of the answers with the user preference', async () => {
    const { agent } = await t.userWithRole('agent');
    await agent.patch('/me/preferences', { language: 'en', timeZone: 'Atlantic/Canary' });
    const res = await agent.post('/groups', { code: 'Z', name: 'Z' });
    expect(res.body.detail).toBe('You are not allowed to do this.');
    const bad = await agent.patch('/me/preferences', { timeZone: 'Mars/Olympus' });
    expect(bad.body.errors[0]).toMatchObject({ field: 'timeZone', code: 'invalid_value' });
  });

  it('only administrators manage users', async () => {
    const { agent } = await t.userWithRole('supervisor');
    expect((await agent.post('/users', { username: 'zz', name: 'Z', password: 'larga-123', role: 'agent' })).status).toBe(403);
  });
});
