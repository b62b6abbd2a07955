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
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
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
  // A callback hook (no promise per request); nothing is built when the level is off (`warn`).
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const level = quiet(request) ? 'debug' : 'info';
    if (!levelOn(request.log, level)) return done();
    const line = {
      method: request.method,
      route: routeOf(request),
      query: queryNames(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      user: request.actor?.userId,
    };
    request.log[level](line, 'request done');
    done();
  });
}

type Logger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

/** Whether a line at `level` would be written (pino's isLevelEnabled; true for a logger without it). */
function levelOn(log: FastifyBaseLogger, level: string): boolean {
  const l = log as Partial<Logger>;
  return typeof l.isLevelEnabled === 'function' ? l.isLevelEnabled(level) : true;
}
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * Fastify's per-request child logger (`childLoggerFactory`), made when the request first writes a
 * line at a level that is on: pino's child of a logger with `redact` serialises its bindings (the
 * request id) at once, ~3 % of a by-id read's CPU, and at `warn` most requests write nothing. The
 * lines written are the real child's, the same as before. A route with its own level or
 * serializers gets its child at once.
 */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Record<string, unknown>, opts: { level?: string; serializers?: unknown }): FastifyBaseLogger {
  if (opts.level !== undefined || opts.serializers !== undefined || typeof (logger as Partial<Logger>).isLevelEnabled !== 'function') return logger.child(bindings, opts as never);
  return new LazyChild(logger as Logger, bindings, opts) as unknown as FastifyBaseLogger;
}

class LazyChild {
  private own?: Logger;
  constructor(
    private readonly parent: Logger,
    private readonly childBindings: Record<string, unknown>,
    private readonly opts: object,
  ) {}
  private real(): Logger {
    return (this.own ??= this.parent.child(this.childBindings, this.opts as never) as Logger);
  }
  get level(): string {
    return (this.own ?? this.parent).level;
  }
  set level(level: string) {
    this.real().level = level;
  }
  isLevelEnabled(level: string): boolean {
    return (this.own ?? this.parent).isLevelEnabled(level);
  }
  child(bindings: Record<string, unknown>, opts?: object): FastifyBaseLogger {
    return this.real().child(bindings, opts as never);
  }
  bindings(): Record<string, unknown> {
    return (this.real() as unknown as { bindings(): Record<string, unknown> }).bindings();
  }
  silent(): void {}
  declare fatal: Logger['fatal'];
  declare error: Logger['error'];
  declare warn: Logger['warn'];
  declare info: Logger['info'];
  declare debug: Logger['debug'];
  declare trace: Logger['trace'];
}
for (const level of LEVELS) {
  Object.defineProperty(LazyChild.prototype, level, {
    value(this: LazyChild, ...args: unknown[]) {
      if (!this.isLevelEnabled(level)) return;
      const real = (this as unknown as { real(): Logger }).real();
      (real[level] as (...a: unknown[]) => void)(...args);
    },
  });
}
