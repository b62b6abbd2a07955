import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './db/dialect.ts';
import { hasMessage, type Locale, translate } from './i18n/messages.ts';

/**
 * Every error code the API can answer with, and its HTTP status. The `code` is stable: clients
 * (the web UI included) switch on it; `detail` is the localised human text.
 */
export const ERROR_STATUS = {
  /** Request body, query or params failed validation; `errors` names each field. */
  validation_failed: 400,
  /** No session cookie or bearer token, or it expired. */
  unauthenticated: 401,
  /** Login with a wrong username or password. */
  invalid_credentials: 401,
  /** Authenticated but the role does not allow the action. */
  forbidden: 403,
  /** Cookie-authenticated write without a valid X-CSRF-Token header. */
  csrf_failed: 403,
  /** The record does not exist or the caller cannot see it. */
  not_found: 404,
  /** No such route. */
  route_not_found: 404,
  /** The record is in a state that does not allow the action (finishing a finished call…). */
  conflict: 409,
  /** A unique value already exists. */
  duplicate: 409,
  /** The record is referenced by others and cannot be removed. */
  in_use: 409,
  /** Body over the size limit. */
  payload_too_large: 413,
  /** Rate limit hit (login attempts). */
  too_many_requests: 429,
  /** Anything unexpected; logged with the request id. */
  internal_error: 500,
  /** The database cannot be reached right now (restart, failover): retry after `Retry-After` seconds. */
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS | (string & {});

/** Statuses of the codes areas declare in their manifest (`Area.errors`), filled by installAreas. */
const areaStatus: Record<string, number> = {};
export function registerErrorStatus(codes: Record<string, number>): void {
  Object.assign(areaStatus, codes);
}

export type FieldError = { field: string; code: string; message?: string; params?: Record<string, unknown> };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly params: Record<string, unknown>;
  /** Extra members added to the problem document (e.g. `candidates`). */
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    opts: { status?: number; errors?: FieldError[]; params?: Record<string, unknown>; extra?: Record<string, unknown> } = {},
  ) {
    super(code);
    this.code = code;
    this.status = opts.status ?? (ERROR_STATUS as Record<string, number>)[code] ?? areaStatus[code] ?? 400;
    this.errors = opts.errors;
    this.params = opts.params ?? {};
    this.extra = opts.extra;
  }
}

/** Shorthand for a validation error on one field. */
export function fieldError(field: string, code: string, params?: Record<string, unknown>): AppError {
  return new AppError('validation_failed', { errors: [{ field, code, params }] });
}

export function notFound(): AppError {
  return new AppError('not_found');
}

/** The value, or the 404 problem when there is none (a service's `getX` over its `findX`). */
export function found<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw notFound();
  return value;
}

export function conflict(code = 'conflict', params?: Record<string, unknown>, extra?: Record<string, unknown>): AppError {
  return new AppError(code, { status: 409, params, extra });
}

type ZodLikeIssue = {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  values?: unknown[];
  keys?: string[];
  input?: unknown;
};

/** Maps one Zod issue to our field error code, so messages come from our own es/en table. */
export function issueToFieldError(issue: ZodLikeIssue): FieldError[] {
  const field = issue.path.map(String).join('.');
  const p = { minimum: issue.minimum?.toString(), maximum: issue.maximum?.toString(), expected: issue.expected };
  // A schema may name its own message key: z.string().min(8, 'weak_password').
  if (issue.message && hasMessage(issue.message)) return [{ field, code: issue.message, params: p }];
  switch (issue.code) {
    case 'invalid_type':
      return [{ field, code: 'input' in issue && issue.input === undefined ? 'required' : 'invalid_type', params: p }];
    case 'too_small':
      if (issue.origin === 'string') return [{ field, code: Number(issue.minimum) === 1 ? 'required' : 'too_short', params: p }];
      if (issue.origin === 'array' || issue.origin === 'set') return [{ field, code: 'too_few_items', params: p }];
      return [{ field, code: 'too_small', params: p }];
    case 'too_big':
      if (issue.origin === 'string') return [{ field, code: 'too_long', params: p }];
      if (issue.origin === 'array' || issue.origin === 'set') return [{ field, code: 'too_many_items', params: p }];
      return [{ field, code: 'too_big', params: p }];
    case 'invalid_format':
      if (issue.format === 'email') return [{ field, code: 'invalid_email' }];
      if (issue.format === 'date') return [{ field, code: 'invalid_date' }];
      if (issue.format === 'datetime') return [{ field, code: 'invalid_datetime' }];
      return [{ field, code: 'invalid_format' }];
    case 'invalid_value':
      return [{ field, code: 'invalid_value', params: { values: issue.values?.join(', ') } }];
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((k) => ({ field: [field, k].filter(Boolean).join('.'), code: 'unknown_field' }));
    case 'not_multiple_of':
      return [{ field, code: 'not_integer' }];
    case 'custom':
      // Our refinements put a message key in `message` (e.g. invalid_tax_id).
      return [{ field, code: issue.message || 'invalid' }];
    default:
      return [{ field, code: 'invalid' }];
  }
}

export function problemBody(err: AppError, locale: Locale, instance?: string) {
  return {
    type: `https://atiende.local/problems/${err.code}`,
    title: err.code,
    status: err.status,
    code: err.code,
    detail: translate(locale, err.code, err.params),
    ...(instance ? { instance } : {}),
    ...(err.errors
      ? {
          errors: err.errors.map((e) => ({
            field: e.field,
            code: e.code,
            message: e.message ?? translate(locale, e.code, e.params ?? {}),
          })),
        }
      : {}),
    ...(err.extra ?? {}),
  };
}

/** Converts whatever was thrown into an AppError; unknown errors become internal_error. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError & { validation?: ZodLikeIssue[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    // fastify-type-provider-zod reports Zod issues in Fastify's shape: keyword = Zod code,
    // instancePath = /a/b, params = the rest of the issue.
    const errors = (fe.validation as Array<{ keyword: string; instancePath?: string; message?: string; params?: Record<string, unknown> }>).flatMap((v) => {
      const path = (v.instancePath ?? '').split('/').filter(Boolean);
      const issue = { ...(v.params ?? {}), code: v.keyword, path, message: v.message ?? '' } as ZodLikeIssue;
      if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) issue.input = undefined;
      else if (issue.code === 'invalid_type') issue.input = null;
      return issueToFieldError(issue);
    });
    return new AppError('validation_failed', { errors });
  }
  if (fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe?.statusCode === 413) return new AppError('payload_too_large');
  if (fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe as { type?: string })?.type === 'entity.parse.failed' || fe?.statusCode === 400 || fe?.statusCode === 415) {
    return new AppError('validation_failed', { errors: [{ field: '', code: 'invalid_format' }], status: fe.statusCode === 415 ? 415 : 400 });
  }
  if (fe?.statusCode === 429) return new AppError('too_many_requests');
  if (isDatabaseUnavailable(error)) return new AppError('service_unavailable');
  return new AppError('internal_error');
}

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: AppError): FastifyReply {
  if (err.status === 503 && !reply.hasHeader('Retry-After')) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  if (err.status === 429 && typeof err.params.retryAfter === 'number') reply.header('Retry-After', String(err.params.retryAfter));
  return reply
    .status(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(err, request.locale ?? 'es', request.url));
}
