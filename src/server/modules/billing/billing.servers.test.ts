/**
 * Two app servers as separate processes on one PostgreSQL database, issuing at once: the invoice
 * numbers stay gapless and the VERI*FACTU chain never forks (no two records share a previous link).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { COMPANY, seedBillingCatalogs } from './billing.fixtures.ts';

const root = path.resolve(import.meta.dirname, '../../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(databaseUrl: string): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [path.join(root, 'bin/atiende.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: os.tmpdir(), ATIENDE_WORKERS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { proc, url: `http://127.0.0.1:${port}/api/v1` };
}

async function login(base: string) {
  const r = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const cookie = String(r.headers.get('set-cookie')).split(';')[0];
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return (p: string, body: unknown) =>
    fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
}

describe.runIf(DIALECTS.includes('postgres'))('two app servers (separate processes) on one PostgreSQL', () => {
  let t: TestApp;
  const servers: ChildProcess[] = [];
  beforeAll(async () => {
    t = await createTestApp('postgres');
    await seedBillingCatalogs(t.admin);
    await t.admin.put('/billing/company', COMPANY);
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await t.close();
  });

  it('issue 32 invoices at once without a gap in the numbers or a fork in the chain', async () => {
    const url = (t.config.database as { url: string }).url;
    const [a, b] = await Promise.all([startServer(url), startServer(url)]);
    servers.push(a.proc, b.proc);
    const customerId = (await t.admin.post('/customers', { code: 'PROC', name: 'Dos Servidores, S.L.', taxId: 'A28015865' })).body.id;
    const posts = await Promise.all([login(a.url), login(b.url)]);
    const statuses = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        posts[i % 2]('/invoices', { customerId, lines: [{ description: `Servicio ${i}`, quantityMilli: 1000, unitPriceCents: 1000 + i, vatRateBp: 2100 }] }).then((r) => r.status),
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
