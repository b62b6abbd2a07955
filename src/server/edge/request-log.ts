/**
 * What the server writes to its log, and what it never writes.
 *
 * - One line per answered request (`request done`), not Fastify's two: method, the route pattern
 *   (`/api/v1/customers/:id`, never the filled-in path, which may hold a phone or a tax id), the
 *   NAMES of the query parameters (`q`, `limit` — never their values: search terms, phones), status
 *   and time. Health probes and the web UI's static files log at `debug`, so `info` stays readable.
 * - Request bodies and headers are never logged. `redact` also censors, wherever they appear in a
 *   logged object, passwords, tokens, CSRF tokens, cookies, Authorization, Set-Cookie, the
 *   Idempotency-Key (harmless without the caller's credentials, but it is the client's own value and
 *   adds nothing to a log line), e-mail bodies (`text`, `html`) and a database error's `detail` /
 *   `parameters` (PostgreSQL puts the offending values there).
 */
import type { Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppInstance } from '../http.ts';

const SECRET_KEYS = ['password', 'currentPassword', 'newPassword', 'token', 'csrfToken', 'secret', 'authorization', 'cookie'];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body',
  '*.body',
  'text',
  'html',
  '*.text',
  '*.html',
  'err.detail',
  'err.parameters',
  '*.err.detail',
  '*.err.parameters',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
];

export type LogOptions = { level: string; stream?: Writable };

/** The pino options of the app's logger (Fastify's `logger`). */
export function loggerOptions(opts: LogOptions) {
  return {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(opts.stream ? { stream: opts.stream } : {}),
  };
}

/** The route pattern, or for an unmatched request its path without the query string. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0]!.slice(0, 200);
}

/** The names of the query parameters, never their values. */
export function queryNames(url: string): string[] {
  const at = url.indexOf('?');
  if (at < 0) return [];
  const names = new Set<string>();
  for (const pair of url.slice(at + 1).split('&')) {
    const name = pair.split('=')[0];
    if (!name) continue;
    try {
      names.add(decodeURIComponent(name.replace(/\+/g, ' ')).slice(0, 40));
    } catch {
      names.add('?');
    }
    if (names.size >= 20) break;
  }
  return [...names];
}

function quiet(request: FastifyRequest): boolean {
  const url = request.url;
  return url === '/healthz' || url === '/readyz' || url.startsWith('/assets/') || url.startsWith('/api/docs/static/');
}

export function installRequestLog(app: AppInstance): void {
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const line = {
      method: request.method,
      route: routeOf(request),
      query: queryNames(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      user: request.actor?.userId,
    };
    if (quiet(request)) request.log.debug(line, 'request done');
    else request.log.info(line, 'request done');
  });
}
