/**
 * Two app servers as separate processes on one PostgreSQL database, issuing at once: the invoice
 * numbers stay gapless and the VERI*FACTU chain never forks (no two records share a previous link).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { type ServerProcess, startServer, stopServer } from '../../../../test/processes.ts';
import { COMPANY, seedBillingCatalogs } from './billing.fixtures.ts';

async function login(base: string) {
  const r = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const cookie = String(r.headers.get('set-cookie')).split(';')[0];
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  /**
   * A POST under an Idempotency-Key, sent again like a real client when the server answers 503 (on a
   * loaded machine a request can wait past the pool's 5 s for a connection): the retry cannot issue
   * twice, and a 503 must leave no gap in the numbers, which the test checks.
   */
  return async (p: string, body: unknown, key: string) => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'idempotency-key': key }, body: JSON.stringify(body) });
      if (res.status !== 503 || attempt === 5) return res;
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  };
}

describe.runIf(DIALECTS.includes('postgres'))('two app servers (separate processes) on one PostgreSQL', () => {
  let t: TestApp;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    t = await createTestApp('postgres');
    await seedBillingCatalogs(t.admin);
    await t.admin.put('/billing/company', COMPANY);
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await stopServer(s);
    await t.close();
  });

  it('issue 32 invoices at once without a gap in the numbers or a fork in the chain', async () => {
    const url = (t.config.database as { url: string }).url;
    const [a, b] = await Promise.all([startServer({ databaseUrl: url }), startServer({ databaseUrl: url })]);
    servers.push(a, b);
    const customerId = (await t.admin.post('/customers', { code: 'PROC', name: 'Dos Servidores, S.L.', taxId: 'A28015865' })).body.id;
    const posts = await Promise.all([login(`${a.baseUrl}/api/v1`), login(`${b.baseUrl}/api/v1`)]);
    const statuses = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        posts[i % 2]('/invoices', { customerId, lines: [{ description: `Servicio ${i}`, quantityMilli: 1000, unitPriceCents: 1000 + i, vatRateBp: 2100 }] }, `factura-${i}`).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(32).fill(201));
    const seqs = (await sql<{ seq: number }>`select seq from invoices order by seq`.execute(t.database.db)).rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    const links = (await sql<{ n: number; distinct_prev: number }>`select count(*) as n, count(distinct previous_fingerprint) as distinct_prev from verifactu_records`.execute(t.database.db)).rows[0]!;
    expect(Number(links.n)).toBe(32);
    expect(Number(links.distinct_prev)).toBe(32);
    const v = await t.admin.post('/verifactu/verify', {});
    expect(v.body.records).toMatchObject({ ok: true, checked: 32 });
  }, 180_000);
});
