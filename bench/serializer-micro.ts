/**
 * Serialization alone (no database, no HTTP): a customer and a page of 50 customers written by Zod
 * (validate, then JSON.stringify) and by the compiled serializer (edge/serializer.ts), in turns,
 * best of 5 rounds each.   node --import tsx bench/serializer-micro.ts
 */
import { z } from 'zod';
import { createSerializerCompiler } from '../src/server/edge/serializer.ts';
import { customerSchema } from '../src/server/modules/customers/customers.schemas.ts';

const customer = {
  id: '12',
  code: 'CL0001',
  name: 'Comunidad de Propietarios Sol',
  taxId: 'B12345678',
  address: { street: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', province: 'Madrid' },
  phones: ['+34 600 000 000', '912345678'],
  emails: ['a@b.es'],
  regionCode: 'MD',
  language: 'es',
  notes: null,
  active: true,
  createdAt: '2026-11-30T04:00:00.000Z',
  updatedAt: '2026-11-30T04:00:00.000Z',
};
const page = z.object({ items: z.array(customerSchema), nextCursor: z.string().nullable() });
const pageData = { items: Array.from({ length: 50 }, (_, i) => ({ ...customer, id: String(i) })), nextCursor: 'abc' };
const cases = [
  ['one customer', customerSchema, customer, 50_000],
  ['a page of 50 customers', page, pageData, 2_000],
] as const;
for (const [name, schema, data, n] of cases) {
  const write = {
    zod: createSerializerCompiler('zod')({ schema, method: 'GET', url: '/x' }),
    compiled: createSerializerCompiler('compiled')({ schema, method: 'GET', url: '/x' }),
  };
  const best = { zod: Infinity, compiled: Infinity };
  for (let round = 0; round < 5; round++) {
    for (const mode of ['zod', 'compiled'] as const) {
      const start = performance.now();
      for (let i = 0; i < n; i++) write[mode](data);
      best[mode] = Math.min(best[mode], ((performance.now() - start) / n) * 1000);
    }
  }
  console.log(`${name}: zod ${best.zod.toFixed(1)} µs, compiled ${best.compiled.toFixed(1)} µs (${(best.zod / best.compiled).toFixed(1)}× faster)`);
}
