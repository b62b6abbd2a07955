/** A chain of 1,000 records built by issuing invoices, verified by recomputation, from the database and from its XML export. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx, tx } from '../../context.ts';
import { startJobs } from '../../jobs.ts';
import { billingArea } from './index.ts';
import { COMPANY, seedBillingCatalogs } from './billing.fixtures.ts';
import { createInvoice, voidInvoice } from './billing.service.ts';
import { parseRecordsXml } from './verifactu-xml.ts';
import { verifyChain } from './verifactu.rules.ts';
import { exportXml, verifyChains } from './verifactu.service.ts';
import { aeatSchemaErrors } from './xsd/validate-xsd.ts';

describe.each(DIALECTS)('a chain of 1,000 records on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBillingCatalogs(t.admin);
    await t.admin.put('/billing/company', COMPANY);
  });
  afterAll(() => t.close());

  it('recomputes every fingerprint and link, and names the one changed by hand', async () => {
    const ctx = systemCtx(t.database, t.config);
    const customerId = (await t.admin.post('/customers', { code: 'MIL', name: 'Mil Facturas, S.L.', taxId: 'A28015865' })).body.id;
    // Fifty invoices per transaction (one commit, one disk flush): every record is still its own link.
    for (let batch = 0; batch < 995; batch += 50) {
      await tx(ctx, async (c) => {
        for (let i = batch; i < Math.min(995, batch + 50); i++) {
          const inv = await createInvoice(c, { customerId, lines: [{ description: `Servicio ${i}`, quantityMilli: 1000 + i, unitPriceCents: 1234, vatRateBp: i % 3 ? 2100 : 1000 }] });
          if (i % 200 === 7) await voidInvoice(c, Number(inv.id), 'prueba');
        }
      });
    }
    const n = Number((await sql<{ n: number }>`select count(*) as n from verifactu_records`.execute(t.database.db)).rows[0]!.n);
    expect(n).toBe(1000);

    const check = await verifyChains(ctx);
    expect(check.records).toMatchObject({ ok: true, checked: 1000, firstBreak: null });
    expect(check.events.ok).toBe(true);

    const xml = await exportXml(ctx);
    expect(await aeatSchemaErrors(xml)).toEqual([]); // the AEAT's schemas, at the 1,000 records one document may hold
    const fromXml = parseRecordsXml(xml);
    expect(fromXml).toHaveLength(1000);
    expect(fromXml.filter((r) => r.kind === 'anulacion')).toHaveLength(5);
    expect(verifyChain(fromXml)).toMatchObject({ ok: true, checked: 1000 });

    await sql`update verifactu_records set fecha_expedicion = '01-01-2020' where seq = 777`.execute(t.database.db);
    const broken = await verifyChains(ctx);
    expect(broken.records.firstBreak).toMatchObject({ seq: 777, position: 776, reason: 'fingerprint_mismatch' });
    // The command line names it too (exit code 1).
    const url = dialect === 'sqlite' ? `sqlite:${(t.config.database as { file: string }).file}` : (t.config.database as { url: string }).url;
    let out = '';
    let code = 0;
    try {
      out = execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../../../bin/atiende.js'), 'verifactu', 'verify'], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
    } catch (e) {
      const err = e as { status: number; stdout: string };
      code = err.status;
      out = err.stdout;
    }
    expect(code).toBe(1);
    expect(out).toMatch(/records: BROKEN at #777 \(F\d{4}-\d{6}\)/);
    // Deleting the record instead breaks the link of the next one.
    await sql`delete from verifactu_records where seq = 777`.execute(t.database.db);
    expect((await verifyChains(ctx)).records.firstBreak).toMatchObject({ seq: 778, reason: 'link_mismatch' });
  }, 600_000);

  it('logs the billing system starting and stopping once per process start, chained with the other events', async () => {
    const events = async () => (await t.admin.get('/verifactu/events?limit=200')).body.items as Array<{ seq: number; eventType: string; detail: Record<string, unknown> }>;
    const since = Math.max(0, ...(await events()).map((e) => e.seq));
    const fresh = async () => (await events()).filter((e) => e.seq > since).map((e) => e.eventType).reverse();
    const runner = startJobs(billingArea.jobs!, t.database, t.config, t.app.log);
    await runner.started;
    // Requests in between are not starts.
    for (let i = 0; i < 3; i++) expect((await t.admin.get('/verifactu/state')).status).toBe(200);
    expect(await fresh()).toEqual(['01']);
    expect((await events())[0].detail).toMatchObject({ pid: process.pid, version: expect.any(String) });
    await Promise.all([runner.stop(), runner.stop()]);
    expect(await fresh()).toEqual(['01', '02']);
    // The event chain still verifies (the records chain was tampered with above on purpose).
    expect((await verifyChains(systemCtx(t.database, t.config))).events).toMatchObject({ ok: true, firstBreak: null });
  });
});
