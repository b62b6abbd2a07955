/**
 * Registering a call with an API token whose identity this server has cached (≤ 10 s): every change
 * made behind this server's back (straight in the database, as another app server whose signal has not
 * arrived yet would leave it) is answered on the very next write exactly as a fresh read of the token
 * answers it — 401/403 problem+json, nothing saved — on both engines. (Writes read the token fresh;
 * folding that read into the write's statement was tried in session 12 and taken out: no measurable
 * gain. These tests hold any such shortcut to the same answers.)
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { sha256 } from '../auth/auth.service.ts';

describe.each(DIALECTS)('a call registered with a cached API-token identity on %s', (dialect) => {
  let t: TestApp;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    expect((await t.admin.post('/catalogs/call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true })).status).toBe(201);
    customerId = (await t.admin.post('/customers', { code: 'TOK1', name: 'Token SL' })).body.id;
  });
  afterAll(() => t.close());

  /** A user of `role` with an agent API token of their own, its identity cached by a read (which also writes its last use). */
  async function cachedToken(role: 'agent' | 'supervisor' = 'agent') {
    const { id } = await t.userWithRole(role);
    const token = `atk_${randomBytes(16).toString('hex')}`;
    await t.database.db
      .insertInto('api_tokens')
      .values({ name: 'Centralita', token_hash: sha256(token), prefix: token.slice(0, 8), role: 'agent', user_id: Number(id), created_at: new Date().toISOString() })
      .execute();
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/calls/counts', headers: { authorization: `Bearer ${token}` } });
    expect(read.statusCode).toBe(200);
    return { token, userId: Number(id) };
  }

  const register = (token: string, description: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/calls', headers: { authorization: `Bearer ${token}`, ...headers }, payload: { customerId, toUserId: t.adminId, description, ...extra } });

  const written = async (description: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from calls where description = ${description}`.execute(t.database.db)).rows[0]!.n);

  it('registers with an unchanged identity, and again', async () => {
    const { token, userId } = await cachedToken();
    for (const d of ['same one', 'same two']) {
      const res = await register(token, d);
      expect(res.statusCode).toBe(201);
      expect(await written(d)).toBe(1);
      const row = await t.database.db.selectFrom('calls').select('registered_by').where('description', '=', d).executeTakeFirstOrThrow();
      expect(Number(row.registered_by)).toBe(userId);
    }
  });

  it('refuses with 401 a token revoked behind its back, and writes nothing', async () => {
    const { token } = await cachedToken();
    await t.database.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('token_hash', '=', sha256(token)).execute();
    const res = await register(token, 'after revoke');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(await written('after revoke')).toBe(0);
  });

  it("refuses with 401 when the token's owner was deactivated behind its back", async () => {
    const { token, userId } = await cachedToken();
    await sql`update users set active = ${dialect === 'postgres' ? sql`false` : sql`0`} where id = ${userId}`.execute(t.database.db);
    const res = await register(token, 'after deactivation');
    expect(res.statusCode).toBe(401);
    expect(await written('after deactivation')).toBe(0);
  });

  it('refuses with 403 when the owner was demoted to a role that may not register calls', async () => {
    const { token, userId } = await cachedToken();
    await t.database.db.updateTable('users').set({ role: 'readonly' }).where('id', '=', userId).execute();
    const res = await register(token, 'after demotion');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(await written('after demotion')).toBe(0);
  });

  it('registers once, as the fresh identity, when the owner changed in a way that still lets them', async () => {
    const { token, userId } = await cachedToken('supervisor');
    await t.database.db.updateTable('users').set({ name: 'Renamed Agent', role: 'agent' }).where('id', '=', userId).execute();
    const res = await register(token, 'after rename');
    expect(res.statusCode).toBe(201);
    expect(await written('after rename')).toBe(1);
    const row = await t.database.db.selectFrom('calls').select('registered_by').where('description', '=', 'after rename').executeTakeFirstOrThrow();
    expect(Number(row.registered_by)).toBe(userId);
  });

  it.each([
    ['an unknown field', (token: string) => register(token, 'invalid', { nonsense: true })],
    ['a NUL byte (the input guard)', (token: string) => register(token, 'bad\u0000text')],
    ['malformed JSON', (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/calls', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"description":' })],
    ['no one to call', (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/calls', headers: { authorization: `Bearer ${token}` }, payload: { toUserId: t.adminId, description: 'nobody' } })],
  ])('answers 401, not the error of the request, for a revoked token with %s', async (_, send) => {
    const { token } = await cachedToken();
    await t.database.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('token_hash', '=', sha256(token)).execute();
    const res = await send(token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it.each([
    ['an unknown field', (token: string) => register(token, 'invalid', { nonsense: true }), 400],
    ['a NUL byte (the input guard)', (token: string) => register(token, 'bad\u0000text'), 400],
    ['no one to call', (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/calls', headers: { authorization: `Bearer ${token}` }, payload: { toUserId: t.adminId, description: 'nobody' } }), 400],
  ])('answers the error of the request with %s when the identity did not change', async (_, send, status) => {
    const { token } = await cachedToken();
    const res = await send(token);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it("answers an error in the owner's new language when it changed behind its back", async () => {
    const { token, userId } = await cachedToken();
    const before = await register(token, 'invalid', { nonsense: true });
    expect(before.statusCode).toBe(400);
    await t.database.db.updateTable('users').set({ language: 'en' }).where('id', '=', userId).execute();
    const after = await register(token, 'invalid', { nonsense: true });
    expect(after.statusCode).toBe(400);
    // A fresh read's answer: the same request once the cache has the new identity.
    const fresh = await register(token, 'invalid', { nonsense: true });
    expect(after.json()).toEqual(fresh.json());
    expect(after.json().detail).not.toBe(before.json().detail);
  });

  it('registered at the same moment: the revoked one is refused and the other written', async () => {
    const kept = await cachedToken();
    const revoked = await cachedToken();
    await t.database.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('token_hash', '=', sha256(revoked.token)).execute();
    const [a, b, c] = await Promise.all([register(kept.token, 'together kept'), register(revoked.token, 'together revoked'), register(kept.token, 'together kept')]);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([201, 401, 201]);
    expect(await written('together kept')).toBe(2);
    expect(await written('together revoked')).toBe(0);
  });
});
