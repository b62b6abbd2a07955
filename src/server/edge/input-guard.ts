/**
 * The edge of every request: text no engine stores alike (NUL bytes, lone surrogates) is refused
 * with 400 `invalid_characters` naming the field, in the path parameters, the query and the JSON
 * body, before any schema or handler sees it (rules in input.rules.ts). The router's own errors
 * become problem+json.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError, sendProblem } from '../errors.ts';
import type { AppInstance } from '../http.ts';
import { badTextPaths, hasBadText } from './input.rules.ts';

/** The longest path parameter the router accepts (find-my-way's default). */
export const MAX_PARAM_LENGTH = 100;

export function routerError(error: FastifyError): AppError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new AppError('validation_failed', { errors: [{ field: 'path', code: 'too_long', params: { maximum: MAX_PARAM_LENGTH } }] });
  return new AppError('validation_failed', { errors: [{ field: 'path', code: 'invalid_format' }] });
}

export function installInputGuard(app: AppInstance): void {
  // Not an async hook: a request without bad text (almost all) goes on at once, without a promise.
  app.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!hasBadText(request.params) && !hasBadText(request.query) && !hasBadText(request.body)) return done();
    return refuse(request, reply);
  });
}

async function refuse(request: FastifyRequest, reply: FastifyReply) {
  const errors: FieldError[] = [];
  const add = (paths: string[], top: string) => {
    for (const p of paths) errors.push({ field: p || top, code: 'invalid_characters' });
  };
  add(badTextPaths(request.params), 'path');
  add(badTextPaths(request.query), 'query');
  add(badTextPaths(request.body), 'body');
  if (errors.length) return sendProblem(reply, request, new AppError('validation_failed', { errors }));
}
