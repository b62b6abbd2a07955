import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';

describe.each(DIALECTS)('auth and access on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('refuses a request without a session with 401 problem+json', async () => {
    const res = await t.anonymous.get('/users');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(res.body.detail).toMatch(/Inicie sesión/);
  });

  it('answers in English when asked', async () => {
    const res = await t.anonymous.get('/users', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.body.detail).toBe('Please log in to continue.');
  });

  it('logs in, returns the user and a CSRF token, and logs out', async () => {
    const agent = await t.login('admin', ADMIN_PASSWORD);
    const me = await agent.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: 'admin', role: 'admin', language: 'es', timeZone: 'Europe/Madrid' });
    expect(me.body.csrfToken).toEqual(expect.any(String));
    expect((await agent.post('/auth/logout')).status).toBe(204);
    expect((await agent.get('/auth/me')).status).toBe(401);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const wrong = await t.anonymous.post('/auth/login', { username: 'admin', password: 'nope' });
    const unknown = await t.anonymous.post('/auth/login', { username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe('invalid_credentials');
  });

  it('sets an HTTP-only, SameSite session cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('refuses a cookie-authenticated write without the CSRF header (a forged cross-site form)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: 'code=X&name=Y',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_failed');
    const wrongToken = await t.app.inject({ method: 'POST', url: '/api/v1/groups', headers: { cookie, 'x-csrf-token': 'guess' }, payload: { code: 'X', name: 'Y' } });
    expect(wrongToken.statusCode).toBe(403);
    const groups = await t.admin.get('/groups');
    expect(groups.body.items.find((g: { code: string }) => g.code === 'X')).toBeUndefined();
  });

  it('refuses what the role does not allow with 403', async () => {
    const { agent } = await t.userWithRole('readonly');
    const res = await agent.post('/groups', { code: 'G1', name: 'Grupo' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    const agentRole = await t.userWithRole('agent');
    expect((await agentRole.agent.post('/catalogs/call-types', { code: 'XX', descriptionEs: 'a', descriptionEn: 'a' })).status).toBe(403);
    expect((await agentRole.agent.get('/catalogs/call-types')).status).toBe(200);
  });

  it('rate-limits repeated failed logins', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) last = (await t.anonymous.post('/auth/login', { username: 'target', password: `x${i}` })).status;
    expect(last).toBe(429);
  });

  it('throttles 40 logins with rotating X-Forwarded-For (proxy not trusted) and audits the throttled account', async () => {
    const { username, id } = await t.userWithRole('agent');
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      // The same account typed differently each time, from "another address" each time.
      const typed = i % 3 === 0 ? ` ${username.toUpperCase()} ` : i % 3 === 1 ? username : `${username[0]!.toUpperCase()}${username.slice(1)}`;
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': `203.0.113.${i + 1}` }, payload: { username: typed, password: `guess-${i}` } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // Now even the right password waits, with a Retry-After.
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-for': '198.51.100.7' }, payload: { username, password: 'password-123' } });
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('too_many_requests');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    const audit = await t.admin.get(`/audit?entityType=user&entityId=${id}`);
    expect(JSON.stringify(audit.body)).toContain('login_throttled');
    // Other accounts are not affected.
    expect((await t.anonymous.post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
  });

  it('finds the account however the username is typed (trim, case)', async () => {
    const { username } = await t.userWithRole('agent');
    expect((await t.anonymous.post('/auth/login', { username: `  ${username.toUpperCase()} `, password: 'password-123' })).status).toBe(200);
  });

  it('a successful login clears the failures: the wait grows only with failures in a row', async () => {
    const { username } = await t.userWithRole('agent');
    for (let i = 0; i < 3; i++) expect((await t.anonymous.post('/auth/login', { username, password: 'wrong' })).status).toBe(401);
    expect((await t.anonymous.post('/auth/login', { username, password: 'password-123' })).status).toBe(200);
    expect(await t.database.db.selectFrom('login_failures').selectAll().where('username_key', '=', username).executeTakeFirst()).toBeUndefined();
    for (let i = 0; i < 3; i++) expect((await t.anonymous.post('/auth/login', { username, password: 'wrong' })).status).toBe(401);
    expect((await t.anonymous.post('/auth/login', { username, password: 'password-123' })).status).toBe(200);
  });

  it('issues API tokens that work without CSRF, are stored hashed and can be revoked', async () => {
    const created = await t.admin.post('/api-tokens', { name: 'Centralita', role: 'agent' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^atk_/);
    const integration = t.bearer(token);
    expect((await integration.get('/users')).status).toBe(200);
    // acts with its own role: an agent token cannot manage users
    expect((await integration.post('/groups', { code: 'G9', name: 'x' })).status).toBe(403);
    const stored = await t.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', Number(created.body.id)).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const list = await t.admin.get('/api-tokens');
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await t.admin.delete(`/api-tokens/${created.body.id}`)).status).toBe(204);
    expect((await integration.get('/users')).status).toBe(401);
  });

  it('only administrators manage tokens', async () => {
    const { agent } = await t.userWithRole('supervisor');
    expect((await agent.post('/api-tokens', { name: 'x' })).status).toBe(403);
  });

  it('serves the OpenAPI document and the health check without login', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/auth/login');
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok', database: dialect, databaseUp: true });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: dialect });
  });
});
