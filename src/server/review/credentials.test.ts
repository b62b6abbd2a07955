/**
 * Rights change → old credentials stop, on every app server at once (reads included): a password
 * change or reset ends the user's other sessions, a demotion takes effect on cached sessions and
 * caps the user's API tokens. The second app server has its own identity cache; on PostgreSQL it
 * also has its own connection pool, so it hears the change only through LISTEN/NOTIFY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createDatabase, type Database } from '../db/database.ts';
import { ADMIN_PASSWORD, createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';

type Headers = Record<string, string>;

describe.each(DIALECTS)('credentials after a rights change on %s', (dialect) => {
  let t: TestApp;
  let other: Awaited<ReturnType<typeof buildApp>>;
  let otherDatabase: Database;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    otherDatabase = dialect === 'postgres' ? await createDatabase(t.config.database, { migrate: false }) : t.database;
    other = await buildApp({ config: t.config, database: otherDatabase, logger: false, serveWeb: false });
    await other.ready();
  });
  afterAll(async () => {
    await other.close();
    if (otherDatabase !== t.database) await otherDatabase.destroy();
    await t.close();
  });

  async function loginHeaders(app: typeof other, username: string, password: string): Promise<Headers> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    expect(res.statusCode).toBe(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': res.json().csrfToken };
  }
  const get = (app: typeof other, url: string, headers: Headers) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  /**
   * The other server heard the signal: NOTIFY arrives asynchronously, within milliseconds — waited for
   * until 8 s after `since` (taken before the other server first saw the credential), which is still
   * before its cache (CACHE_MS, 10 s, auth.service.ts) could have let the credential go by itself: an
   * answer in that time comes from the signal. (50 × 20 ms alone ran out on a loaded machine; they
   * remain the least it is given.)
   */
  async function eventually(fn: () => Promise<number>, want: number, since: number): Promise<number> {
    let got = await fn();
    for (let i = 0; got !== want && (i < 50 || Date.now() < since + 8_000); i++) {
      await new Promise((r) => setTimeout(r, 20));
      got = await fn();
    }
    return got;
  }

  it('a password reset by an administrator ends every session of the user on every server, reads included', async () => {
    const { username, id } = await t.userWithRole('agent');
    const here = await loginHeaders(t.app, username, 'password-123');
    const since = Date.now();
    const there = await loginHeaders(other, username, 'password-123');
    // Both servers have seen (and cached) the sessions.
    expect((await get(other, '/auth/me', there)).statusCode).toBe(200);
    expect((await get(other, '/auth/me', here)).statusCode).toBe(200);
    expect((await t.admin.patch(`/users/${id}`, { password: 'otra-clave-segura' })).status).toBe(200);
    expect(await eventually(async () => (await get(other, '/auth/me', there)).statusCode, 401, since)).toBe(401);
    expect((await get(other, '/auth/me', here)).statusCode).toBe(401);
    expect((await get(t.app, '/auth/me', there)).statusCode).toBe(401);
    expect((await t.anonymous.post('/auth/login', { username, password: 'password-123' })).status).toBe(401);
    expect((await t.anonymous.post('/auth/login', { username, password: 'otra-clave-segura' })).status).toBe(200);
  });

  it('every user changes their own password with the current one; their other sessions end at once, this one stays', async () => {
    const { username } = await t.userWithRole('readonly');
    const mine = await loginHeaders(t.app, username, 'password-123');
    const since = Date.now();
    const elsewhere = await loginHeaders(other, username, 'password-123');
    expect((await get(other, '/auth/me', elsewhere)).statusCode).toBe(200);

    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: mine, payload: { currentPassword: 'nope', newPassword: 'nueva-clave-1' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'current_password_wrong' })]);
    expect((await get(other, '/auth/me', elsewhere)).statusCode).toBe(200);

    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: mine, payload: { currentPassword: 'password-123', newPassword: 'corta' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'newPassword', code: 'weak_password' });

    const changed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: mine, payload: { currentPassword: 'password-123', newPassword: 'nueva-clave-1' } });
    expect(changed.statusCode).toBe(204);
    expect(await eventually(async () => (await get(other, '/auth/me', elsewhere)).statusCode, 401, since)).toBe(401);
    expect((await get(t.app, '/auth/me', mine)).statusCode).toBe(200);
    expect((await t.anonymous.post('/auth/login', { username, password: 'password-123' })).status).toBe(401);
    expect((await t.anonymous.post('/auth/login', { username, password: 'nueva-clave-1' })).status).toBe(200);
    const audit = await t.admin.get('/audit?entityType=user');
    expect(JSON.stringify(audit.body)).toContain('password_change');
  });

  it('a cookie-less call cannot change a password, and it needs the CSRF token', async () => {
    expect((await t.anonymous.post('/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'x'.repeat(10) })).status).toBe(401);
    const { cookie } = await loginHeaders(t.app, 'admin', ADMIN_PASSWORD);
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'x'.repeat(10) } });
    expect(forged.statusCode).toBe(403);
  });

  it('a demotion takes effect on cached sessions on every server at once', async () => {
    const { username, id } = await t.userWithRole('supervisor');
    const since = Date.now();
    const there = await loginHeaders(other, username, 'password-123');
    expect((await get(other, '/audit', there)).statusCode).toBe(200);
    expect((await t.admin.patch(`/users/${id}`, { role: 'agent' })).status).toBe(200);
    expect(await eventually(async () => (await get(other, '/audit', there)).statusCode, 403, since)).toBe(403);
  });

  it("an API token acts with at most its owner's current role: a demoted owner's admin token stops being admin", async () => {
    const { username, id } = await t.userWithRole('admin');
    const owner = await loginHeaders(t.app, username, 'password-123');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: owner, payload: { name: 'Integración', role: 'admin' } });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const since = Date.now();
    expect((await get(other, '/api-tokens', bearer)).statusCode).toBe(200);
    expect((await get(t.app, '/api-tokens', bearer)).statusCode).toBe(200);

    expect((await t.admin.patch(`/users/${id}`, { role: 'agent' })).status).toBe(200);
    expect(await eventually(async () => (await get(other, '/api-tokens', bearer)).statusCode, 403, since)).toBe(403);
    expect((await get(t.app, '/api-tokens', bearer)).statusCode).toBe(403);
    const write = await other.inject({ method: 'POST', url: '/api/v1/groups', headers: bearer, payload: { code: 'TK', name: 'x' } });
    expect(write.statusCode).toBe(403);
    // Still an agent's token: reads work.
    expect((await get(other, '/auth/me', bearer)).json()).toMatchObject({ user: { role: 'agent' }, via: 'token' });
  });
});
