/**
 * The OpenAPI document's shared parts: the problem+json error shape as one component, added to
 * every operation's responses by `withProblems` (so routes declare only their success answers),
 * and the `servers` entry. Which error statuses an operation can answer follows from how the app
 * treats every route (app.ts): 400 when it takes input, 401 unless public, 403 for a role-checked
 * route or a cookie write without its CSRF token, 404 on a path with ids, 409 on writes.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'An error (RFC 9457 problem details). `code` is stable (see ErrorCode); `detail` is the localised text.',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', description: 'URI naming the error code' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable error code' },
    detail: { type: 'string', description: 'Human text in the language asked for (Accept-Language or the user’s)' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'On validation_failed: one entry per field',
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
} as const;

const PROBLEM_TEXT: Record<string, string> = {
  '400': 'Bad input: `errors` names each field',
  '401': 'Not logged in (or wrong credentials on login)',
  '403': 'The role may not do this, or the CSRF token is missing',
  '404': 'No such record, or the caller may not see it',
  '409': 'The record’s state or a unique value does not allow it',
};

export const PROBLEM_RESPONSES = Object.fromEntries(
  Object.entries(PROBLEM_TEXT).map(([status, description]) => [
    `Problem${status}`,
    { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
  ]),
);

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type Transform = (input: TransformInput) => { schema: object; url: string };

type RouteInfo = { method: string | string[]; url: string; config?: unknown; schema?: Record<string, unknown> };

/** The error statuses a route can answer, from its permission, method and inputs. */
export function problemStatuses(route: RouteInfo): string[] {
  const methods = ([] as string[]).concat(route.method).map((m) => m.toUpperCase());
  const write = methods.some((m) => m !== 'GET' && m !== 'HEAD');
  const permission = (route.config as { permission?: string } | undefined)?.permission;
  const schema = route.schema ?? {};
  const out: string[] = [];
  if (schema.body || schema.querystring || schema.params) out.push('400');
  if (permission !== 'public' || route.url.endsWith('/auth/login')) out.push('401');
  if (permission !== 'public' && (permission !== 'authenticated' || write)) out.push('403');
  if (/:[a-zA-Z]/.test(route.url)) out.push('404');
  if (write && permission !== 'public') out.push('409');
  return out;
}

/**
 * @fastify/swagger options for `transform` and `transformObject`: the Zod transform of each route,
 * then the problem responses of each operation (kept by `METHOD path` between the two passes).
 */
export function problemTransforms(base: Transform = jsonSchemaTransform): Pick<FastifyDynamicSwaggerOptions, 'transform' | 'transformObject'> {
  const byOperation = new Map<string, string[]>();
  return {
    transform: (input) => {
      const out = base(input as TransformInput);
      const route = (input as { route: RouteInfo }).route;
      const path = out.url.replace(/:([a-zA-Z_]+)/g, '{$1}');
      for (const m of ([] as string[]).concat(route.method)) byOperation.set(`${m.toLowerCase()} ${path}`, problemStatuses(route));
      return out;
    },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: { paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>> } }).openapiObject;
      for (const [path, ops] of Object.entries(doc.paths ?? {})) {
        for (const [method, op] of Object.entries(ops)) {
          for (const status of byOperation.get(`${method} ${path}`) ?? []) {
            op.responses ??= {};
            op.responses[status] ??= { $ref: `#/components/responses/Problem${status}` };
          }
        }
      }
      return doc;
    },
  };
}
