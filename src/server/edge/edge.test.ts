/**
 * The edge of every answer: security headers (CSP, HSTS only over HTTPS) and a log that never
 * holds a password, a token, a cookie, a query value or a body.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { buildApp } from '../app.ts';
import { NON_PAGE_CSP, PAGE_CSP } from './security-headers.ts';

describe.each(DIALECTS)('edge on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('sends the security headers on API answers, errors and the API reference page, whose scripts are files', async () => {
    for (const res of [await t.admin.get('/auth/me'), await t.anonymous.get('/customers'), await t.anonymous.get('/no-such-route')]) {
      expect(res.headers['content-security-policy']).toBe(NON_PAGE_CSP);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toBe(PAGE_CSP);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    // Under that policy an inline script would not run: the page has none, only <script src>.
    expect(page.body.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(page.body).toContain('swagger-initializer.js');
    const initializer = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
  });

  it('sends HSTS only when the site is served over HTTPS: ATIENDE_SECURE_COOKIES, or a trusted proxy saying https', async () => {
    const behindProxy = await buildApp({ config: { ...t.config, trustProxy: true }, database: t.database, logger: false, serveWeb: false });
    const secure = await buildApp({ config: { ...t.config, secureCookies: true }, database: t.database, logger: false, serveWeb: false });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      expect((await behindProxy.inject({ url: '/healthz', headers: https })).headers['strict-transport-security']).toBe('max-age=31536000');
      expect((await behindProxy.inject({ url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
      // Without a trusted proxy anyone could send the header: it is ignored.
      expect((await t.app.inject({ url: '/healthz', headers: https })).headers['strict-transport-security']).toBeUndefined();
      expect((await secure.inject({ url: '/healthz' })).headers['strict-transport-security']).toBe('max-age=31536000');
    } finally {
      await behindProxy.close();
      await secure.close();
    }
  });

  it('logs one line per request with the route and the names of the query parameters, and never a password, token, cookie or query value', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logged = await buildApp({ config: { ...t.config, logLevel: 'info' }, database: t.database, logStream: stream, serveWeb: false });
    try {
      await logged.ready();
      const wrong = 'Contraseña-equivocada-7731';
      const refused = await logged.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: wrong } });
      expect(refused.statusCode).toBe(401);

      const tokenRes = await t.admin.post('/api-tokens', { name: 'Registro', role: 'agent' });
      expect(tokenRes.status).toBe(201);
      const token: string = tokenRes.body.token;
      const session = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
      const cookie = String(session.headers['set-cookie']).split(';')[0]!;
      const search = await logged.inject({ method: 'GET', url: '/api/v1/customers?q=600123456&limit=5', headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'clave-9931' } });
      expect(search.statusCode).toBe(200);
      const unit = await logged.inject({ method: 'GET', url: '/api/v1/customers/B12345678?taxId=B12345678', headers: { cookie } });
      expect(unit.statusCode).toBeLessThan(500);

      const all = lines.join('\n');
      for (const secret of [wrong, token, cookie.split('=')[1]!, '600123456', 'B12345678', 'clave-9931']) expect(all).not.toContain(secret);
      const done = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request done');
      expect(done.map((l) => [l.method, l.route, l.status])).toEqual([
        ['POST', '/api/v1/auth/login', 401],
        ['GET', '/api/v1/customers', 200],
        ['GET', '/api/v1/customers/:id', unit.statusCode],
      ]);
      // Each line is the request's own child logger's (made on the first line written: request-log.ts), with its id.
      expect(done.every((l) => typeof l.reqId === 'string' && l.reqId.length > 0)).toBe(true);
      expect(new Set(done.map((l) => l.reqId)).size).toBe(3);
      expect(done[1].query).toEqual(['q', 'limit']);
      expect(done[2].query).toEqual(['taxId']);
      // Fastify's own two lines per request are off: only ours.
      expect(lines.some((l) => l.includes('incoming request'))).toBe(false);
    } finally {
      await logged.close();
    }
  });
});
