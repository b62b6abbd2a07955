/**
 * Safe retries: a POST that carries `Idempotency-Key` runs in one transaction that also stores its
 * answer under (caller, method, route, key). A retry with the same key and the same parameters and
 * body gets the first answer back (`Idempotent-Replayed: true`) and creates nothing; the same key
 * with other data is a 422. Because the key is claimed inside the transaction that does the work,
 * a request cut off before its answer either committed both (the retry replays) or neither (the
 * retry does the work), and two requests with one key at once do the work once: the second waits
 * on the key's row and then replays. Every POST route gets this without code of its own; a route
 * opts out with `config: { idempotent: false }` (login, logout, password changes). A multipart upload
 * is covered when its route reads the file before the handler and sets `request.idempotencyInput`
 * (the file's name, declared type, size and sha256): the same file again replays, another is a 422.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { beginRequestTransaction, commitRequestTransaction, rollbackRequestTransaction } from '../../db/request-tx.ts';
import { AppError, fieldError, problemBody, RETRY_AFTER_SECONDS, sendProblem, toAppError } from '../../errors.ts';
import type { AppInstance } from '../../http.ts';
import * as service from './idempotency.service.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

type Claim = { scope: string };
const claims = new WeakMap<FastifyRequest, Claim>();

function applies(request: FastifyRequest): boolean {
  if (request.method !== 'POST' || !request.url.startsWith('/api/v1/') || request.headers[IDEMPOTENCY_HEADER] === undefined || request.routeOptions.config?.idempotent === false) return false;
  // A multipart body is read by its route, which says what identifies it (request.idempotencyInput).
  return !String(request.headers['content-type'] ?? '').startsWith('multipart/') || request.idempotencyInput !== undefined;
}

function replay(reply: FastifyReply, answer: service.StoredAnswer) {
  reply.code(answer.response_status).header('content-type', answer.response_type).header('idempotent-replayed', 'true');
  if (answer.location) reply.header('location', answer.location);
  return reply.send(answer.response_body || undefined);
}

export function installIdempotency(app: AppInstance, database: Database): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.actor || !applies(request)) return;
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== 'string' || !service.KEY_PATTERN.test(key)) return sendProblem(reply, request, fieldError('Idempotency-Key', 'invalid_format'));
    const scope = service.scopeHash(request.actor.userId, request.method, request.routeOptions.url ?? request.url, key);
    const requestHash = service.requestHash(request);
    // Twice at most: the second pass answers from the row a concurrent request just committed.
    for (let attempt = 0; attempt < 2; attempt++) {
      const now = new Date();
      const first = await service.findAnswer(database.db, scope, now.toISOString());
      if (first) {
        if (first.request_hash !== requestHash) return sendProblem(reply, request, new AppError('idempotency_key_reused'));
        return replay(reply, first);
      }
      const trx = await beginRequestTransaction(database);
      try {
        await service.claimKey(trx, { scope, requestHash, userId: request.actor.userId, now });
      } catch (error) {
        await rollbackRequestTransaction(trx);
        if (isUniqueViolation(error)) continue;
        throw error;
      }
      request.requestTx = { db: trx, afterCommit: [] };
      claims.set(request, { scope });
      return;
    }
    return sendProblem(reply, request, new AppError('idempotency_key_in_progress'));
  });

  // The answer is stored in the same transaction as the work, then both commit; an error answer
  // rolls everything back, the key included, so a retry runs again.
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    const own = request.requestTx;
    if (!claim || !own) return payload;
    claims.delete(request);
    request.requestTx = undefined;
    const status = reply.statusCode;
    if (status < 200 || status >= 300) {
      await rollbackRequestTransaction(own.db);
      return payload;
    }
    try {
      if (typeof payload === 'string' || payload === undefined || payload === null) {
        const location = reply.getHeader('location');
        await service.storeAnswer(own.db, claim.scope, {
          status,
          type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
          body: (payload as string | null | undefined) ?? '',
          location: location === undefined ? null : String(location),
        });
      } else {
        // A stream or a file cannot be kept: the work commits, the key is not kept.
        await service.releaseKey(own.db, claim.scope);
      }
      await commitRequestTransaction(own.db);
    } catch (error) {
      await rollbackRequestTransaction(own.db);
      const appError = toAppError(error);
      request.log.warn({ err: { message: (error as Error).message } }, 'idempotent request not committed');
      reply.code(appError.status).type('application/problem+json; charset=utf-8');
      if (appError.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return JSON.stringify(problemBody(appError, request.locale, request.url));
    }
    for (const job of own.afterCommit.splice(0)) job();
    return payload;
  });

  // Whatever happened, no request leaves its transaction open.
  app.addHook('onResponse', async (request) => {
    const own = request.requestTx;
    if (!own) return;
    request.requestTx = undefined;
    claims.delete(request);
    await rollbackRequestTransaction(own.db);
  });
}
