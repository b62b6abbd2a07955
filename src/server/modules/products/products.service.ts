import { type Ctx, tx } from '../../context.ts';
import { foldText, nowIso, toBool } from '../../db/dialect.ts';
import { decodeCursor, keyset, type Page, toPage } from '../../db/pagination.ts';
import { AppError, type FieldError, fieldError, found, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { assertActiveCode, assertCodeForUpdate } from '../catalogs/catalogs.service.ts';
import { findCustomer } from '../customers/customers.service.ts';
import type { Customer } from '../customers/customers.mapper.ts';
import { dateBound, type FeedEntry, type FeedSource, unitHistory } from '../customers/feeds.ts';
import { indexDocument, matchingIds } from '../search/search.service.ts';
import { exactKey, textTokens } from '../search/search-text.ts';
import { type Contract, type Item, type ItemKind, toContract, toItem, toUnit, type Unit } from './products.mapper.ts';
import * as repo from './products.repository.ts';
import { formatIsoDate, todayIn } from '../../../shared/dates.ts';
import { coverageOn, defaultWarrantyEnd } from './warranty.ts';
import { unlessTaken } from '../../db/unique.ts';
import { unitChanged, type UnitSnapshot } from './unit-hooks.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const ITEMS = keyset('items', 'text');
const CONTRACTS = keyset('contracts', 'text');
const UNITS = keyset('units', 'id');

/** Today's calendar date where the company is (Europe/Madrid unless configured otherwise). */
export function today(ctx: Ctx): string {
  return todayIn(ctx.actor.timeZone || ctx.config.defaultTimeZone);
}

const words = (q: string | undefined) => textTokens(q).slice(0, 8);

function throwIfAny(errors: FieldError[]) {
  if (errors.length) throw new AppError('validation_failed', { errors });
}

// ---- items -------------------------------------------------------------------------------------

export type ItemInput = {
  code: string;
  description: string;
  kind: ItemKind;
  unitPriceCents?: number;
  vatRate?: number;
  warrantyMonths?: number;
  serialized?: boolean;
  unitTypeCode?: string | null;
  active?: boolean;
};

export async function getItem(ctx: Ctx, id: number): Promise<Item> {
  return found(await findItem(ctx, id));
}

export async function findItem(ctx: Ctx, id: number): Promise<Item | undefined> {
  const row = await repo.findItem(ctx.db, id);
  return row ? toItem(row) : undefined;
}

export async function listItems(ctx: Ctx, q: { q?: string; kind?: ItemKind; active?: boolean; serialized?: boolean; limit: number; cursor?: string }): Promise<Page<Item>> {
  const rows = await repo.listItems(ctx.db, { ...q, words: words(q.q), cursor: decodeCursor(q.cursor, ITEMS) });
  return toPage(rows, q.limit, ITEMS, (r) => [r.code], toItem);
}

const itemFolded = (code: string, description: string) => foldText(`${code} ${description}`);

export async function createItem(ctx: Ctx, input: ItemInput): Promise<Item> {
  return tx(ctx, async (c) => {
    if (input.unitTypeCode) await assertActiveCode(c, 'unit-types', input.unitTypeCode, 'unitTypeCode');
    if (await repo.itemByCode(c.db, input.code)) throw fieldError('code', 'code_taken');
    const now = nowIso();
    const id = await unlessTaken('code', 'code_taken', () => repo.insertItem(c.db, {
      code: input.code,
      description: input.description,
      search_folded: itemFolded(input.code, input.description),
      kind: input.kind,
      unit_price_cents: input.unitPriceCents ?? 0,
      vat_rate: input.vatRate ?? 2100,
      warranty_months: input.warrantyMonths ?? 0,
      serialized: input.serialized ?? false,
      unit_type_code: input.unitTypeCode ?? null,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    }));
    const item = await getItem(c, id);
    const { createdAt: _c, updatedAt: _u, ...fields } = item;
    await recordAudit(c, { entityType: 'item', entityId: id, action: 'create', changes: fields });
    return item;
  });
}

export async function updateItem(ctx: Ctx, id: number, input: Partial<ItemInput>): Promise<Item> {
  return tx(ctx, async (c) => {
    const before = await getItem(c, id);
    await assertCodeForUpdate(c, 'unit-types', input.unitTypeCode, before.unitTypeCode, 'unitTypeCode');
    if (input.code !== undefined && input.code !== before.code && (await repo.itemByCode(c.db, input.code))) throw fieldError('code', 'code_taken');
    if (input.serialized === false && before.serialized && (await repo.itemHasUnits(c.db, id))) throw fieldError('serialized', 'item_has_units');
    const code = input.code ?? before.code;
    const description = input.description ?? before.description;
    await unlessTaken('code', 'code_taken', () => repo.updateItem(c.db, id, {
      code: input.code,
      description: input.description,
      search_folded: itemFolded(code, description),
      kind: input.kind,
      unit_price_cents: input.unitPriceCents,
      vat_rate: input.vatRate,
      warranty_months: input.warrantyMonths,
      serialized: input.serialized,
      unit_type_code: input.unitTypeCode,
      active: input.active,
      updated_at: nowIso(),
    }));
    const after = await getItem(c, id);
    if (after.description !== before.description) {
      // Unit search results show the item description.
      for (const u of await repo.unitsOfItemForIndex(c.db, id)) {
        await indexUnit(c, { id: u.id, serialNumber: u.serial_number, customerId: u.customer_id, itemDescription: after.description, customerName: u.customer_name });
      }
    }
    const { updatedAt: _u, ...fields } = after;
    await recordAudit(c, { entityType: 'item', entityId: id, action: 'update', changes: diff(before, fields) });
    return after;
  });
}

// ---- contracts ---------------------------------------------------------------------------------

export type ContractInput = {
  code: string;
  customerId: string;
  description?: string | null;
  serviceTypeCode?: string | null;
  priorityCode?: string | null;
  startDate: string;
  endDate: string;
  active?: boolean;
};

export async function getContract(ctx: Ctx, id: number): Promise<Contract> {
  return found(await findContract(ctx, id));
}

export async function findContract(ctx: Ctx, id: number): Promise<Contract | undefined> {
  const row = await repo.findContract(ctx.db, id);
  return row ? toContract(row, today(ctx)) : undefined;
}

/** The priority codes of the customer's contracts in force today (what a new call's priority weighs). */
export function contractPrioritiesInForce(ctx: Ctx, customerId: number): Promise<string[]> {
  return repo.contractPrioritiesInForce(ctx.db, customerId, today(ctx));
}

export async function listContracts(
  ctx: Ctx,
  q: { q?: string; customerId?: number; active?: boolean; inForce?: boolean; limit: number; cursor?: string },
): Promise<Page<Contract>> {
  const day = today(ctx);
  const rows = await repo.listContracts(ctx.db, {
    words: words(q.q),
    customerId: q.customerId,
    active: q.active,
    inForceOn: q.inForce ? day : undefined,
    cursor: decodeCursor(q.cursor, CONTRACTS),
    limit: q.limit,
  });
  return toPage(rows, q.limit, CONTRACTS, (r) => [r.code], (r) => toContract(r, day));
}

const contractFolded = (code: string, description: string | null | undefined) => foldText(`${code} ${description ?? ''}`);

export async function createContract(ctx: Ctx, input: ContractInput): Promise<Contract> {
  if (input.startDate > input.endDate) throw fieldError('endDate', 'date_order');
  return tx(ctx, async (c) => {
    const customer = await findCustomer(c, Number(input.customerId));
    if (!customer) throw fieldError('customerId', 'unknown_reference');
    if (input.serviceTypeCode) await assertActiveCode(c, 'service-types', input.serviceTypeCode, 'serviceTypeCode');
    if (input.priorityCode) await assertActiveCode(c, 'priorities', input.priorityCode, 'priorityCode');
    if (await repo.contractByCode(c.db, input.code)) throw fieldError('code', 'code_taken');
    const now = nowIso();
    const id = await unlessTaken('code', 'code_taken', () => repo.insertContract(c.db, {
      code: input.code,
      customer_id: Number(input.customerId),
      description: input.description ?? null,
      search_folded: contractFolded(input.code, input.description),
      service_type_code: input.serviceTypeCode ?? null,
      priority_code: input.priorityCode ?? null,
      start_date: input.startDate,
      end_date: input.endDate,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    }));
    const contract = await getContract(c, id);
    const { createdAt: _c, updatedAt: _u, inForce: _f, customerName: _n, ...fields } = contract;
    await recordAudit(c, { entityType: 'contract', entityId: id, action: 'create', changes: fields });
    return contract;
  });
}

export async function updateContract(ctx: Ctx, id: number, input: Partial<ContractInput>): Promise<Contract> {
  return tx(ctx, async (c) => {
    const before = await getContract(c, id);
    const startDate = input.startDate ?? before.startDate;
    const endDate = input.endDate ?? before.endDate;
    if (startDate > endDate) throw fieldError(input.endDate ? 'endDate' : 'startDate', 'date_order');
    if (input.customerId !== undefined && input.customerId !== before.customerId) {
      if (!(await findCustomer(c, Number(input.customerId)))) throw fieldError('customerId', 'unknown_reference');
      if (await repo.contractHasUnitsOfOtherCustomer(c.db, id, Number(input.customerId))) throw fieldError('customerId', 'contract_has_units');
    }
    await assertCodeForUpdate(c, 'service-types', input.serviceTypeCode, before.serviceTypeCode, 'serviceTypeCode');
    await assertCodeForUpdate(c, 'priorities', input.priorityCode, before.priorityCode, 'priorityCode');
    if (input.code !== undefined && input.code !== before.code && (await repo.contractByCode(c.db, input.code))) throw fieldError('code', 'code_taken');
    await unlessTaken('code', 'code_taken', () => repo.updateContract(c.db, id, {
      code: input.code,
      customer_id: input.customerId !== undefined ? Number(input.customerId) : undefined,
      description: input.description,
      search_folded: contractFolded(input.code ?? before.code, input.description !== undefined ? input.description : before.description),
      service_type_code: input.serviceTypeCode,
      priority_code: input.priorityCode,
      start_date: input.startDate,
      end_date: input.endDate,
      active: input.active,
      updated_at: nowIso(),
    }));
    const after = await getContract(c, id);
    const { updatedAt: _u, inForce: _f, customerName: _n, ...fields } = after;
    await recordAudit(c, { entityType: 'contract', entityId: id, action: 'update', changes: diff(before, fields) });
    return after;
  });
}

// ---- units -------------------------------------------------------------------------------------

export type UnitInput = {
  serialNumber: string;
  itemId: string;
  customerId: string;
  saleDate: string;
  warrantyEnd?: string | null;
  contractId?: string | null;
  regionCode?: string | null;
  notes?: string | null;
  active?: boolean;
};

export async function getUnit(ctx: Ctx, id: number): Promise<Unit> {
  return found(await findUnit(ctx, id));
}

export async function findUnit(ctx: Ctx, id: number): Promise<Unit | undefined> {
  const row = await repo.findUnit(ctx.db, id);
  return row ? toUnit(row, today(ctx)) : undefined;
}

/**
 * A unit with its warranty and contract as they stood on `date` (incidents attach them as of their
 * received date), its item's unit type, its customer's name and region and its contract's terms: one
 * read by id or by the serial as typed (its look-up key, what resolveCaller searches by).
 */
export async function unitCoverageOn(ctx: Ctx, by: { id: number } | { serialNumber: string }, date: string) {
  const r = await repo.findIntakeUnit(ctx.db, 'id' in by ? by : { serialFolded: exactKey(by.serialNumber) });
  if (!r) return undefined;
  const contract = r.contract_row_id !== null && r.contract_start !== null && r.contract_end !== null ? { id: r.contract_row_id, active: toBool(r.contract_active), startDate: r.contract_start, endDate: r.contract_end } : null;
  const coverage = coverageOn({ warrantyEnd: r.warranty_end, contractId: r.contract_id }, contract, date);
  return {
    id: Number(r.id),
    serialNumber: r.serial_number,
    itemId: Number(r.item_id),
    customerId: Number(r.customer_id),
    regionCode: r.region_code,
    unitTypeCode: r.unit_type_code,
    customer: { name: r.customer_name, regionCode: r.customer_region_code },
    warranty: coverage.warranty,
    contract: coverage.contract,
    /** The contract's own terms (null when the unit has none). */
    contractTerms: r.contract_row_id === null ? null : { id: Number(r.contract_row_id), code: r.contract_code!, endDate: r.contract_end!, priorityCode: r.contract_priority_code, serviceTypeCode: r.contract_service_type_code },
  };
}

export async function listUnits(
  ctx: Ctx,
  q: { q?: string; customerId?: number; itemId?: number; contractId?: number; active?: boolean; underWarranty?: boolean; limit: number; cursor?: string },
): Promise<Page<Unit>> {
  const day = today(ctx);
  const rows = await repo.listUnits(ctx.db, {
    customerId: q.customerId,
    itemId: q.itemId,
    contractId: q.contractId,
    active: q.active,
    matching: q.q?.trim() ? matchingIds(ctx, q.q, 'unit') : undefined,
    underWarranty: q.underWarranty === undefined ? undefined : { on: day, value: q.underWarranty },
    cursor: decodeCursor(q.cursor, UNITS),
    limit: q.limit,
  });
  return toPage(rows, q.limit, UNITS, (r) => [r.id], (r) => toUnit(r, day));
}

async function indexUnit(ctx: Ctx, u: { id: number; serialNumber: string; customerId: number; itemDescription: string; customerName: string }) {
  await indexDocument(ctx, {
    entityType: 'unit',
    entityId: u.id,
    customerId: u.customerId,
    title: u.serialNumber,
    subtitle: [u.itemDescription, u.customerName].filter(Boolean).join(' · '),
    codes: [u.serialNumber],
  });
}

/** The serial's look-up key (`serial_folded`, what resolveCaller searches by). */
function serialKey(serial: string): string {
  const key = exactKey(serial);
  if (!key) throw fieldError('serialNumber', 'invalid_format');
  return key;
}

export async function createUnit(ctx: Ctx, input: UnitInput): Promise<Unit> {
  const serialFolded = serialKey(input.serialNumber);
  if (input.warrantyEnd && input.warrantyEnd < input.saleDate) throw fieldError('warrantyEnd', 'warranty_before_sale');
  return tx(ctx, async (c) => {
    const errors: FieldError[] = [];
    const item = await findItem(c, Number(input.itemId));
    if (!item) errors.push({ field: 'itemId', code: 'unknown_reference' });
    else if (!item.serialized) errors.push({ field: 'itemId', code: 'item_not_serialized' });
    else if (!item.active) errors.push({ field: 'itemId', code: 'inactive_reference' });
    const customer = await findCustomer(c, Number(input.customerId));
    if (!customer) errors.push({ field: 'customerId', code: 'unknown_reference' });
    else if (!customer.active) errors.push({ field: 'customerId', code: 'inactive_reference' });
    if (input.contractId) {
      const contract = await repo.findContract(c.db, Number(input.contractId));
      if (!contract) errors.push({ field: 'contractId', code: 'unknown_reference' });
      else if (String(contract.customer_id) !== input.customerId) errors.push({ field: 'contractId', code: 'contract_other_customer' });
    }
    throwIfAny(errors);
    if (input.regionCode) await assertActiveCode(c, 'regions', input.regionCode, 'regionCode');
    if (await repo.unitIdBySerialKey(c.db, serialFolded)) throw fieldError('serialNumber', 'serial_taken');
    const now = nowIso();
    const id = await unlessTaken('serialNumber', 'serial_taken', () => repo.insertUnit(c.db, {
      serial_number: input.serialNumber,
      serial_folded: serialFolded,
      item_id: Number(input.itemId),
      customer_id: Number(input.customerId),
      sale_date: input.saleDate,
      warranty_end: input.warrantyEnd !== undefined ? input.warrantyEnd : defaultWarrantyEnd(input.saleDate, item!.warrantyMonths),
      contract_id: input.contractId ? Number(input.contractId) : null,
      // A unit sits where its customer is unless told otherwise.
      region_code: input.regionCode !== undefined ? input.regionCode : customer!.regionCode,
      notes: input.notes ?? null,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    }));
    const unit = await getUnit(c, id);
    await unitChanged(c, null, unitSnapshot(unit));
    await indexUnit(c, { id, serialNumber: unit.serialNumber, customerId: Number(unit.customerId), itemDescription: unit.itemDescription, customerName: unit.customerName });
    await recordAudit(c, { entityType: 'unit', entityId: id, action: 'create', changes: auditFields(unit) });
    return unit;
  });
}

/** What the unit hooks count a unit by (unit-hooks.ts). */
function unitSnapshot(u: Unit): UnitSnapshot {
  return { id: Number(u.id), itemId: Number(u.itemId), saleDate: u.saleDate, active: u.active };
}

function auditFields(u: Unit) {
  return {
    serialNumber: u.serialNumber,
    itemId: u.itemId,
    customerId: u.customerId,
    saleDate: u.saleDate,
    warrantyEnd: u.warrantyEnd,
    contractId: u.contractId,
    regionCode: u.regionCode,
    notes: u.notes,
    active: u.active,
  };
}

export async function updateUnit(ctx: Ctx, id: number, input: Partial<UnitInput>): Promise<Unit> {
  const serialFolded = input.serialNumber !== undefined ? serialKey(input.serialNumber) : undefined;
  return tx(ctx, async (c) => {
    // Locked first: the hooks count the difference between this `before` and the row written.
    await repo.lockUnit(c.db, id);
    const before = await getUnit(c, id);
    const errors: FieldError[] = [];
    const itemId = input.itemId ?? before.itemId;
    const customerId = input.customerId ?? before.customerId;
    const contractId = input.contractId !== undefined ? input.contractId : before.contractId;
    const saleDate = input.saleDate ?? before.saleDate;
    const item = await findItem(c, Number(itemId));
    if (input.itemId !== undefined && input.itemId !== before.itemId) {
      if (!item) errors.push({ field: 'itemId', code: 'unknown_reference' });
      else if (!item.serialized) errors.push({ field: 'itemId', code: 'item_not_serialized' });
      else if (!item.active) errors.push({ field: 'itemId', code: 'inactive_reference' });
    }
    if (input.customerId !== undefined && input.customerId !== before.customerId) {
      const customer = await findCustomer(c, Number(input.customerId));
      if (!customer) errors.push({ field: 'customerId', code: 'unknown_reference' });
      else if (!customer.active) errors.push({ field: 'customerId', code: 'inactive_reference' });
    }
    if (contractId) {
      const contract = await repo.findContract(c.db, Number(contractId));
      if (!contract) errors.push({ field: 'contractId', code: 'unknown_reference' });
      else if (String(contract.customer_id) !== customerId) errors.push({ field: 'contractId', code: 'contract_other_customer' });
    }
    throwIfAny(errors);
    await assertCodeForUpdate(c, 'regions', input.regionCode, before.regionCode, 'regionCode');
    if (serialFolded !== undefined) {
      const other = await repo.unitIdBySerialKey(c.db, serialFolded);
      if (other && other.id !== id) throw fieldError('serialNumber', 'serial_taken');
    }
    // A warranty end that was the default follows a new sale date or item; one set by hand stays.
    let warrantyEnd = input.warrantyEnd;
    if (warrantyEnd === undefined && (saleDate !== before.saleDate || itemId !== before.itemId)) {
      const beforeItem = itemId === before.itemId ? item : await findItem(c, Number(before.itemId));
      const wasDefault = before.warrantyEnd === defaultWarrantyEnd(before.saleDate, beforeItem?.warrantyMonths ?? 0);
      if (wasDefault) warrantyEnd = defaultWarrantyEnd(saleDate, item?.warrantyMonths ?? 0);
    }
    const finalWarrantyEnd = warrantyEnd !== undefined ? warrantyEnd : before.warrantyEnd;
    if (finalWarrantyEnd && finalWarrantyEnd < saleDate) throw fieldError(input.warrantyEnd ? 'warrantyEnd' : 'saleDate', 'warranty_before_sale');
    await unlessTaken('serialNumber', 'serial_taken', () => repo.updateUnit(c.db, id, {
      serial_number: input.serialNumber,
      serial_folded: serialFolded,
      item_id: input.itemId !== undefined ? Number(input.itemId) : undefined,
      customer_id: input.customerId !== undefined ? Number(input.customerId) : undefined,
      sale_date: input.saleDate,
      warranty_end: warrantyEnd,
      contract_id: input.contractId !== undefined ? (input.contractId ? Number(input.contractId) : null) : undefined,
      region_code: input.regionCode,
      notes: input.notes,
      active: input.active,
      updated_at: nowIso(),
    }));
    const after = await getUnit(c, id);
    await unitChanged(c, unitSnapshot(before), unitSnapshot(after));
    await indexUnit(c, { id, serialNumber: after.serialNumber, customerId: Number(after.customerId), itemDescription: after.itemDescription, customerName: after.customerName });
    await recordAudit(c, { entityType: 'unit', entityId: id, action: 'update', changes: diff(auditFields(before), auditFields(after)) });
    return after;
  });
}

export async function readUnitHistory(ctx: Ctx, unitId: number, q: { limit: number; cursor?: string; types?: string[] }): Promise<Page<FeedEntry>> {
  if (!(await repo.findUnit(ctx.db, unitId))) throw notFound();
  return unitHistory.read(ctx, unitId, q);
}

// ---- search documents follow the customer's name ------------------------------------------------

/** The units' search documents show the customer's name: declared as `hooks.customers.changed` in the manifest. */
export async function followCustomerName(ctx: Ctx, before: Customer, after: Customer): Promise<void> {
  if (before.name === after.name) return;
  for (const u of await repo.unitsForIndex(ctx.db, Number(after.id))) {
    await indexUnit(ctx, { id: u.id, serialNumber: u.serial_number, customerId: u.customer_id, itemDescription: u.item_description, customerName: after.name });
  }
}

// ---- feeds ---------------------------------------------------------------------------------------

const atDate = (date: string) => `${date}T00:00:00.000Z`;

export const unitTimeline: FeedSource = async (ctx, customerId, opts) => {
  const rows = await repo.unitsSoldTo(ctx.db, customerId, { ...dateBound(opts.before), limit: opts.limit });
  const es = ctx.locale === 'es';
  return rows.map((r) => ({
    type: 'unit',
    id: String(r.id),
    at: atDate(r.sale_date),
    title: es ? `Venta: ${r.item_description} (n.º de serie ${r.serial_number})` : `Sold: ${r.item_description} (serial ${r.serial_number})`,
    summary: r.warranty_end ? (es ? `Garantía hasta ${formatIsoDate(r.warranty_end, 'es')}` : `Warranty until ${formatIsoDate(r.warranty_end, 'en')}`) : es ? 'Sin garantía' : 'No warranty',
    status: null,
  }));
};

export const contractTimeline: FeedSource = async (ctx, customerId, opts) => {
  const rows = await repo.contractsOfCustomer(ctx.db, customerId, { ...dateBound(opts.before), limit: opts.limit });
  const es = ctx.locale === 'es';
  return rows.map((r) => ({
    type: 'contract',
    id: String(r.id),
    at: atDate(r.start_date),
    title: `${es ? 'Contrato' : 'Contract'} ${r.code}${r.description ? `: ${r.description}` : ''}`,
    summary: `${formatIsoDate(r.start_date, ctx.locale)} – ${formatIsoDate(r.end_date, ctx.locale)}`,
    status: r.active ? (es ? 'Activo' : 'Active') : es ? 'De baja' : 'Inactive',
  }));
};

export const unitRecordHistory: FeedSource = async (ctx, unitId, opts) => {
  const row = await repo.findUnit(ctx.db, unitId);
  if (!row) return [];
  const at = atDate(row.sale_date);
  if (opts.before && !(at < opts.before)) return [];
  const es = ctx.locale === 'es';
  return [
    {
      type: 'unit',
      id: String(row.id),
      at,
      title: es ? `Venta a ${row.customer_name}` : `Sold to ${row.customer_name}`,
      summary: row.warranty_end ? (es ? `Garantía hasta ${formatIsoDate(row.warranty_end, 'es')}` : `Warranty until ${formatIsoDate(row.warranty_end, 'en')}`) : es ? 'Sin garantía' : 'No warranty',
      status: null,
    },
  ];
};
