/**
 * Review of ba3890f (the request's child logger made lazily, edge/request-log.ts): every line a
 * request writes still carries its request id and the redaction — the error handler's 'request
 * failed' (a database error's detail and parameters censored) and 'request done' share the request's
 * id; at the default level (warn) the error line is still written, with its id, and no 'request done'.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/harness.ts';
import { buildApp } from '../app.ts';

describe.each(DIALECTS)('request log lines with the lazy child logger on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const logging = async (logLevel: string) => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp({ config: { ...t.config, logLevel } as never, database: t.database, logStream: stream, serveWeb: false });
    app.get('/review-boom', async () => {
      throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', detail: 'Key (tax_id)=(SECRETO-DETALLE-1) already exists.', parameters: ['SECRETO-PARAM-2'] });
    });
    await app.ready();
    return { app, lines };
  };

  for (const level of ['info', 'warn']) {
    it(`at ${level}: the error line has the request's id and is redacted`, async () => {
      const { app, lines } = await logging(level);
      try {
        const res = await app.inject({ method: 'GET', url: '/review-boom' });
        expect(res.statusCode).toBe(500);
        const ok = await app.inject({ method: 'GET', url: '/healthz' });
        expect(ok.statusCode).toBe(200);
        const all = lines.join('\n');
        expect(all).not.toContain('SECRETO-DETALLE-1');
        expect(all).not.toContain('SECRETO-PARAM-2');
        const parsed = lines.map((l) => JSON.parse(l));
        const failed = parsed.filter((l) => l.msg === 'request failed');
        expect(failed).toHaveLength(1);
        expect(typeof failed[0].reqId).toBe('string');
        expect(failed[0].err.detail).toBe('[redacted]');
        expect(failed[0].err.parameters).toBe('[redacted]');
        const done = parsed.filter((l) => l.msg === 'request done');
        if (level === 'info') {
          const boom = done.find((l) => l.status === 500);
          expect(boom?.reqId).toBe(failed[0].reqId);
          expect(new Set(done.map((l) => l.reqId)).size).toBe(done.length);
        } else expect(done).toHaveLength(0);
      } finally {
        await app.close();
      }
    });
  }
});
