import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import { purgeExpiredKeys } from './idempotency.service.ts';

describe.each(DIALECTS)('Idempotency-Key on %s', (dialect) => {
  let t: TestApp;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const [catalog, entry] of [
      ['call-statuses', { code: 'PE', descriptionEs: 'Pendiente', descriptionEn: 'Pending', pending: true, defaultPending: true }],
      ['call-statuses', { code: 'FI', descriptionEs: 'Finalizada', descriptionEn: 'Finished', pending: false, defaultFinished: true }],
      ['activity-statuses', { code: 'HA', descriptionEs: 'Habitual', descriptionEn: 'Usual', pending: true, isDefault: true }],
    ] as const) expect((await t.admin.post(`/catalogs/${catalog}`, entry)).status).toBe(201);
    customerId = (await t.admin.post('/customers', { code: 'IDEM1', name: 'Reintentos SL' })).body.id;
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);
  const key = () => `k-${Math.random().toString(36).slice(2)}`;

  // The creates the issue names; incidents, invoices and payments get the same by being POST routes.
  const creates: Array<[string, string, () => Record<string, unknown>]> = [
    ['/calls', 'calls', () => ({ customerId, toUserId: t.adminId, description: 'Llamada repetida' })],
    ['/activities', 'activities', () => ({ customerId, problem: 'No enfría' })],
    ['/commercial-activities', 'commercial_activities', () => ({ customerId, description: 'Oferta' })],
    ['/tasks', 'tasks', () => ({ title: 'Revisar', customerId, assigneeUserId: t.adminId })],
    ['/time-entries', 'time_entries', () => ({ customerId, userId: t.adminId, date: '2026-11-20', minutes: 15, text: 'Visita' })],
  ];

  it.each(creates)('POST %s: the same key and body twice creates one record and answers the first answer again', async (path, table, body) => {
    const k = key();
    const before = await count(table);
    const first = await t.admin.post(path, body(), { 'idempotency-key': k });
    expect(first.status).toBe(201);
    const again = await t.admin.post(path, body(), { 'idempotency-key': k });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count(table)).toBe(before + 1);
  });

  it('the same key with another body is a 422 and creates nothing', async () => {
    const k = key();
    expect((await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'uno' }, { 'idempotency-key': k })).status).toBe(201);
    const before = await count('calls');
    const other = await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'otro' }, { 'idempotency-key': k });
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.body.code).toBe('idempotency_key_reused');
    expect(await count('calls')).toBe(before);
  });

  it('the same key on another record (path parameter) is another request: 422', async () => {
    const a = (await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'a' })).body.id;
    const b = (await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'b' })).body.id;
    const k = key();
    expect((await t.admin.post(`/calls/${a}/notes`, { text: 'nota' }, { 'idempotency-key': k })).status).toBe(201);
    const before = await count('call_notes');
    expect((await t.admin.post(`/calls/${b}/notes`, { text: 'nota' }, { 'idempotency-key': k })).status).toBe(422);
    expect(await count('call_notes')).toBe(before);
  });

  it('concurrent requests with one key create one record and all get its answer', async () => {
    const k = key();
    const before = await count('calls');
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'a la vez' }, { 'idempotency-key': k })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length).toBe(5);
    expect(await count('calls')).toBe(before + 1);
  });

  it('keys belong to the caller: another user with the same key creates their own record', async () => {
    const { agent } = await t.userWithRole('agent');
    const k = key();
    const mine = await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'mía' }, { 'idempotency-key': k });
    const theirs = await agent.post('/calls', { customerId, toUserId: t.adminId, description: 'mía' }, { 'idempotency-key': k });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a refused request keeps no key: a corrected retry with the same key runs', async () => {
    const k = key();
    // Valid in shape, refused by the service after the key was claimed.
    const bad = await t.admin.post('/calls', { customerId: '999999999', toUserId: t.adminId, description: 'mal' }, { 'idempotency-key': k });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const before = await count('calls');
    const good = await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'mal' }, { 'idempotency-key': k });
    expect(good.status).toBe(201);
    expect(await count('calls')).toBe(before + 1);
  });

  it('refuses a malformed key with 400 naming the header, and changes nothing', async () => {
    const before = await count('calls');
    const res = await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'x' }, { 'idempotency-key': 'x'.repeat(300) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', code: 'invalid_format' })]);
    expect(await count('calls')).toBe(before);
  });

  it('after 24 h a key is forgotten: the request runs again and the purge job removes old keys', async () => {
    const k = key();
    const first = await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'ayer' }, { 'idempotency-key': k });
    await t.database.db.updateTable('idempotency_keys').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const later = await t.admin.post('/calls', { customerId, toUserId: t.adminId, description: 'ayer' }, { 'idempotency-key': k });
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
    await t.database.db.updateTable('idempotency_keys').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect(await purgeExpiredKeys(systemCtx(t.database, t.config), new Date().toISOString())).toBeGreaterThan(0);
    expect(await count('idempotency_keys')).toBe(0);
  });

  it('documents the header on every POST of the OpenAPI document except login, logout, password change and API token creation', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> };
    const missing: string[] = [];
    let documented = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!ops.post) continue;
      const has = (ops.post.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      if (has) documented++;
      else if (!['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/password', '/api/v1/api-tokens'].includes(path)) missing.push(path);
    }
    expect(missing).toEqual([]);
    expect(documented).toBeGreaterThan(20);
  });
});
