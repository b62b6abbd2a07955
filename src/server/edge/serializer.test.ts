import Fastify from 'fastify';
import { serializerCompiler as zodSerializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { customerSchema } from '../modules/customers/customers.schemas.ts';
import { createSerializerCompiler, responseJsonSchema, serializerMode } from './serializer.ts';

const compile = (schema: z.ZodType, mode: 'compiled' | 'zod' | 'check' = 'compiled') =>
  createSerializerCompiler(mode)({ schema, method: 'GET', url: '/x', httpStatus: '200' });
const viaZod = (schema: z.ZodType) =>
  (zodSerializerCompiler as unknown as (i: object) => (d: unknown) => string)({ schema, method: 'GET', url: '/x' });

const customer = {
  id: '12',
  code: 'CL0001',
  name: 'Comunidad de Propietarios «Sol» \u2028 "B"',
  taxId: null,
  address: { street: 'Calle Mayor 1', city: 'Madrid' },
  phones: ['+34 600 000 000'],
  emails: [],
  regionCode: null,
  language: 'es',
  notes: 'línea 1\nlínea 2\t</script>',
  active: true,
  createdAt: '2026-11-30T04:00:00.000Z',
  updatedAt: '2026-11-30T04:00:00.000Z',
};

const kinds = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), callId: z.string() }),
  z.object({ kind: z.literal('incident'), number: z.string(), total: z.number().int() }),
]);
const page = z.object({ items: z.array(kinds), nextCursor: z.string().nullable(), counts: z.record(z.string(), z.number()) });

describe('compiled response serializer', () => {
  it.each([
    ['a customer (nullable object, arrays, enum, escapes)', customerSchema, customer],
    ['a customer with an address of null', customerSchema, { ...customer, address: null, taxId: 'B12345678' }],
    ['a page of a discriminated union with a record', page, { items: [{ kind: 'call', callId: '1' }, { kind: 'incident', number: 'INC-2026-000001', total: 1250 }], nextCursor: null, counts: { a: 1, b: 2 } }],
    ['optional fields left out', z.object({ a: z.string().optional(), b: z.number().nullable().optional() }), {}],
    ['a number that is not an integer and a nullable number', z.object({ n: z.number(), m: z.number().nullable() }), { n: 1.5, m: null }],
    ['unknown content', z.object({ data: z.unknown() }), { data: { anything: [1, 'two', null] } }],
  ])('writes %s exactly as Zod does', (_name, schema, data) => {
    expect(JSON.parse(compile(schema as z.ZodType)(data))).toEqual(JSON.parse(viaZod(schema as z.ZodType)(data)));
  });

  it('never writes a field the schema does not name, at any depth', () => {
    const out = JSON.parse(compile(customerSchema)({ ...customer, passwordHash: 'secret', address: { ...customer.address, internal: 'x' } }));
    expect(out).not.toHaveProperty('passwordHash');
    expect(out.address).toEqual({ street: 'Calle Mayor 1', city: 'Madrid' });
    expect(JSON.stringify(out)).not.toContain('secret');
  });

  it('keeps Zod for schemas JSON Schema cannot express (a codec run on the way out)', () => {
    const schema = z.object({ at: z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }) });
    expect(responseJsonSchema(schema)).toBeUndefined();
    const data = { at: new Date('2026-11-30T04:00:00Z') };
    expect(compile(schema)(data)).toBe('{"at":"2026-11-30T04:00:00.000Z"}');
  });

  it('the check mode refuses an answer that differs from Zod', () => {
    // Zod refuses a missing required field; the compiled path would throw as well.
    expect(() => compile(customerSchema, 'check')({ ...customer, name: undefined })).toThrow();
    expect(compile(customerSchema, 'check')(customer)).toBe(compile(customerSchema)(customer));
  });

  it('reads its mode from ATIENDE_SERIALIZER', () => {
    expect(serializerMode({})).toBe('compiled');
    expect(serializerMode({ ATIENDE_SERIALIZER: 'zod' })).toBe('zod');
    expect(serializerMode({ ATIENDE_SERIALIZER: 'check' })).toBe('check');
  });
});

describe('through Fastify', () => {
  const app = Fastify();
  beforeAll(async () => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(createSerializerCompiler('compiled') as never);
    app.get('/customer', { schema: { response: { 200: customerSchema } } }, async () => ({ ...customer, passwordHash: 'secret', sessionToken: 't' }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers the route through the compiled serializer, without unnamed fields', async () => {
    const res = await app.inject({ method: 'GET', url: '/customer' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(viaZod(customerSchema)(customer)));
    expect(res.body).not.toContain('secret');
  });
});
