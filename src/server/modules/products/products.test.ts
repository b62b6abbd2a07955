import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DIALECTS, type TestApp } from '../../../../test/harness.ts';
import { systemCtx } from '../../context.ts';
import { resolveCaller } from '../customers/customers.service.ts';
import { todayIn } from '../../../shared/dates.ts';
import { addMonths } from './warranty.ts';

describe.each(DIALECTS)('items, units and contracts on %s', (dialect) => {
  let t: TestApp;
  let n = 0;
  const uniq = (p: string) => `${p}${++n}`;
  const today = () => todayIn('Europe/Madrid');

  async function catalog(name: string, active = true) {
    const code = uniq('K');
    expect((await t.admin.post(`/catalogs/${name}`, { code, descriptionEs: code, descriptionEn: code })).status).toBe(201);
    if (!active) await t.admin.patch(`/catalogs/${name}/${code}`, { active: false });
    return code;
  }
  async function customer(extra: Record<string, unknown> = {}) {
    const res = await t.admin.post('/customers', { code: uniq('C'), name: uniq('Cliente '), ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }
  async function item(extra: Record<string, unknown> = {}) {
    const res = await t.admin.post('/items', { code: uniq('ART'), description: uniq('Caldera '), kind: 'product', serialized: true, warrantyMonths: 24, unitPriceCents: 125000, ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }
  async function contract(customerId: string, extra: Record<string, unknown> = {}) {
    const res = await t.admin.post('/contracts', { code: uniq('CT'), customerId, startDate: '2024-01-01', endDate: '2099-12-31', ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }
  async function unit(itemId: string, customerId: string, extra: Record<string, unknown> = {}) {
    const res = await t.admin.post('/units', { serialNumber: uniq('SN-'), itemId, customerId, saleDate: '2024-01-31', ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('creates, lists and changes items; unknown or retired unit types are refused', async () => {
    const ut = await catalog('unit-types');
    const it1 = await item({ description: 'Bomba de calor Aerotérmica', unitTypeCode: ut, vatRate: 1000 });
    expect(it1).toMatchObject({ kind: 'product', unitPriceCents: 125000, vatRate: 1000, warrantyMonths: 24, serialized: true, unitTypeCode: ut, active: true });
    expect((await t.admin.get(`/items?q=${encodeURIComponent('aerotermica bomba')}`)).body.items.map((x: any) => x.id)).toEqual([it1.id]);
    expect((await t.admin.post('/items', { code: uniq('A'), description: 'x', kind: 'gadget' })).body.errors[0].field).toBe('kind');
    expect((await t.admin.post('/items', { code: uniq('A'), description: 'x', kind: 'supply', unitPriceCents: 1.5 })).body.errors[0].field).toBe('unitPriceCents');
    expect((await t.admin.post('/items', { code: uniq('A'), description: 'x', kind: 'supply', unitTypeCode: 'NOPE' })).body.errors[0]).toMatchObject({ field: 'unitTypeCode', code: 'unknown_code' });
    expect((await t.admin.post('/items', { code: it1.code, description: 'x', kind: 'supply' })).body.errors[0]).toMatchObject({ field: 'code', code: 'code_taken' });
    expect((await t.admin.post('/items', { code: uniq('A'), description: 'x', kind: 'supply', id: '5' })).body.errors[0]).toMatchObject({ field: 'id', code: 'unknown_field' });

    // a retired unit type stays on the item that has it
    await t.admin.patch(`/catalogs/unit-types/${ut}`, { active: false });
    const kept = await t.admin.patch(`/items/${it1.id}`, { unitPriceCents: 130000, unitTypeCode: ut });
    expect(kept.status).toBe(200);
    expect(kept.body.unitPriceCents).toBe(130000);
    const other = await item();
    expect((await t.admin.patch(`/items/${other.id}`, { unitTypeCode: ut })).body.errors[0]).toMatchObject({ field: 'unitTypeCode', code: 'unknown_code' });

    const labour = await t.admin.post('/items', { code: uniq('MO'), description: 'Hora de técnico', kind: 'labour', unitPriceCents: 4500 });
    expect((await t.admin.get('/items?kind=labour')).body.items.map((x: any) => x.id)).toContain(labour.body.id);
    expect((await t.admin.delete(`/items/${labour.body.id}`)).body.active).toBe(false);
  });

  it('defaults the warranty end from the sale date and item months, end of month included', async () => {
    const c = await customer();
    const oneMonth = await item({ warrantyMonths: 1 });
    const u = await unit(oneMonth.id, c.id, { saleDate: '2024-01-31' });
    expect(u.warrantyEnd).toBe('2024-02-29');
    expect(u.warranty).toEqual({ underWarranty: false, until: '2024-02-29' });
    expect(u.contract).toEqual({ underContract: false, contractId: null, until: null });
    expect(u).toMatchObject({ itemId: oneMonth.id, itemDescription: oneMonth.description, customerId: c.id, customerName: c.name });

    const fresh = await unit((await item({ warrantyMonths: 24 })).id, c.id, { saleDate: today() });
    expect(fresh.warrantyEnd).toBe(addMonths(today(), 24));
    expect(fresh.warranty.underWarranty).toBe(true);

    const noWarranty = await unit((await item({ warrantyMonths: 0 })).id, c.id, { saleDate: today() });
    expect(noWarranty.warranty).toEqual({ underWarranty: false, until: null });

    const manual = await unit(oneMonth.id, c.id, { saleDate: '2024-01-31', warrantyEnd: today() });
    expect(manual.warranty).toEqual({ underWarranty: true, until: today() });

    const before = await t.admin.post('/units', { serialNumber: uniq('SN'), itemId: oneMonth.id, customerId: c.id, saleDate: '2024-05-01', warrantyEnd: '2024-04-30' });
    expect(before.body.errors[0]).toMatchObject({ field: 'warrantyEnd', code: 'warranty_before_sale' });

    // a defaulted end follows a new sale date; a hand-set one stays
    const moved = await t.admin.patch(`/units/${u.id}`, { saleDate: '2024-03-31' });
    expect(moved.body.warrantyEnd).toBe('2024-04-30');
    const movedManual = await t.admin.patch(`/units/${manual.id}`, { saleDate: '2024-02-01' });
    expect(movedManual.body.warrantyEnd).toBe(today());

    const underW = await t.admin.get(`/units?customerId=${c.id}&underWarranty=true`);
    expect(underW.body.items.map((x: any) => x.id).sort()).toEqual([fresh.id, manual.id].sort());
    const outW = await t.admin.get(`/units?customerId=${c.id}&underWarranty=false`);
    expect(outW.body.items.map((x: any) => x.id).sort()).toEqual([u.id, noWarranty.id].sort());
  });

  it('refuses units of non-serialized items, unknown customers and duplicate serials however typed', async () => {
    const c = await customer();
    const plain = await item({ serialized: false });
    const res = await t.admin.post('/units', { serialNumber: uniq('X'), itemId: plain.id, customerId: c.id, saleDate: '2024-01-01' });
    expect(res.body.errors[0]).toMatchObject({ field: 'itemId', code: 'item_not_serialized' });
    const ser = await item();
    expect((await t.admin.post('/units', { serialNumber: uniq('X'), itemId: ser.id, customerId: '999999', saleDate: '2024-01-01' })).body.errors[0]).toMatchObject({
      field: 'customerId',
      code: 'unknown_reference',
    });
    const serial = `AB-${uniq('')}-77`;
    await unit(ser.id, c.id, { serialNumber: serial });
    const dup = await t.admin.post('/units', { serialNumber: serial.toLowerCase().replace(/-/g, ' '), itemId: ser.id, customerId: c.id, saleDate: '2024-01-01' });
    expect(dup.body.errors[0]).toMatchObject({ field: 'serialNumber', code: 'serial_taken' });
    expect((await t.admin.post('/units', { serialNumber: '---', itemId: ser.id, customerId: c.id, saleDate: '2024-01-01' })).body.errors[0].field).toBe('serialNumber');
    expect((await t.admin.post('/units', { serialNumber: uniq('S'), itemId: ser.id, customerId: c.id, saleDate: '2024-02-30' })).body.errors[0]).toMatchObject({ field: 'saleDate' });
    // an item with units cannot stop being serialized
    expect((await t.admin.patch(`/items/${ser.id}`, { serialized: false })).body.errors[0]).toMatchObject({ field: 'serialized', code: 'item_has_units' });
  });

  it('applies contract rules: dates in order, same customer, coverage by period and active flag', async () => {
    const st = await catalog('service-types');
    const pr = await catalog('priorities');
    const c = await customer();
    const other = await customer();
    const bad = await t.admin.post('/contracts', { code: uniq('CT'), customerId: c.id, startDate: '2025-01-01', endDate: '2024-12-31' });
    expect(bad.body.errors[0]).toMatchObject({ field: 'endDate', code: 'date_order' });
    expect((await t.admin.post('/contracts', { code: uniq('CT'), customerId: c.id, startDate: '2025-01-01', endDate: '2025-12-31', serviceTypeCode: 'NOPE' })).body.errors[0]).toMatchObject({
      field: 'serviceTypeCode',
      code: 'unknown_code',
    });

    const k = await contract(c.id, { serviceTypeCode: st, priorityCode: pr, description: 'Mantenimiento preventivo' });
    expect(k).toMatchObject({ customerId: c.id, customerName: c.name, serviceTypeCode: st, priorityCode: pr, active: true, inForce: true });
    const expired = await contract(c.id, { startDate: '2020-01-01', endDate: '2020-12-31' });
    expect(expired.inForce).toBe(false);
    const otherK = await contract(other.id);

    const it1 = await item({ warrantyMonths: 0 });
    const covered = await unit(it1.id, c.id, { contractId: k.id });
    expect(covered.contract).toEqual({ underContract: true, contractId: k.id, until: '2099-12-31' });
    expect(covered.contractCode).toBe(k.code);
    const old = await unit(it1.id, c.id, { contractId: expired.id });
    expect(old.contract).toEqual({ underContract: false, contractId: expired.id, until: '2020-12-31' });

    const wrong = await t.admin.post('/units', { serialNumber: uniq('S'), itemId: it1.id, customerId: c.id, saleDate: '2024-01-01', contractId: otherK.id });
    expect(wrong.body.errors[0]).toMatchObject({ field: 'contractId', code: 'contract_other_customer' });
    // moving the unit to another customer while it keeps this customer's contract is refused
    expect((await t.admin.patch(`/units/${covered.id}`, { customerId: other.id })).body.errors[0]).toMatchObject({ field: 'contractId', code: 'contract_other_customer' });
    // and so is moving the contract away from the units it covers
    expect((await t.admin.patch(`/contracts/${k.id}`, { customerId: other.id })).body.errors[0]).toMatchObject({ field: 'customerId', code: 'contract_has_units' });
    expect((await t.admin.patch(`/contracts/${k.id}`, { startDate: '2100-01-01' })).body.errors[0]).toMatchObject({ field: 'startDate', code: 'date_order' });

    const inactive = await t.admin.patch(`/contracts/${k.id}`, { active: false });
    expect(inactive.body.inForce).toBe(false);
    expect((await t.admin.get(`/units/${covered.id}`)).body.contract.underContract).toBe(false);
    await t.admin.patch(`/contracts/${k.id}`, { active: true });

    const units = await t.admin.get(`/contracts/${k.id}/units`);
    expect(units.body.items.map((x: any) => x.id)).toEqual([covered.id]);
    expect((await t.admin.get(`/units?contractId=${expired.id}`)).body.items.map((x: any) => x.id)).toEqual([old.id]);
    const inForce = await t.admin.get(`/contracts?customerId=${c.id}&inForce=true`);
    expect(inForce.body.items.map((x: any) => x.id)).toEqual([k.id]);
    expect((await t.admin.get(`/contracts?q=${encodeURIComponent('mantenimiento PREVENTIVO')}`)).body.items.map((x: any) => x.id)).toEqual([k.id]);

    // a retired priority stays on the contract that has it
    await t.admin.patch(`/catalogs/priorities/${pr}`, { active: false });
    expect((await t.admin.patch(`/contracts/${k.id}`, { priorityCode: pr, description: 'Renovado' })).status).toBe(200);
    expect((await t.admin.post('/contracts', { code: uniq('CT'), customerId: c.id, startDate: '2025-01-01', endDate: '2025-12-31', priorityCode: pr })).status).toBe(400);
  });

  it('finds units by serial typed another way, and follows the customer name in search', async () => {
    const c = await customer({ name: 'Panadería Gómez' });
    const it1 = await item({ description: 'Horno de convección' });
    const serial = `HC-${uniq('')}-2024`;
    const u = await unit(it1.id, c.id, { serialNumber: serial });
    const q = serial.toLowerCase().replace(/-/g, '');
    const hit = await t.admin.get(`/search?q=${q}`);
    expect(hit.body.items[0]).toMatchObject({ type: 'unit', id: u.id, customerId: c.id, title: serial, subtitle: 'Horno de convección · Panadería Gómez' });
    expect((await t.admin.get(`/units?q=${encodeURIComponent(serial)}`)).body.items.map((x: any) => x.id)).toEqual([u.id]);
    const ctx = systemCtx(t.database, t.config);
    expect(await resolveCaller(ctx, { serialNumber: q })).toEqual({ customerId: Number(c.id), contactId: null, unitId: Number(u.id) });
    const k = await customer({ taxId: 'K1234567L', phones: ['+34 976 11 22 33'] });
    expect(await resolveCaller(ctx, { taxId: 'k-1234567-l' })).toEqual({ customerId: Number(k.id), contactId: null, unitId: null });
    expect(await resolveCaller(ctx, { phone: '976-112-233' })).toEqual({ customerId: Number(k.id), contactId: null, unitId: null });
    await t.admin.patch(`/customers/${c.id}`, { name: 'Panadería Gómez e Hijos' });
    const again = await t.admin.get(`/search?q=${q}`);
    expect(again.body.items[0].subtitle).toBe('Horno de convección · Panadería Gómez e Hijos');
    await t.admin.patch(`/items/${it1.id}`, { description: 'Horno mixto' });
    expect((await t.admin.get(`/search?q=${q}`)).body.items[0].subtitle).toBe('Horno mixto · Panadería Gómez e Hijos');
  });

  it('pages units with a stable keyset and rejects a bad cursor', async () => {
    const c = await customer();
    const it1 = await item();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await unit(it1.id, c.id)).id);
    const p1 = await t.admin.get(`/units?itemId=${it1.id}&limit=2`);
    expect(p1.body.items.map((x: any) => x.id)).toEqual([ids[4], ids[3]]);
    await unit(it1.id, c.id); // newer: must not shift the next page
    const p2 = await t.admin.get(`/units?itemId=${it1.id}&limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items.map((x: any) => x.id)).toEqual([ids[2], ids[1]]);
    const p3 = await t.admin.get(`/units?itemId=${it1.id}&limit=2&cursor=${p2.body.nextCursor}`);
    expect(p3.body.items.map((x: any) => x.id)).toEqual([ids[0]]);
    expect(p3.body.nextCursor).toBeNull();
    expect((await t.admin.get('/units?cursor=xyz')).status).toBe(400);
  });

  it('shows units and contracts on the customer timeline, ties included, and the sale in the unit history', async () => {
    const c = await customer();
    const it1 = await item({ description: 'Compresor' });
    const same = [];
    for (let i = 0; i < 3; i++) same.push((await unit(it1.id, c.id, { saleDate: '2024-05-10' })).id);
    const older = await unit(it1.id, c.id, { saleDate: '2023-01-15' });
    const k = await contract(c.id, { startDate: '2024-06-01', endDate: '2025-05-31', description: 'Oro' });

    const all = await t.admin.get(`/customers/${c.id}/timeline?limit=50`);
    expect(all.body.items.map((e: any) => `${e.type}:${e.id}`)).toEqual([`contract:${k.id}`, ...[...same].reverse().map((id) => `unit:${id}`), `unit:${older.id}`]);
    expect(all.body.items[1]).toMatchObject({ at: '2024-05-10T00:00:00.000Z', title: expect.stringContaining('Compresor') });

    // pages of 2 cut through the three units sold the same day: none lost, none repeated
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/customers/${c.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = await t.admin.get(url);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: any) => `${e.type}:${e.id}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e: any) => `${e.type}:${e.id}`));

    const onlyContracts = await t.admin.get(`/customers/${c.id}/timeline?types=contract`);
    expect(onlyContracts.body.items.map((e: any) => e.type)).toEqual(['contract']);
    const en = await t.admin.get(`/customers/${c.id}/timeline?types=unit&limit=1`, { 'accept-language': 'en' });
    expect(en.body.items[0].title).toMatch(/^Sold: Compresor/);

    const history = await t.admin.get(`/units/${older.id}/history`);
    expect(history.body.items).toEqual([expect.objectContaining({ type: 'unit', id: older.id, at: '2023-01-15T00:00:00.000Z', title: `Venta a ${c.name}` })]);
    expect((await t.admin.get('/units/999999/history')).status).toBe(404);
    expect((await t.admin.get('/customers/999999/timeline')).status).toBe(404);
  });

  it('audits creates and changes, refuses server stamps, and checks access', async () => {
    const c = await customer();
    const it1 = await item();
    const u = await unit(it1.id, c.id);
    await t.admin.patch(`/units/${u.id}`, { notes: 'Instalada en cocina' });
    const audit = await t.admin.get(`/audit?entityType=unit&entityId=${u.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['update', 'create']);
    expect(audit.body.items[0].changes).toEqual({ notes: { from: null, to: 'Instalada en cocina' } });
    expect((await t.admin.get(`/audit?entityType=item&entityId=${it1.id}`)).body.items).toHaveLength(1);

    expect((await t.admin.patch(`/units/${u.id}`, { createdAt: '2020-01-01T00:00:00Z' })).body.errors[0]).toMatchObject({ field: 'createdAt', code: 'unknown_field' });
    expect((await t.admin.post('/contracts', { code: uniq('CT'), customerId: c.id, startDate: '2024-01-01', endDate: '2024-12-31', inForce: true })).body.errors[0]).toMatchObject({
      field: 'inForce',
      code: 'unknown_field',
    });

    expect((await t.anonymous.get('/units')).status).toBe(401);
    expect((await t.anonymous.get('/items')).status).toBe(401);
    const { agent } = await t.userWithRole('readonly');
    expect((await agent.post('/items', { code: uniq('A'), description: 'x', kind: 'product' })).status).toBe(403);
    expect((await agent.post('/units', { serialNumber: uniq('S'), itemId: it1.id, customerId: c.id, saleDate: '2024-01-01' })).status).toBe(403);
    expect((await agent.patch(`/contracts/999`, { active: false })).status).toBe(403);
    expect((await agent.get(`/units/${u.id}`)).status).toBe(200);
    expect((await t.admin.get('/units/999999')).status).toBe(404);
  });
});
