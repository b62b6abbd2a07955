/**
 * Bad input, walked from the OpenAPI document: every JSON body is strict (an unknown field is a
 * 400 naming it) and refuses the stamps the server sets; a refused request saves nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';

/** Stamps only the server sets; never accepted from a client. */
const STAMPS = ['registeredAt', 'registeredBy', 'finishedAt', 'finishedBy', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'doneAt', 'doneBy'];

type BodyRoute = { method: string; path: string; properties: string[] };

function bodyRoutes(doc: { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: { properties?: object } }> } }>> }): BodyRoute[] {
  const out: BodyRoute[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const json = op.requestBody?.content?.['application/json'];
      if (!json) continue;
      out.push({ method: method.toUpperCase(), path: path.replace(/^\/api\/v1/, ''), properties: Object.keys(json.schema.properties ?? {}) });
    }
  }
  return out;
}

const urlOf = (path: string) => path.replace(/\{catalog\}/g, 'call-statuses').replace(/\{code\}/g, 'X').replace(/\{[^}]+\}/g, '1');

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let t: TestApp;
  let routes: BodyRoute[];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    routes = bodyRoutes((await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
  });
  afterAll(() => t.close());

  async function count(table: string): Promise<number> {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db);
    return Number(r.rows[0]!.n);
  }

  it('finds the write routes with JSON bodies', () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it('refuses an unknown field on every JSON body with 400 naming it', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await t.admin.request(r.method, urlOf(r.path), { sneaky: 1 });
      const named = (res.body?.errors ?? []).some((e: { field: string; code: string }) => e.field === 'sneaky' && e.code === 'unknown_field');
      if (res.status !== 400 || !named) wrong.push(`${r.method} ${r.path} → ${res.status} ${JSON.stringify(res.body?.errors ?? res.body?.code)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every server-set stamp on every JSON body, naming the field', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const body = Object.fromEntries(STAMPS.map((s) => [s, s.endsWith('By') ? '1' : '2020-01-01T00:00:00Z']));
      const res = await t.admin.request(r.method, urlOf(r.path), body);
      const fields = new Set((res.body?.errors ?? []).filter((e: { code: string }) => ['unknown_field', 'readonly_field'].includes(e.code)).map((e: { field: string }) => e.field));
      const missing = STAMPS.filter((s) => !fields.has(s));
      if (res.status !== 400 || missing.length) wrong.push(`${r.method} ${r.path} → ${res.status} accepts ${missing.join(',')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers field errors with a message in Spanish and in English', async () => {
    const es = await t.admin.post('/calls', { registeredAt: '2020-01-01T00:00:00Z' });
    const en = await t.admin.withLanguage('en').post('/calls', { registeredAt: '2020-01-01T00:00:00Z' });
    expect(es.status).toBe(400);
    const esMsg = es.body.errors.find((e: { field: string }) => e.field === 'registeredAt').message;
    const enMsg = en.body.errors.find((e: { field: string }) => e.field === 'registeredAt').message;
    expect(esMsg).not.toBe('unknown_field');
    expect(enMsg).not.toBe(esMsg);
  });

  it('saves nothing when a request is refused', async () => {
    const customer = await t.admin.post('/customers', { code: 'REFUSALS', name: 'Refusals SL', taxId: 'B12345674' });
    expect(customer.status).toBe(201);
    const cid = customer.body.id;
    const tables = ['calls', 'activities', 'tasks', 'time_entries', 'customers', 'units', 'projects', 'audit_log', 'search_documents'];
    const before = Object.fromEntries(await Promise.all(tables.map(async (x) => [x, await count(x)] as const)));

    const refused = [
      await t.admin.post('/calls', { description: 'no from' }),
      await t.admin.post('/calls', { customerId: cid, registeredAt: '2020-01-01T00:00:00Z' }),
      await t.admin.post('/activities', { customerId: cid, problem: 'x', registeredBy: '1' }),
      await t.admin.post('/tasks', { title: 'x', customerId: cid, createdAt: '2020-01-01T00:00:00Z' }),
      await t.admin.post('/time-entries', { customerId: cid, minutes: 30, date: '2026-01-01', text: 'x', createdBy: '1' }),
      await t.admin.post(`/customers/${cid}/quick-time`, { text: 'x', minutes: 30, createdAt: '2020-01-01T00:00:00Z' }),
      await t.admin.post(`/customers/${cid}/quick-time`, { text: 'x', minutes: -5 }),
      await t.admin.post('/customers', { code: 'BADCIF', name: 'Bad CIF SL', taxId: 'B12345678' }),
      await t.admin.post('/units', { serialNumber: 'SN-REFUSED', createdAt: '2020-01-01T00:00:00Z' }),
      await t.admin.post('/projects', { code: 'REFUSED', name: 'x', customerId: cid, createdBy: '1' }),
      await t.admin.patch(`/customers/${cid}`, { name: 'Changed', createdAt: '2020-01-01T00:00:00Z' }),
    ];
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 400));
    const after = Object.fromEntries(await Promise.all(tables.map(async (x) => [x, await count(x)] as const)));
    expect(after).toEqual(before);
    expect((await t.admin.get(`/customers/${cid}`)).body.name).toBe('Refusals SL');
  });
});
