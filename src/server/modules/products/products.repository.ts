import { type Insertable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { type DialectName, dialectOf, ilike, lockRows } from '../../db/dialect.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import { type Params, precompiled } from '../../db/precompiled.ts';
import type { DB } from '../../db/schema.ts';
import type { ContractsTable, ItemsTable, UnitsTable } from './products.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';
import { whereGiven } from '../../db/filters.ts';

type Matching = SelectQueryBuilder<DB, any, { entity_id: number }>;

/** Every folded word must appear in the folded column (small tables: items, contracts). */
function containsAll<QB extends SelectQueryBuilder<DB, any, any>>(qb: QB, dialect: DialectName, column: string, words: string[]): QB {
  let q = qb;
  for (const w of words) q = q.where(sql.ref(column), ilike(dialect), `%${w.replace(/[%_\\]/g, '')}%`) as QB;
  return q;
}

// ---- items -------------------------------------------------------------------------------------

export function findItem(db: Queryable, id: number) {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
}

export function itemByCode(db: Queryable, code: string) {
  return db.selectFrom('items').select('id').where('code', '=', code).executeTakeFirst();
}

export const insertItem = (db: Queryable, row: Insertable<ItemsTable & { search_folded: string }>): Promise<number> => insertReturningId(db, 'items', row);

export const updateItem = (db: Queryable, id: number, row: Updateable<ItemsTable & { search_folded: string }>) => updateById(db, 'items', id, row);

export function listItems(
  db: Queryable,
  q: { words: string[]; kind?: string; active?: boolean; serialized?: boolean; cursor?: CursorValue[]; limit: number },
) {
  const dialect = dialectOf(db);
  let qb = db.selectFrom('items').selectAll();
  if (q.kind) qb = qb.where('kind', '=', q.kind);
  if (q.active !== undefined) qb = qb.where('active', '=', q.active);
  if (q.serialized !== undefined) qb = qb.where('serialized', '=', q.serialized);
  qb = containsAll(qb, dialect, 'search_folded', q.words);
  return applyKeyset(qb, { columns: ['code'], direction: 'asc', cursor: q.cursor, limit: q.limit }).execute();
}

export async function itemHasUnits(db: Queryable, itemId: number) {
  return Boolean(await db.selectFrom('units').select('id').where('item_id', '=', itemId).limit(1).executeTakeFirst());
}

// ---- contracts ---------------------------------------------------------------------------------

const contractColumns = [
  'k.id',
  'k.code',
  'k.customer_id',
  'k.description',
  'k.service_type_code',
  'k.priority_code',
  'k.start_date',
  'k.end_date',
  'k.active',
  'k.created_at',
  'k.updated_at',
  'c.name as customer_name',
] as const;

export function findContract(db: Queryable, id: number) {
  return db.selectFrom('contracts as k').innerJoin('customers as c', 'c.id', 'k.customer_id').select(contractColumns).where('k.id', '=', id).executeTakeFirst();
}

export function contractByCode(db: Queryable, code: string) {
  return db.selectFrom('contracts').select('id').where('code', '=', code).executeTakeFirst();
}

export const insertContract = (db: Queryable, row: Insertable<ContractsTable & { search_folded: string }>): Promise<number> => insertReturningId(db, 'contracts', row);

export const updateContract = (db: Queryable, id: number, row: Updateable<ContractsTable & { search_folded: string }>) => updateById(db, 'contracts', id, row);

export function listContracts(
  db: Queryable,
  q: { words: string[]; customerId?: number; active?: boolean; inForceOn?: string; cursor?: CursorValue[]; limit: number },
) {
  const dialect = dialectOf(db);
  let qb = db.selectFrom('contracts as k').innerJoin('customers as c', 'c.id', 'k.customer_id').select(contractColumns);
  if (q.customerId !== undefined) qb = qb.where('k.customer_id', '=', q.customerId);
  if (q.active !== undefined) qb = qb.where('k.active', '=', q.active);
  if (q.inForceOn) qb = qb.where('k.active', '=', true).where('k.start_date', '<=', q.inForceOn).where('k.end_date', '>=', q.inForceOn);
  qb = containsAll(qb, dialect, 'k.search_folded', q.words);
  return applyKeyset(qb, { columns: ['k.code'], direction: 'asc', cursor: q.cursor, limit: q.limit }).execute();
}

/**
 * The priority codes of a customer's contracts in force on `day` (the first 50 by code, as the
 * in-force list pages them): what registering a call needs of them, built and compiled once
 * (db/precompiled.ts) instead of the list's join, keyset and mapping on every call.
 */
const inForcePriorities = precompiled((db, p: Params<{ customerId: number; day: string }>) =>
  db
    .selectFrom('contracts')
    .select('priority_code')
    .where('customer_id', '=', p('customerId'))
    .where('active', '=', true)
    .where('start_date', '<=', p('day'))
    .where('end_date', '>=', p('day'))
    .orderBy('code')
    .limit(50),
);

export async function contractPrioritiesInForce(db: Queryable, customerId: number, day: string): Promise<string[]> {
  const rows = await inForcePriorities.all(db, { customerId, day });
  return rows.map((r) => r.priority_code).filter((c): c is string => c !== null);
}

/** Units on the contract that belong to another customer than the one given. */
export async function contractHasUnitsOfOtherCustomer(db: Queryable, contractId: number, customerId: number) {
  return Boolean(
    await db.selectFrom('units').select('id').where('contract_id', '=', contractId).where('customer_id', '!=', customerId).limit(1).executeTakeFirst(),
  );
}

export function contractsOfCustomer(db: Queryable, customerId: number, opts: { beforeDate?: string; inclusive: boolean; limit: number }) {
  let qb = db
    .selectFrom('contracts')
    .select(['id', 'code', 'description', 'start_date', 'end_date', 'active'])
    .where('customer_id', '=', customerId);
  if (opts.beforeDate) qb = qb.where('start_date', opts.inclusive ? '<=' : '<', opts.beforeDate);
  return qb.orderBy('start_date', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

// ---- units -------------------------------------------------------------------------------------

const unitColumns = [
  'u.id',
  'u.serial_number',
  'u.item_id',
  'u.customer_id',
  'u.sale_date',
  'u.warranty_end',
  'u.contract_id',
  'u.region_code',
  'u.notes',
  'u.active',
  'u.created_at',
  'u.updated_at',
  'i.code as item_code',
  'i.description as item_description',
  'c.name as customer_name',
  'k.code as contract_code',
  'k.active as contract_active',
  'k.start_date as contract_start',
  'k.end_date as contract_end',
] as const;

/** A unit with its item, its customer and its contract (if any), joined. */
function unitsJoined(db: Queryable) {
  return db
    .selectFrom('units as u')
    .innerJoin('items as i', 'i.id', 'u.item_id')
    .innerJoin('customers as c', 'c.id', 'u.customer_id')
    .leftJoin('contracts as k', 'k.id', 'u.contract_id');
}

function unitsQuery(db: Queryable) {
  return unitsJoined(db).select(unitColumns);
}

export function findUnit(db: Queryable, id: number) {
  return unitsQuery(db).where('u.id', '=', id).executeTakeFirst();
}

/**
 * What an incident's intake needs of its unit, in one read by key (issue 11): the unit's own fields,
 * its item's unit type, its customer's name and region and its contract's terms. Replaces the serial
 * look-up, the unit read and the item, contract and customer reads of an intake (five statements, three
 * built by Kysely on every request); built and compiled once (db/precompiled.ts).
 */
function intakeUnitQuery(db: Queryable) {
  return unitsJoined(db).select([
      'u.id',
      'u.serial_number',
      'u.item_id',
      'u.customer_id',
      'u.warranty_end',
      'u.contract_id',
      'u.region_code',
      'i.unit_type_code',
      'c.name as customer_name',
      'c.region_code as customer_region_code',
      'k.id as contract_row_id',
      'k.code as contract_code',
      'k.active as contract_active',
      'k.start_date as contract_start',
      'k.end_date as contract_end',
      'k.priority_code as contract_priority_code',
      'k.service_type_code as contract_service_type_code',
    ]);
}
const intakeUnitById = precompiled((db, p: Params<{ id: number }>) => intakeUnitQuery(db as Queryable).where('u.id', '=', p('id')), { pipelined: 'key' });
const intakeUnitBySerial = precompiled((db, p: Params<{ serialFolded: string }>) => intakeUnitQuery(db as Queryable).where('u.serial_folded', '=', p('serialFolded')), { pipelined: 'key' });
export type IntakeUnitRow = NonNullable<Awaited<ReturnType<typeof intakeUnitById.takeFirst>>>;

/** The unit by id or by its serial's look-up key (`serial_folded`), for an intake (see intakeUnitQuery). */
export function findIntakeUnit(db: Queryable, by: { id: number } | { serialFolded: string }): Promise<IntakeUnitRow | undefined> {
  return 'id' in by ? intakeUnitById.takeFirst(db, by) : intakeUnitBySerial.takeFirst(db, by);
}

export function unitIdBySerialKey(db: Queryable, serialFolded: string) {
  return db.selectFrom('units').select('id').where('serial_folded', '=', serialFolded).executeTakeFirst();
}

export const insertUnit = (db: Queryable, row: Insertable<UnitsTable>): Promise<number> => insertReturningId(db, 'units', row);

export const updateUnit = (db: Queryable, id: number, row: Updateable<UnitsTable>) => updateById(db, 'units', id, row);

/** Locks a unit's row for the rest of the transaction (PostgreSQL `FOR UPDATE`; SQLite has one writer): what is read after it stays true until commit. */
export async function lockUnit(db: Queryable, id: number): Promise<void> {
  await lockRows(db, db.selectFrom('units').select('id').where('id', '=', id)).execute();
}

export type UnitListQuery = {
  customerId?: number;
  itemId?: number;
  contractId?: number;
  active?: boolean;
  matching?: Matching;
  /** true: warranty end ≥ date; false: no warranty or ended before date */
  underWarranty?: { on: string; value: boolean };
  cursor?: CursorValue[];
  limit: number;
};

/** Newest first by id: units_customer_idx, units_item_idx and units_contract_idx all end in id. */
export function listUnits(db: Queryable, q: UnitListQuery) {
  let qb = whereGiven(unitsQuery(db), q, { customerId: 'u.customer_id', itemId: 'u.item_id', contractId: 'u.contract_id', active: 'u.active' });
  if (q.matching) qb = qb.where('u.id', 'in', q.matching);
  if (q.underWarranty) {
    const { on, value } = q.underWarranty;
    qb = value ? qb.where('u.warranty_end', '>=', on) : qb.where((eb) => eb.or([eb('u.warranty_end', 'is', null), eb('u.warranty_end', '<', on)]));
  }
  return applyKeyset(qb, { columns: ['u.id'], direction: 'desc', cursor: q.cursor, limit: q.limit }).execute();
}

export function unitsSoldTo(db: Queryable, customerId: number, opts: { beforeDate?: string; inclusive: boolean; limit: number }) {
  let qb = db
    .selectFrom('units as u')
    .innerJoin('items as i', 'i.id', 'u.item_id')
    .select(['u.id', 'u.serial_number', 'u.sale_date', 'u.warranty_end', 'i.description as item_description'])
    .where('u.customer_id', '=', customerId);
  if (opts.beforeDate) qb = qb.where('u.sale_date', opts.inclusive ? '<=' : '<', opts.beforeDate);
  return qb.orderBy('u.sale_date', 'desc').orderBy('u.id', 'desc').limit(opts.limit).execute();
}

export function unitsForIndex(db: Queryable, customerId: number) {
  return db
    .selectFrom('units as u')
    .innerJoin('items as i', 'i.id', 'u.item_id')
    .select(['u.id', 'u.serial_number', 'u.customer_id', 'i.description as item_description'])
    .where('u.customer_id', '=', customerId)
    .execute();
}

export function unitsOfItemForIndex(db: Queryable, itemId: number) {
  return db
    .selectFrom('units as u')
    .innerJoin('customers as c', 'c.id', 'u.customer_id')
    .select(['u.id', 'u.serial_number', 'u.customer_id', 'c.name as customer_name'])
    .where('u.item_id', '=', itemId)
    .execute();
}
