/**
 * Access to every route, walked from the OpenAPI document so a new route is checked the day it
 * lands: anonymous callers get 401 everywhere except the deliberately public routes, and a
 * read-only user gets 403 on every write except the few that only touch their own session or
 * their own private things.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type Agent, type TestApp } from '../../../test/harness.ts';

/** Reachable without a session, on purpose. */
const PUBLIC = new Set(['POST /auth/login']);

/** Writes any logged-in user may do because they only touch the caller's own things. */
const SELF_SERVICE = new Set([
  'POST /auth/logout',
  'POST /auth/password',
  'POST /notices/{id}/read',
  'POST /notices/read-all',
  'PATCH /me/preferences',
  // a user's own subscriptions to the reports they may read (readonly users read reports too)
  'POST /report-subscriptions',
  'DELETE /report-subscriptions/{id}',
  // a user's own saved views (named filters of a list)
  'POST /saved-views',
  'PATCH /saved-views/{id}',
  'DELETE /saved-views/{id}',
]);

/** Writes only administrators may do. */
const ADMIN_ONLY_WRITES = [
  'POST /users',
  'PATCH /users/{id}',
  'POST /groups',
  'PATCH /groups/{id}',
  'POST /api-tokens',
  'DELETE /api-tokens/{id}',
  'POST /outbox/{id}/retry',
];

type Route = { method: string; path: string; key: string };

function routesOf(doc: { paths: Record<string, Record<string, unknown>> }): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const p = path.replace(/^\/api\/v1/, '');
      out.push({ method: method.toUpperCase(), path: p, key: `${method.toUpperCase()} ${p}` });
    }
  }
  return out;
}

/** A concrete URL for a templated path: ids become 1, catalogs a real catalog name. */
function urlOf(path: string): string {
  return path.replace(/\{catalog\}/g, 'call-statuses').replace(/\{code\}/g, 'X').replace(/\{[^}]+\}/g, '1');
}

function send(agent: Agent, r: Route) {
  const url = urlOf(r.path);
  if (r.method === 'GET') return agent.get(url);
  if (r.method === 'DELETE') return agent.delete(url);
  return agent.request(r.method, url, {});
}

describe.each(DIALECTS)('access to every route on %s', (dialect) => {
  let t: TestApp;
  let routes: Route[];
  let readonly: Agent;
  let supervisor: Agent;
  let billing: Agent;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const doc = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(doc.statusCode).toBe(200);
    routes = routesOf(doc.json());
    readonly = (await t.userWithRole('readonly')).agent;
    supervisor = (await t.userWithRole('supervisor')).agent;
    billing = (await t.userWithRole('billing')).agent;
  });
  afterAll(() => t.close());

  it('the document lists the routes of every area', () => {
    const keys = new Set(routes.map((r) => r.key));
    for (const k of ['POST /calls', 'POST /activities', 'POST /tasks', 'POST /time-entries', 'POST /customers/{id}/quick-time', 'POST /customers', 'GET /audit', 'POST /outbox/{id}/retry']) {
      expect(keys, k).toContain(k);
    }
    expect(routes.length).toBeGreaterThan(80);
  });

  it('refuses anonymous callers (401) on every route that is not deliberately public', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      if (PUBLIC.has(r.key)) continue;
      const res = await send(t.anonymous, r);
      if (res.status !== 401 || res.body?.code !== 'unauthenticated') wrong.push(`${r.key} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps /healthz, the OpenAPI document and login open', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(200);
    expect((await t.anonymous.post('/auth/login', { username: 'nobody', password: 'x' })).status).toBe(401);
  });

  it('refuses a read-only user (403) on every write except their own session, notices and preferences', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      if (r.method === 'GET' || PUBLIC.has(r.key) || SELF_SERVICE.has(r.key)) continue;
      const res = await send(readonly, r);
      if (res.status !== 403 || res.body?.code !== 'forbidden') wrong.push(`${r.key} → ${res.status} ${res.body?.code}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets a read-only user read (never 401/403 on a GET that is not for supervisors or admins)', async () => {
    // The billing report (money) is for billing, supervisors and administrators: reports.billing;
    // the supervisor's dashboard for supervisors and administrators: reports.dashboard.
    const restricted = /^GET \/(audit|outbox|api-tokens|reports\/billing|reports\/dashboard)/;
    const wrong: string[] = [];
    for (const r of routes) {
      if (r.method !== 'GET' || restricted.test(r.key)) continue;
      const res = await send(readonly, r);
      if (res.status === 401 || res.status === 403) wrong.push(`${r.key} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps users, groups, API tokens and the outbox retry for administrators', async () => {
    const routeKeys = new Set(routes.map((r) => r.key));
    for (const key of ADMIN_ONLY_WRITES) {
      expect(routeKeys, key).toContain(key);
      const [method, path] = key.split(' ');
      for (const agent of [supervisor, billing]) {
        const res = await send(agent, { method: method!, path: path!, key });
        expect(res.status, `${key} by a non-admin`).toBe(403);
      }
    }
  });

  it('does not let billing do support work', async () => {
    const support = routes.filter((r) => r.method !== 'GET' && /^\/(calls|activities|commercial-activities|tasks|time-entries|customer-events|projects|attachments)/.test(r.path));
    support.push({ method: 'POST', path: '/customers/{id}/quick-time', key: 'POST /customers/{id}/quick-time' });
    expect(support.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const r of support) {
      const res = await send(billing, r);
      if (res.status !== 403) wrong.push(`${r.key} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets only supervisors and admins see the audit trail and the outbox', async () => {
    expect((await readonly.get('/audit')).status).toBe(403);
    expect((await billing.get('/outbox')).status).toBe(403);
    expect((await supervisor.get('/audit')).status).toBe(200);
    expect((await supervisor.get('/outbox')).status).toBe(200);
  });
});
