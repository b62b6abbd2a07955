/**
 * Shared pieces for route files: the typed Fastify instance, the service context of a request,
 * and the Zod schemas every list and record route uses.
 */
import type { FastifyBaseLogger, FastifyContextConfig, FastifyInstance, FastifyRequest, FastifySchema, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idString } from '../shared/inputs.ts';
import type { Permission } from '../shared/roles.ts';
import type { Config } from './config.ts';
import type { Ctx } from './context.ts';
import type { Database } from './db/database.ts';
import type { RequestTransaction } from './db/request-tx.ts';
import { AppError } from './errors.ts';
import type { Locale } from './i18n/messages.ts';
import type { Actor } from './modules/auth/actor.ts';
import type { AuthService } from './modules/auth/auth.service.ts';

export type AppInstance = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export type ModuleDeps = { database: Database; config: Config; auth: AuthService };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: a permission, any logged-in user, or anyone ('public'). Required on every API route. */
    permission?: Permission | 'authenticated' | 'public';
    /** false: a POST that Idempotency-Key must not apply to (login, logout, password). Default: applies. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    actor?: Actor;
    locale: Locale;
    /** The request's own transaction (Idempotency-Key): services join it through ctxOf. */
    requestTx?: { db: RequestTransaction; afterCommit: Array<() => void> };
    /**
     * What identifies a request whose body is not JSON (a multipart upload: the file's name, type,
     * size and sha256), set by its route before the handler: Idempotency-Key hashes it in place of
     * the body. A multipart POST without it is not covered by Idempotency-Key.
     */
    idempotencyInput?: unknown;
  }
  interface FastifyInstance {
    database: Database;
    atiendeConfig: Config;
    /** An in-process clock (`BuildAppOptions.clock`), null for the system's. */
    clock: (() => Date) | null;
  }
}

/**
 * A route's options in one call: who may call it (`config.permission`, required on every API route)
 * and its OpenAPI schema (operationId, summary, tags, params/querystring/body, every success
 * response); `extra` holds any other route config (`idempotent: false`). The schema keeps its exact
 * type, so the handler's request and reply stay typed by the Zod type provider.
 */
export function route<const S extends FastifySchema>(permission: NonNullable<FastifyContextConfig['permission']>, schema: S, extra: Omit<FastifyContextConfig, 'permission'> = {}) {
  return { config: { permission, ...extra }, schema };
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

export function ctxOf(request: FastifyRequest): Ctx {
  const { database, atiendeConfig, clock } = request.server;
  const own = request.requestTx;
  const ctx: Ctx = { db: own?.db ?? database.db, dialect: database.dialect, actor: actorOf(request), locale: request.locale, config: atiendeConfig, afterCommit: own?.afterCommit ?? [] };
  if (clock) ctx.now = clock;
  return ctx;
}

export const idParams = z.object({ id: idString });
export const toId = (s: string): number => Number(s);
export const optionalId = idString.nullish();
/** An optional, nullable id of a body: undefined stays (not sent), null clears, a string becomes the number. */
export function optId(s: string | null | undefined): number | null | undefined {
  return s === undefined ? undefined : s === null ? null : toId(s);
}

/**
 * A list's query with its id filters turned into numbers, as the services take them:
 * `service.listTasks(ctx, idFilters(request.query, ['customerId', 'projectId']))`. A filter not
 * given stays absent; the filters of `meOrIds` also accept `me` (the caller), which stays `me`.
 */
export function idFilters<Q extends object, K extends keyof Q>(q: Q, ids: readonly K[]): Omit<Q, K> & { [P in K]?: number };
export function idFilters<Q extends object, K extends keyof Q, M extends keyof Q>(q: Q, ids: readonly K[], meOrIds: readonly M[]): Omit<Q, K | M> & { [P in K]?: number } & { [P in M]?: number | 'me' };
export function idFilters(q: object, ids: readonly PropertyKey[], meOrIds: readonly PropertyKey[] = []) {
  const given = q as Record<PropertyKey, string | null | undefined>;
  const out: Record<PropertyKey, unknown> = { ...q };
  for (const key of [...ids, ...meOrIds]) {
    const v = given[key];
    out[key] = v == null ? undefined : v === 'me' && meOrIds.includes(key) ? 'me' : toId(v);
  }
  return out;
}

export const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export { idString, isoDate, isoDateTime } from '../shared/inputs.ts';
export { itemsSchema, listQuery, pageSchema } from '../shared/page.ts';

/** A file answer (PDF, XML, an attachment): documented as binary, sent as it is (no JSON serialisation). */
export function fileResponse(description: string, contentType: string) {
  return { description, content: { [contentType]: { schema: z.any().meta({ type: 'string', format: 'binary' }).describe(description) } } };
}

/**
 * A route whose only answer is an error (e.g. always 409) declares it with this, so the document
 * says so; the body is the problem+json of every error (errors.ts).
 */
export const problemSchema = z.looseObject({ type: z.string(), title: z.string(), status: z.number(), code: z.string(), detail: z.string() });

/** The answer of a 204: no body. */
export const noContent = z.null().describe('No content');
