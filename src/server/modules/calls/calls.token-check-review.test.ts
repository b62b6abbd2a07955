/**
 * The cases calls.token-check.test.ts leaves out, of a call registered with a cached API token whose
 * token or owner changed behind this server's back. Each change is made straight in the database, as
 * another app server would leave it; every answer must be the one a fresh read before the write gives
 * (401/403 problem+json, nothing saved), on both engines.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { sha256 } from '../auth/auth.service.ts';

describe.each(DIALECTS)('review: a call registered with a cached API-token identity on %s', (dialect) => {
  let t: TestApp;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    expect((await t.admin.post('/catalogs/call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true })).status).toBe(201);
    customerId = (await t.admin.post('/customers', { code: 'TOKR', name: 'Token Review SL' })).body.id;
  });
  afterAll(() => t.close());

  /** A user of `role` with an API token of `tokenRole`, its identity cached by a read (which also stamps its last use). */
  async function cachedToken(role: 'agent' | 'supervisor' = 'agent', tokenRole = 'agent') {
    const { id } = await t.userWithRole(role);
    const token = `atk_${randomBytes(16).toString('hex')}`;
    const { id: tokenId } = await t.database.db
      .insertInto('api_tokens')
      .values({ name: 'Centralita', token_hash: sha256(token), prefix: token.slice(0, 8), role: tokenRole, user_id: Number(id), created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/calls/counts', headers: { authorization: `Bearer ${token}` } });
    expect(read.statusCode).toBe(200);
    return { token, userId: Number(id), tokenId: Number(tokenId) };
  }

  const register = (token: string, description: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/calls', headers: { authorization: `Bearer ${token}`, ...headers }, payload: { customerId, toUserId: t.adminId, description, ...extra } });

  const written = async (description: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from calls where description = ${description}`.execute(t.database.db)).rows[0]!.n);

  const revoke = (token: string) => t.database.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('token_hash', '=', sha256(token)).execute();
  const deactivate = (userId: number) => sql`update users set active = ${dialect === 'postgres' ? sql`false` : sql`0`} where id = ${userId}`.execute(t.database.db);

  it("refuses with 403 when the token's own role was lowered behind its back, and writes nothing", async () => {
    const { token } = await cachedToken('supervisor', 'supervisor');
    await t.database.db.updateTable('api_tokens').set({ role: 'readonly' }).where('token_hash', '=', sha256(token)).execute();
    const res = await register(token, 'token demoted');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(await written('token demoted')).toBe(0);
  });

  it.each([
    ['the owner promoted (the token still acts as an agent)', 'supervisor', 'agent', { users: { role: 'admin' } }],
    ["the token's own role raised above its owner's (capped: the same role)", 'agent', 'agent', { api_tokens: { role: 'supervisor' } }],
  ] as const)('registers, once, when %s behind its back: the identity a fresh read builds did not change', async (_, role, tokenRole, change) => {
    const { token, userId, tokenId } = await cachedToken(role, tokenRole);
    if ('users' in change) await t.database.db.updateTable('users').set(change.users).where('id', '=', userId).execute();
    else await t.database.db.updateTable('api_tokens').set(change.api_tokens).where('id', '=', tokenId).execute();
    const d = `capped same ${tokenId}`;
    const res = await register(token, d);
    expect(res.statusCode, res.body).toBe(201);
    expect(await written(d)).toBe(1);
  });

  it('a token whose role may not register calls is refused with 403, cached or not', async () => {
    const { token } = await cachedToken('agent', 'readonly');
    const res = await register(token, 'readonly token');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(await written('readonly token')).toBe(0);
  });

  it("answers a revoked token's 401 exactly as a fresh read answers it (same body), even when the request would fail later in the service", async () => {
    const { token } = await cachedToken();
    await revoke(token);
    // An unknown status code: a 422 of the service, after its reads — never shown to a revoked token.
    const first = await register(token, 'revoked with an error', { statusCode: 'NOPE' });
    const again = await register(token, 'revoked with an error', { statusCode: 'NOPE' });
    expect(first.statusCode).toBe(401);
    expect(again.statusCode).toBe(401);
    expect(first.json()).toEqual(again.json());
    expect(first.headers['content-type']).toBe(again.headers['content-type']);
    expect(await written('revoked with an error')).toBe(0);
  });

  it("answers 401 for a deactivated owner's request that is invalid, and 403 for a demoted one's", async () => {
    const off = await cachedToken();
    await deactivate(off.userId);
    const a = await register(off.token, 'x', { nonsense: true });
    expect(a.statusCode).toBe(401);
    const down = await cachedToken();
    await t.database.db.updateTable('users').set({ role: 'readonly' }).where('id', '=', down.userId).execute();
    const b = await register(down.token, 'x', { statusCode: 'NOPE' });
    expect(b.statusCode).toBe(403);
    expect(b.json().code).toBe('forbidden');
  });

  it('a token revoked through the API is refused on the very next write', async () => {
    const { token, tokenId } = await cachedToken();
    expect((await register(token, 'before api revoke')).statusCode).toBe(201);
    expect((await t.admin.delete(`/api-tokens/${tokenId}`)).status).toBe(204);
    const res = await register(token, 'after api revoke');
    expect(res.statusCode).toBe(401);
    expect(await written('after api revoke')).toBe(0);
  });

  it('with an Idempotency-Key: a revoked cached token is refused, nothing saved, the key not kept', async () => {
    const { token, userId } = await cachedToken();
    await revoke(token);
    const key = `rev-${randomBytes(6).toString('hex')}`;
    const res = await register(token, 'idempotent revoked', {}, { 'idempotency-key': key });
    expect(res.statusCode).toBe(401);
    expect(await written('idempotent revoked')).toBe(0);
    const keys = Number((await sql<{ n: string }>`select count(*) as n from idempotency_keys where user_id = ${userId}`.execute(t.database.db)).rows[0]!.n);
    expect(keys).toBe(0);
  });

  it('a cookie session whose user was deactivated behind its back is refused on a write', async () => {
    const { agent, id } = await t.userWithRole('agent');
    expect((await agent.post('/calls', { customerId, toUserId: t.adminId, description: 'session before' })).status).toBe(201);
    await deactivate(Number(id));
    const res = await agent.post('/calls', { customerId, toUserId: t.adminId, description: 'session after' });
    expect(res.status).toBe(401);
    expect(await written('session after')).toBe(0);
  });

  it('the audit entry says who, and the last use is not stamped again, as with a fresh read', async () => {
    const { token, userId, tokenId } = await cachedToken();
    const stamp = async () => (await t.database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', tokenId).executeTakeFirstOrThrow()).last_used_at;
    const before = await stamp();
    expect(before).not.toBeNull();
    const cached = await register(token, 'audited cached');
    // The same request through the fresh read (an Idempotency-Key never takes the cached identity).
    const fresh = await register(token, 'audited fresh', {}, { 'idempotency-key': `aud-${randomBytes(6).toString('hex')}` });
    expect(cached.statusCode).toBe(201);
    expect(fresh.statusCode).toBe(201);
    expect(await stamp()).toBe(before);
    const audit = async (callId: string) =>
      t.database.db.selectFrom('audit_log').select(['user_id', 'actor', 'action']).where('entity_type', '=', 'call').where('entity_id', '=', String(callId)).executeTakeFirstOrThrow();
    const a = await audit(cached.json().id);
    const b = await audit(fresh.json().id);
    expect(Number(a.user_id)).toBe(userId);
    expect({ ...a, user_id: Number(a.user_id) }).toEqual({ ...b, user_id: Number(b.user_id) });
    expect([cached.json().registeredBy, cached.json().registeredByName]).toEqual([fresh.json().registeredBy, fresh.json().registeredByName]);
  });

  it('many at the same moment: only the good ones are saved and answered 201; revoked 401, deactivated 401, demoted 403', async () => {
    const kept = await cachedToken();
    const other = await cachedToken('supervisor');
    const revoked = await cachedToken();
    const off = await cachedToken();
    const down = await cachedToken();
    await revoke(revoked.token);
    await deactivate(off.userId);
    await t.database.db.updateTable('users').set({ role: 'readonly' }).where('id', '=', down.userId).execute();
    const sends = [
      [kept.token, 'crowd kept', 201],
      [revoked.token, 'crowd revoked', 401],
      [other.token, 'crowd kept', 201],
      [off.token, 'crowd off', 401],
      [kept.token, 'crowd kept', 201],
      [down.token, 'crowd down', 403],
      [other.token, 'crowd kept', 201],
      [revoked.token, 'crowd revoked', 401],
    ] as const;
    const answers = await Promise.all(sends.map(([token, d]) => register(token, d)));
    expect(answers.map((r) => r.statusCode)).toEqual(sends.map(([, , s]) => s));
    for (const r of answers) if (r.statusCode !== 201) expect(r.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(await written('crowd kept')).toBe(4);
    expect(await written('crowd revoked')).toBe(0);
    expect(await written('crowd off')).toBe(0);
    expect(await written('crowd down')).toBe(0);
    // Nothing of the refused ones anywhere: no audit entry points at a call that is not there.
    const orphans = await sql<{ n: string }>`select count(*) as n from audit_log a where a.entity_type = 'call' and a.action = 'create' and not exists (select 1 from calls c where ${sql.raw(dialect === 'postgres' ? 'c.id::text' : 'cast(c.id as text)')} = a.entity_id)`.execute(t.database.db);
    expect(Number(orphans.rows[0]!.n)).toBe(0);
  });
});
