/**
 * The root-cause report's free-supplies and units-in-service summaries kept on write, on both
 * engines: after supply lines added (some at once, one near midnight in Madrid), changed and
 * removed, case-type changes of incidents with lines, units created (some at once), moved to another
 * item or sale month, deactivated and reactivated, the root-cause report from the summaries equals
 * the one read from the source rows (`source: 'raw'`) for whole months, edge days and a period ending
 * mid-month; and `reports rebuild` recomputes exactly the rows the writes kept.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, DIALECTS, ok, type Response, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import type { Ctx } from '../../context.ts';
import { incidentCatalogs, makeCustomer, makeItem } from '../incidents/incidents.fixtures.ts';
import { runReport } from './reports.service.ts';
import { rebuildFreeSupplies, rebuildUnitsInService } from './root-summaries.service.ts';

describe.each(DIALECTS)('root-cause summaries on %s', (dialect) => {
  let t: TestApp;
  let ctx: Ctx;

  const at = (iso: string) => vi.setSystemTime(new Date(iso));

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await incidentCatalogs(t);
    ctx = { ...systemCtx(t.database, t.config), actor: { userId: Number(t.adminId), username: 'admin', name: 'Admin', role: 'admin', language: 'es', timeZone: 'Europe/Madrid', via: 'system' } as Ctx['actor'] };
    const customerId = (await makeCustomer(t)).id;
    const printer = (await makeItem(t, { code: 'RS-IMP' })).id;
    const screen = (await makeItem(t, { code: 'RS-MON' })).id;
    const toner = (await makeItem(t, { code: 'RS-TON', unitPriceCents: 2499 })).id;
    const fuser = (await makeItem(t, { code: 'RS-FUS', unitPriceCents: 1000 })).id;

    // Units: sold over months, some at once; one moved to another item, one to another month, one
    // deactivated and one deactivated and back.
    const unit = async (itemId: string, saleDate: string) => ok(await t.admin.post('/units', { serialNumber: `RS-${Math.random().toString(36).slice(2, 10)}`, itemId, customerId, saleDate }), 201).id as string;
    const units: string[] = [];
    for (const [itemId, sale] of [[printer, '2025-11-20'], [printer, '2026-01-05'], [printer, '2026-03-02'], [printer, '2026-03-20'], [screen, '2026-02-10'], [screen, '2026-03-31'], [screen, '2026-04-02']] as const) units.push(await unit(itemId, sale));
    const together = await Promise.all([0, 1, 2].map(() => t.admin.post('/units', { serialNumber: `RS-C-${Math.random().toString(36).slice(2, 10)}`, itemId: printer, customerId, saleDate: '2026-03-10' })));
    for (const r of together) units.push(ok(r, 201).id);
    ok(await t.admin.patch(`/units/${units[1]}`, { itemId: screen }));
    ok(await t.admin.patch(`/units/${units[4]}`, { saleDate: '2026-03-12' }));
    ok(await t.admin.delete(`/units/${units[2]}`));
    ok(await t.admin.patch(`/units/${units[3]}`, { active: false }));
    ok(await t.admin.patch(`/units/${units[3]}`, { active: true }));
    // Two writers of one unit at once: it is deactivated once.
    await Promise.all([t.admin.delete(`/units/${units[7]}`), t.admin.delete(`/units/${units[7]}`)]).then((rs) => rs.forEach((r) => expect(r.status, r.text).toBe(200)));

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const incidents: string[] = [];
      for (const [k, caseType] of (['warranty', 'courtesy', 'billable', 'warranty', 'courtesy'] as const).entries()) {
        at(`2026-02-${String(20 + k).padStart(2, '0')}T10:00:00Z`);
        incidents.push(ok(await t.admin.post('/incidents', { customerId, symptom: `Suministros ${k}`, caseType, itemId: printer }), 201).id);
      }
      const add = async (k: number, itemId: string, quantity: string | number, when: string) => {
        at(when);
        return ok(await t.admin.post(`/incidents/${incidents[k]}/supplies`, { itemId, quantity }), 201).id as string;
      };
      await add(0, toner, 1, '2026-02-27T11:00:00Z');
      const l1 = await add(0, toner, '1.5', '2026-03-02T11:00:00Z');
      await add(1, fuser, 2, '2026-03-05T11:00:00Z');
      await add(2, toner, 1, '2026-03-06T11:00:00Z'); // billable: not counted until it becomes courtesy
      const l4 = await add(3, fuser, '0.333', '2026-03-15T12:00:00Z');
      await add(4, toner, 3, '2026-03-31T22:30:00Z'); // 00:30 on 1 April in Madrid
      await add(0, fuser, 1, '2026-03-31T21:30:00Z'); // 23:30 on 31 March in Madrid
      // Lines of several incidents at once, same item and day.
      at('2026-03-18T09:00:00Z');
      await Promise.all([0, 1, 3].map((k) => t.admin.post(`/incidents/${incidents[k]}/supplies`, { itemId: toner, quantity: 1 }))).then((rs) => rs.forEach((r) => expect(r.status, r.text).toBe(201)));
      at('2026-03-20T09:00:00Z');
      ok(await t.admin.patch(`/incidents/${incidents[0]}/supplies/${l1}`, { quantity: '2.25' }));
      ok(await t.admin.delete(`/incidents/${incidents[3]}/supplies/${l4}`), 204);
      ok(await t.admin.patch(`/incidents/${incidents[2]}`, { caseType: 'courtesy' }));
      ok(await t.admin.patch(`/incidents/${incidents[1]}`, { caseType: 'billable' }));
      ok(await t.admin.patch(`/incidents/${incidents[4]}`, { caseType: 'warranty' }));
    } finally {
      vi.useRealTimers();
    }
  });
  afterAll(() => t.close());

  const strip = (r: Record<string, unknown>) => {
    const { generatedAt: _g, ...rest } = r;
    return rest;
  };
  const same = async (from: string, to: string) => {
    const summary = strip(await runReport(ctx, 'root-causes', { from, to }));
    const raw = strip(await runReport(ctx, 'root-causes', { from, to }, { source: 'raw' }));
    expect(summary, `${from}…${to}`).toEqual(raw);
    return raw as { figures: Array<{ key: string; value: number | null }>; tables: Array<{ id: string; rows: Array<Record<string, unknown>> }> };
  };
  const supplyRows = async () =>
    (await t.database.db.selectFrom('report_free_supplies').selectAll().orderBy('grain').orderBy('period').orderBy('item_id').orderBy('case_type').execute())
      .filter((r) => Number(r.lines) !== 0 || Number(r.cost) !== 0)
      .map((r) => ({ ...r, item_id: Number(r.item_id), lines: Number(r.lines), cost: Number(r.cost) }));
  const unitRows = async () =>
    (await t.database.db.selectFrom('report_units_in_service').selectAll().orderBy('item_id').orderBy('month').execute()).filter((r) => Number(r.n) !== 0).map((r) => ({ ...r, item_id: Number(r.item_id), n: Number(r.n) }));

  it('the summaries answer the root-cause report exactly as the source rows do: whole months, edge days, a period ending mid-month', async () => {
    const march = await same('2026-03-01', '2026-03-31');
    // Warranty: incident 0 (toner 2.25 × 24.99 = 56.23, fuser 10.00, toner 24.99), incident 3 (toner 24.99),
    // incident 4 (now warranty, its line in April); courtesy: incident 2 (toner 24.99); incident 1 now billable.
    expect(march.figures.find((f) => f.key === 'freeSuppliesCost')!.value).toBe(5623 + 1000 + 2499 + 2499 + 2499);
    await same('2026-02-15', '2026-04-30');
    await same('2026-03-02', '2026-03-18');
    await same('2026-01-01', '2026-12-31');
    // The incidents (all on printers, February) against the printers in service on 15 March: sold by then
    // and active — 2025-11-20, 2026-03-10 ×3 with one deactivated (2026-01-05 moved to screens, 2026-03-02
    // deactivated, 2026-03-20 later) = 3.
    const mid = await same('2026-02-01', '2026-03-15');
    const byItem = mid.tables.find((x) => x.id === 'byItem')!.rows;
    expect(byItem.map((r) => r.unitsInService)).toEqual([3]);
  });

  it('rebuild recomputes exactly the rows the writes kept; a summary changed behind the report shows until then', async () => {
    const supplies = await supplyRows();
    const units = await unitRows();
    expect(supplies.length).toBeGreaterThan(0);
    expect(units.length).toBeGreaterThan(0);
    await t.database.db.updateTable('report_free_supplies').set({ cost: 1 }).where('grain', '=', 'm').execute();
    await t.database.db.updateTable('report_units_in_service').set({ n: 50 }).execute();
    const skewed = strip(await runReport(ctx, 'root-causes', { from: '2026-03-01', to: '2026-03-31' }));
    const raw = strip(await runReport(ctx, 'root-causes', { from: '2026-03-01', to: '2026-03-31' }, { source: 'raw' }));
    expect(skewed).not.toEqual(raw);
    expect((await rebuildFreeSupplies(ctx, { batch: 2 })).lines).toBeGreaterThan(0);
    await rebuildUnitsInService(ctx);
    expect(await supplyRows()).toEqual(supplies);
    expect(await unitRows()).toEqual(units);
    await same('2026-03-01', '2026-03-31');
    await same('2026-02-15', '2026-04-30');
  });
});
