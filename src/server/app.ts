import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { PROBLEM_RESPONSES, PROBLEM_SCHEMA, problemTransforms } from './openapi.ts';
import Fastify, { type FastifyRequest, LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { can } from '../shared/roles.ts';
import type { Config } from './config.ts';
import { createDatabase, type Database, databaseAnswers } from './db/database.ts';
import { AppError, sendProblem, toAppError } from './errors.ts';
import type { AppInstance, ModuleDeps } from './http.ts';
import { localeFromHeader } from './i18n/messages.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { SESSION_COOKIE } from './modules/auth/auth.routes.ts';
import { installAreas } from './modules/area.ts';
import { apiModules, areas } from './modules/index.ts';
import { installIdempotency } from './modules/idempotency/idempotency.hooks.ts';
import { startJobs } from './jobs.ts';
import { installInputGuard, routerError } from './edge/input-guard.ts';
import { installSecurityHeaders } from './edge/security-headers.ts';
import { createSerializerCompiler } from './edge/serializer.ts';
import { installRequestLog, lazyChildLogger, loggerOptions } from './edge/request-log.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../dist/web');

export type BuildAppOptions = {
  config: Config;
  /** An open database; when absent one is created (and migrated) from config. */
  database?: Database;
  logger?: boolean;
  /** Where the log goes (tests capture it); stdout by default. */
  logStream?: Writable;
  /** Serve the built web UI (dist/web) when it exists. */
  serveWeb?: boolean;
  /**
   * The clock the services read through `nowOf(ctx)` instead of the system's. Only the demo loader
   * passes one, to an app of its own that never listens (see `demo/demo.ts`): no request can set it.
   */
  clock?: () => Date;
};

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Documents `Idempotency-Key` on every POST of the API that accepts it (see idempotency.hooks.ts). */
function withIdempotencyHeader(
  input: { url: string; route: { method: string | string[]; config?: { idempotent?: boolean } } },
  out: { schema: object; url: string },
) {
  const methods = ([] as string[]).concat(input.route.method);
  if (!methods.includes('POST') || !input.url.startsWith('/api/v1/') || input.route.config?.idempotent === false) return out;
  const headers = ((out.schema as { headers?: unknown }).headers as { type?: string; properties?: Record<string, unknown> } | undefined) ?? { type: 'object', properties: {} };
  return {
    ...out,
    schema: {
      ...out.schema,
      headers: {
        ...headers,
        properties: {
          ...headers.properties,
          'Idempotency-Key': {
            type: 'string',
            pattern: '^[\\x21-\\x7e]{1,255}$',
            description:
              'Safe retries: the same key and body within 24 h returns the first answer (header Idempotent-Replayed: true) and does nothing again; the same key with other data is a 422.',
          },
        },
      },
    },
  };
}

export async function buildApp(opts: BuildAppOptions) {
  const { config } = opts;
  const database = opts.database ?? (await createDatabase(config.database));
  const app = Fastify({
    // One line per request of our own, with no query values, bodies or secrets (edge/request-log.ts).
    logger: opts.logger === false ? false : loggerOptions({ level: config.logLevel, stream: opts.logStream }),
    logController: new LogController({ disableRequestLogging: true }),
    // The request's child logger is made only if the request writes a line (edge/request-log.ts).
    childLoggerFactory: lazyChildLogger,
    bodyLimit: 1024 * 1024,
    // Off unless configured (ATIENDE_TRUST_PROXY): X-Forwarded-For from anyone else is ignored.
    trustProxy: config.trustProxy,
    // Keep the default AJV away: Zod schemas validate, our handler formats the errors.
    ajv: { customOptions: { coerceTypes: false } },
    // The router's own refusals (bad percent-encoding, an over-long path parameter) answer
    // problem+json like every other error.
    frameworkErrors: (error, request, reply) => sendProblem(reply, request, routerError(error)),
  }).withTypeProvider<ZodTypeProvider>() as unknown as AppInstance;

  app.setValidatorCompiler(validatorCompiler);
  // Answers are written by fast-json-stringify compiled from each route's Zod response schema
  // (edge/serializer.ts); ATIENDE_SERIALIZER=zod restores validate-then-JSON.stringify.
  app.setSerializerCompiler(createSerializerCompiler() as never);
  app.decorate('database', database);
  app.decorate('atiendeConfig', config);
  app.decorate('clock', opts.clock ?? null);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('locale', 'es');
  app.removeContentTypeParser('text/plain');

  const auth = createAuthService(database);
  app.addHook('onClose', async () => auth.close());
  const deps: ModuleDeps = { database, config, auth };

  await app.register(fastifyCookie);
  // preHandler: the login limit keys on the username, so the body must be parsed first.
  await app.register(fastifyRateLimit, { global: false, hook: 'preHandler' });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Atiende API',
        version: '1.0.0',
        description:
          'Service desk for after-sales technical service. Authenticate with the session cookie from POST /auth/login (send X-CSRF-Token on writes) or with `Authorization: Bearer <api token>`. Errors are application/problem+json.',
      },
      servers: [{ url: '/', description: 'The Atiende server that serves this document (paths start with /api/v1)' }],
      components: {
        schemas: { Problem: PROBLEM_SCHEMA as unknown as Record<string, unknown> },
        responses: PROBLEM_RESPONSES,
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    ...problemTransforms((input) => withIdempotencyHeader(input, jsonSchemaTransform(input))),
  });
  // The reference page loads its scripts from files (no inline script): the page policy of
  // edge/security-headers.ts applies (its validator badge is off: validatorUrl defaults to null).
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  // Every API route must say who may call it; a route without that does not start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.permission) {
      throw new Error(`Route ${route.method} ${route.url} has no permission in its config`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const headerLocale = localeFromHeader(request.headers['accept-language']);
    request.locale = headerLocale ?? 'es';
    const permission = request.routeOptions.config?.permission;
    if (!request.url.startsWith('/api/v1') || !permission) return;
    const actor = await authenticate(request);
    if (actor) {
      request.actor = actor;
      request.locale = headerLocale ?? actor.language;
      if (actor.via === 'session' && UNSAFE.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !actor.csrfToken || !safeEqual(sent, actor.csrfToken)) {
          return sendProblem(reply, request, new AppError('csrf_failed'));
        }
      }
    }
    if (permission === 'public') return;
    if (!actor) return sendProblem(reply, request, new AppError('unauthenticated'));
    if (permission !== 'authenticated' && !can(actor.role, permission)) return sendProblem(reply, request, new AppError('forbidden'));
  });

  async function authenticate(request: FastifyRequest) {
    const header = request.headers.authorization;
    // A write is never let through on a cached identity (see auth.service.ts).
    const fresh = UNSAFE.has(request.method);
    if (header?.startsWith('Bearer ')) return auth.fromBearer(header.slice(7).trim(), { fresh });
    const cookie = request.cookies[SESSION_COOKIE];
    return cookie ? auth.fromSessionCookie(cookie, { fresh }) : undefined;
  }

  installSecurityHeaders(app, config);
  installRequestLog(app);

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status === 503) request.log.warn({ err: { code: (error as { code?: string }).code, message: (error as Error).message } }, 'database unavailable');
    else if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, appError);
  });

  // Liveness: the process answers (never restart it because the database is away; it reconnects by
  // itself) and says whether the database answers. Readiness: send traffic here only while it does.
  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async () => {
    const databaseUp = await databaseAnswers(database);
    return { status: databaseUp ? 'ok' : 'degraded', database: database.dialect, databaseUp };
  });
  app.get('/readyz', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!(await databaseAnswers(database))) return sendProblem(reply, request, new AppError('service_unavailable'));
    return { status: 'ready', database: database.dialect };
  });

  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  installInputGuard(app);
  installIdempotency(app, database);

  installAreas(areas);
  if (config.runJobs) {
    const jobs = areas.flatMap((a) => a.jobs ?? []);
    let runner: ReturnType<typeof startJobs> | undefined;
    app.addHook('onReady', async () => { runner = startJobs(jobs, database, config, app.log); });
    app.addHook('onClose', async () => { await runner?.stop(); });
  }

  await app.register(
    async (api) => {
      for (const register of apiModules) await register(api as AppInstance, deps);
    },
    { prefix: '/api/v1' },
  );

  const serveWeb = opts.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) {
    // The build writes .br and .gz beside each file (vite.config.ts): sent as the browser accepts.
    // Hashed assets never change under their name: cached for a year; anything else is revalidated.
    const assets = `${path.sep}assets${path.sep}`;
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, file) {
        res.header('Cache-Control', file.includes(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      // The single-page app owns every other path; index.html must never be cached.
      reply.header('Cache-Control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(path.join(WEB_DIST, 'index.html')));
    }
    return sendProblem(reply, request, new AppError('route_not_found'));
  });

  app.addHook('onClose', async () => {
    if (!opts.database) await database.destroy();
  });

  return app;
}
