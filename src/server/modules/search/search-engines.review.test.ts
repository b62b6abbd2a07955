/**
 * Review of 5f2cfb6 (PostgreSQL search through a prefix index for customers and contacts, a partial
 * GIN index for every other type): the same data on both engines answers the same hits through the
 * API — accents, 1-letter, 2–6-letter and 7+-letter prefixes, whole words, several words, customers,
 * contacts and units (another type) — compared as sets (the order of hits ranked alike may differ).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, ok, type TestApp } from '../../../../test/harness.ts';
import { makeItem } from '../incidents/incidents.fixtures.ts';

describe.skipIf(DIALECTS.length < 2)('search answers alike on both engines (review)', () => {
  const apps: TestApp[] = [];
  beforeAll(async () => {
    for (const dialect of DIALECTS) {
      const t = await createTestApp(dialect);
      apps.push(t);
      const names = ['José María Núñez', 'Mariscos Peña', 'Marina Ortiz Alcalá', 'Ángel Martínez', 'Marisquería Paz', 'Ana Mar', 'Ñandú Componentes'];
      for (const [i, name] of names.entries()) {
        const c = ok(await t.admin.post('/customers', { code: `RV${i}`, name, emails: [`${name.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}${i}@mariscosexample.es`] }), 201) as { id: string };
        ok(await t.admin.post('/contacts', { customerId: c.id, name: ['María Jesús Pazos', 'Mar Ortiz', 'Ñoño Alcántara', 'Marisol Peña', 'José Ángel', 'Ana', 'Marco Polo'][i], phones: [], emails: [`contacto${i}@marisolpena.es`] }), 201);
        if (i % 2 === 0) {
          const item = await makeItem(t, { code: `RVI${i}`, description: `Marisquera industrial ${i}` });
          ok(await t.admin.post('/units', { serialNumber: `RVS-${i}A`, itemId: item.id, customerId: c.id, saleDate: '2026-01-10' }), 201);
        }
      }
    }
  });
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  const queries = ['m', 'a', 'ma', 'mar', 'mari', 'maria', 'marí', 'maris', 'marisc', 'marisco', 'mariscos', 'mariscose', 'mariscosexample', 'nunez', 'Núñez', 'NÚÑ', 'jose mar', 'mar paz', 'pena', 'peña', 'martinez angel', 'angel', 'ñandu', 'alcala ortiz', 'marisquera', 'industrial', 'zz', 'ana mar', 'rvs', 'rvs 2a', 'rvs2a', 'r', 'marisol', 'marisolpena', 'pazos', 'nono', 'ñoño alca', 'marco polo', 'contacto3', 'jesus maria'];
  it.each(queries)('%s', async (q) => {
    const answers = await Promise.all(
      apps.map(async (t) => {
        const res = await t.admin.get(`/search?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
        return (res.body.items as Array<{ type: string; title: string }>).map((h) => `${h.type}:${h.title}`).sort();
      }),
    );
    expect(answers[1]).toEqual(answers[0]);
    if (!['zz', 'marisquera', 'industrial'].includes(q)) expect(answers[0]!.length, q).toBeGreaterThan(0);
  });
});
