/**
 * Cross-site request forgery, logout and token revocation across the areas, and across two app
 * servers on one database (each with its own in-process identity cache).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { ADMIN_PASSWORD, createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';

function multipart(fileName: string, contentType: string, data: Buffer) {
  const boundary = '----review' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('CSRF, sessions and tokens on %s', (dialect) => {
  let t: TestApp;
  let other: Awaited<ReturnType<typeof buildApp>>;
  let customerId: string;
  let callId: string;
  let activityId: string;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // A second app server on the same database.
    other = await buildApp({ config: t.config, database: t.database, logger: false, serveWeb: false });
    await other.ready();
    for (const [catalog, entry] of [
      ['call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true }],
      ['call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true }],
      ['activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', pending: true, isDefault: true }],
    ] as const) expect((await t.admin.post(`/catalogs/${catalog}`, entry)).status).toBe(201);
    customerId = (await t.admin.post('/customers', { code: 'CSRF1', name: 'Forgery SL' })).body.id;
    callId = (await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'x' })).body.id;
    activityId = (await t.admin.post('/activities', { customerId, problem: 'p' })).body.id;
    expect({ customerId, callId, activityId }).toEqual({ customerId: expect.any(String), callId: expect.any(String), activityId: expect.any(String) });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    cookie = String(res.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);

  it.each([
    ['POST', '/calls', () => ({ customerId, toUserId: t.adminId, description: 'forged' }), 'calls'],
    ['POST', '/calls/{call}/notes', () => ({ text: 'forged' }), 'call_notes'],
    ['POST', '/calls/{call}/finish', () => ({}), 'audit_log'],
    ['POST', '/activities', () => ({ customerId, problem: 'forged' }), 'activities'],
    ['POST', '/commercial-activities', () => ({ customerId, description: 'forged' }), 'commercial_activities'],
    ['POST', '/tasks', () => ({ title: 'forged', customerId, assigneeUserId: t.adminId }), 'tasks'],
    ['POST', '/time-entries', () => ({ customerId, minutes: 10, text: 'forged' }), 'time_entries'],
    ['POST', '/customers/{customer}/quick-time', () => ({ text: 'forged', minutes: 10 }), 'time_entries'],
    ['POST', '/customer-events', () => ({ customerId, title: 'forged', dueAt: '2030-01-01T10:00:00Z' }), 'customer_events'],
    ['POST', '/projects', () => ({ code: 'FORGED', name: 'forged', customerId }), 'projects'],
  ])('refuses a cookie write without X-CSRF-Token: %s %s', async (method, path, body, table) => {
    const url = '/api/v1' + path.replace('{call}', callId).replace('{customer}', customerId);
    const before = await count(table);
    const forged = await t.app.inject({ method: method as 'POST', url, headers: { cookie }, payload: body() });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_failed');
    const wrong = await t.app.inject({ method: method as 'POST', url, headers: { cookie, 'x-csrf-token': 'guess' }, payload: body() });
    expect(wrong.statusCode).toBe(403);
    expect(await count(table)).toBe(before);
  });

  it('refuses a cookie upload of an attachment without X-CSRF-Token', async () => {
    const body = multipart('note.txt', 'text/plain', Buffer.from('hello'));
    const forged = await t.app.inject({ method: 'POST', url: `/api/v1/activities/${activityId}/attachments`, headers: { cookie, 'content-type': body.contentType }, payload: body.payload });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_failed');
    expect(await count('attachments')).toBe(0);
  });

  it('a session logged out on one app server cannot write on another', async () => {
    const agent = await t.login('admin', ADMIN_PASSWORD);
    const me = await agent.get('/auth/me');
    const headers = { cookie: (agent as unknown as { auth: { cookie: string } }).auth.cookie, 'x-csrf-token': me.body.csrfToken };
    // The other server has seen (and cached) the session.
    expect((await other.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    expect((await agent.post('/auth/logout')).status).toBe(204);
    expect((await agent.get('/auth/me')).status).toBe(401);
    const write = await other.inject({ method: 'POST', url: `/api/v1/calls/${callId}/notes`, headers, payload: { text: 'after logout' } });
    expect(write.statusCode).toBe(401);
  });

  it('a token revoked on one app server cannot write on another', async () => {
    const created = await t.admin.post('/api-tokens', { name: 'Centralita', role: 'agent' });
    const headers = { authorization: `Bearer ${created.body.token}` };
    expect((await other.inject({ method: 'GET', url: '/api/v1/calls/counts', headers })).statusCode).toBe(200);
    expect((await t.admin.delete(`/api-tokens/${created.body.id}`)).status).toBe(204);
    expect((await t.bearer(created.body.token).get('/calls/counts')).status).toBe(401);
    const write = await other.inject({ method: 'POST', url: '/api/v1/calls', headers, payload: { customerId, toUserId: t.adminId, description: 'after revoke' } });
    expect(write.statusCode).toBe(401);
  });

  it('a user deactivated on one app server cannot write on another', async () => {
    const { agent, id } = await t.userWithRole('agent');
    const auth = (agent as unknown as { auth: { cookie: string; csrf: string } }).auth;
    const headers = { cookie: auth.cookie, 'x-csrf-token': auth.csrf };
    expect((await other.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    expect((await t.admin.patch(`/users/${id}`, { active: false })).status).toBe(200);
    const write = await other.inject({ method: 'POST', url: `/api/v1/calls/${callId}/notes`, headers, payload: { text: 'after deactivation' } });
    expect(write.statusCode).toBe(401);
  });
});
