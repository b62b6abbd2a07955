/**
 * Response serialization: each route's Zod response schema is converted to JSON Schema once, when
 * the route is registered, and compiled by fast-json-stringify (Fastify's own serializer), instead of
 * validating every answer with Zod and then calling JSON.stringify.
 *
 * - Only the properties a schema names are written (objects are `additionalProperties: false` on
 *   Zod's output side), so a field the schema does not name never leaks.
 * - A schema JSON Schema cannot express exactly (transforms, codecs, dates, custom checks) keeps the
 *   Zod path (`fastify-type-provider-zod`'s serializer), so its answers do not change.
 * - `ATIENDE_SERIALIZER=zod` puts every route back on the Zod path (the bench's "before");
 *   `ATIENDE_SERIALIZER=check` writes with the compiled serializer and throws when its answer differs
 *   from the Zod one (the test suites run this way, see test/setup).
 */
import fastJsonStringify, { type Schema } from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { $ZodType } from 'zod/v4/core';

type JsonSchema = Record<string, unknown>;
type CompilerInput = { schema: unknown; method: string; url: string; httpStatus?: string; contentType?: string };
type Serializer = (data: unknown) => string;

export type SerializerMode = 'compiled' | 'zod' | 'check';

export function serializerMode(env: NodeJS.ProcessEnv = process.env): SerializerMode {
  const mode = env.ATIENDE_SERIALIZER;
  return mode === 'zod' || mode === 'check' ? mode : 'compiled';
}

function zodSchemaOf(maybe: unknown): $ZodType | undefined {
  if (maybe instanceof $ZodType) return maybe;
  const props = (maybe as { properties?: unknown } | null)?.properties;
  return props instanceof $ZodType ? props : undefined;
}

/**
 * A nullable primitive or object comes out of Zod as `anyOf: [X, {type: 'null'}]`; fast-json-stringify
 * would try each branch with a validator at run time. `type: [X, 'null']` writes it directly.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = simplify(v);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2 && Object.keys(out).length === 1) {
    const nullIndex = anyOf.findIndex((s) => s.type === 'null' && Object.keys(s).length === 1);
    const other = anyOf[1 - nullIndex];
    if (nullIndex >= 0 && other && typeof other.type === 'string' && !('anyOf' in other) && !('oneOf' in other) && !('$ref' in other)) {
      return { ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/** The JSON Schema of what a route answers, or undefined when it cannot be expressed exactly. */
export function responseJsonSchema(schema: $ZodType): JsonSchema | undefined {
  try {
    const json = z.toJSONSchema(schema as z.ZodType, { target: 'draft-7', io: 'output', unrepresentable: 'throw', cycles: 'ref', reused: 'inline' });
    if (hasTransform(schema)) return undefined;
    const { $schema: _drop, ...rest } = json as JsonSchema;
    return simplify(rest) as JsonSchema;
  } catch {
    return undefined;
  }
}

/** Transforms and codecs change the value on the way out: only Zod can run them. */
function hasTransform(schema: $ZodType, seen = new Set<unknown>()): boolean {
  if (seen.has(schema)) return false;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.type === 'transform' || def.type === 'pipe' || def.type === 'custom') return true;
  for (const value of Object.values(def)) {
    if (value instanceof $ZodType && hasTransform(value, seen)) return true;
    if (Array.isArray(value) && value.some((v) => v instanceof $ZodType && hasTransform(v, seen))) return true;
    if (value && typeof value === 'object' && !(value instanceof $ZodType) && !Array.isArray(value)) {
      for (const v of Object.values(value)) if (v instanceof $ZodType && hasTransform(v, seen)) return true;
    }
  }
  // Object shapes are getters on def.shape in Zod 4 (read above); getters of lazy schemas too.
  return false;
}

/** Routes answered through Zod because their schema has no exact JSON Schema ("GET /path 200"). */
export const zodSerializedRoutes = new Set<string>();

/** Fastify's serializer compiler for every route with a response schema. */
export function createSerializerCompiler(mode: SerializerMode = serializerMode()) {
  const zodCompiler = zodSerializerCompiler as unknown as (input: CompilerInput) => Serializer;
  return (input: CompilerInput): Serializer => {
    const viaZod = zodCompiler(input);
    const schema = zodSchemaOf(input.schema);
    if (mode === 'zod' || !schema) return viaZod;
    const json = responseJsonSchema(schema);
    let compiled: Serializer | undefined;
    try {
      if (json) compiled = fastJsonStringify(json as unknown as Schema) as Serializer;
    } catch {
      compiled = undefined;
    }
    if (!compiled) {
      zodSerializedRoutes.add(`${input.method} ${input.url} ${input.httpStatus ?? ''}`.trim());
      return viaZod;
    }
    if (mode === 'compiled') return compiled;
    const fastPath = compiled;
    return (data) => {
      const fast = fastPath(data);
      const reference = viaZod(data);
      if (!isDeepStrictEqual(JSON.parse(fast), JSON.parse(reference))) {
        throw new Error(`Compiled serializer differs from Zod on ${input.method} ${input.url} ${input.httpStatus ?? ''}:\n${fast}\n${reference}`);
      }
      return fast;
    };
  };
}
