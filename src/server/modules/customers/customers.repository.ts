import type { Insertable, SelectQueryBuilder, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import { type Params, precompiled } from '../../db/precompiled.ts';
import type { DB } from '../../db/schema.ts';
import { CUSTOMER_COLUMNS } from './customers.mapper.ts';
import type { ContactsTable, CustomersTable } from './customers.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';

export async function anyCustomer(db: Queryable): Promise<boolean> {
  return Boolean(await db.selectFrom('customers').select('id').limit(1).executeTakeFirst());
}

// The customer detail's one read, built and compiled once (db/precompiled.ts; a named statement on
// PostgreSQL), of the columns the answer is made of only.
const customerById = precompiled((db, p: Params<{ id: number }>) => db.selectFrom('customers').select(CUSTOMER_COLUMNS).where('id', '=', p('id')), { pipelined: 'key' });

export function findCustomer(db: Queryable, id: number) {
  return customerById.takeFirst(db, { id });
}

// A call registration's caller look-up, built and compiled once.
const idsByPhone = precompiled((db, p: Params<{ normalized: string }>) =>
  db.selectFrom('phone_numbers').select(['customer_id', 'contact_id']).where('normalized', '=', p('normalized')).orderBy('id').limit(20),
);

export function customerIdsByPhone(db: Queryable, normalized: string) {
  return idsByPhone.all(db, { normalized });
}

export function customerIdsByTaxId(db: Queryable, taxId: string) {
  return db.selectFrom('customers').select('id').where('tax_id', '=', taxId).orderBy('id').limit(20).execute();
}

export function unitBySerial(db: Queryable, serialFolded: string) {
  return db.selectFrom('units').select(['id', 'customer_id']).where('serial_folded', '=', serialFolded).executeTakeFirst();
}

export function customerByCode(db: Queryable, code: string) {
  return db.selectFrom('customers').select('id').where('code', '=', code).executeTakeFirst();
}

export const insertCustomer = (db: Queryable, row: Insertable<CustomersTable>): Promise<number> => insertReturningId(db, 'customers', row);

export const updateCustomer = (db: Queryable, id: number, row: Updateable<CustomersTable>) => updateById(db, 'customers', id, row);

export type CustomerListQuery = {
  sort: 'name' | 'code';
  regionCode?: string;
  active?: boolean;
  taxId?: string;
  /** entity ids matching the text filter (a subquery of the search index) */
  matching?: SelectQueryBuilder<DB, any, { entity_id: number }>;
  cursor?: CursorValue[];
  limit: number;
};

/**
 * Keyset over (name_folded, id) or (code): served by customers_name_idx,
 * customers_region_name_idx, customers_active_name_idx or the unique code index.
 */
export function listCustomers(db: Queryable, q: CustomerListQuery) {
  let qb = db.selectFrom('customers').selectAll();
  if (q.regionCode) qb = qb.where('region_code', '=', q.regionCode);
  if (q.active !== undefined) qb = qb.where('active', '=', q.active);
  if (q.taxId) qb = qb.where('tax_id', '=', q.taxId);
  if (q.matching) qb = qb.where('id', 'in', q.matching);
  const columns = q.sort === 'code' ? ['code'] : ['name_folded', 'id'];
  return applyKeyset(qb, { columns, direction: 'asc', cursor: q.cursor, limit: q.limit }).execute();
}

// ---- phone numbers -------------------------------------------------------------------------

export async function replacePhones(db: Queryable, owner: { customerId: number; contactId: number | null }, normalized: string[]) {
  let del = db.deleteFrom('phone_numbers');
  del = owner.contactId === null ? del.where('customer_id', '=', owner.customerId).where('contact_id', 'is', null) : del.where('contact_id', '=', owner.contactId);
  await del.execute();
  if (normalized.length) {
    await db
      .insertInto('phone_numbers')
      .values(normalized.map((n) => ({ normalized: n, customer_id: owner.customerId, contact_id: owner.contactId })))
      .execute();
  }
}

export function phoneMatches(db: Queryable, normalized: string) {
  return db
    .selectFrom('phone_numbers as p')
    .innerJoin('customers as c', 'c.id', 'p.customer_id')
    .leftJoin('contacts as k', 'k.id', 'p.contact_id')
    .selectAll('c')
    .select([
      'k.id as k_id',
      'k.customer_id as k_customer_id',
      'k.name as k_name',
      'k.position as k_position',
      'k.phones as k_phones',
      'k.emails as k_emails',
      'k.notes as k_notes',
      'k.active as k_active',
      'k.created_at as k_created_at',
      'k.updated_at as k_updated_at',
    ])
    .where('p.normalized', '=', normalized)
    .orderBy('c.active', 'desc')
    .orderBy('p.id')
    .limit(50)
    .execute();
}

// ---- contacts --------------------------------------------------------------------------------

const contactColumns = [
  'k.id',
  'k.customer_id',
  'k.name',
  'k.name_folded',
  'k.position',
  'k.phones',
  'k.emails',
  'k.notes',
  'k.active',
  'k.created_at',
  'k.updated_at',
  'c.name as customer_name',
] as const;

const contactById = precompiled((db, p: Params<{ id: number }>) =>
  db.selectFrom('contacts as k').innerJoin('customers as c', 'c.id', 'k.customer_id').select(contactColumns).where('k.id', '=', p('id')),
);

export function findContact(db: Queryable, id: number) {
  return contactById.takeFirst(db, { id });
}

export const insertContact = (db: Queryable, row: Insertable<ContactsTable & { name_folded: string }>): Promise<number> => insertReturningId(db, 'contacts', row);

export const updateContact = (db: Queryable, id: number, row: Updateable<ContactsTable & { name_folded: string }>) => updateById(db, 'contacts', id, row);

export type ContactListQuery = {
  customerId?: number;
  active?: boolean;
  matching?: SelectQueryBuilder<DB, any, { entity_id: number }>;
  cursor?: CursorValue[];
  limit: number;
};

/** Keyset over (name_folded, id): contacts_name_idx, or contacts_customer_name_idx for one customer. */
export function listContacts(db: Queryable, q: ContactListQuery) {
  let qb = db.selectFrom('contacts as k').innerJoin('customers as c', 'c.id', 'k.customer_id').select(contactColumns);
  if (q.customerId !== undefined) qb = qb.where('k.customer_id', '=', q.customerId);
  if (q.active !== undefined) qb = qb.where('k.active', '=', q.active);
  if (q.matching) qb = qb.where('k.id', 'in', q.matching);
  return applyKeyset(qb, { columns: ['k.name_folded', 'k.id'], direction: 'asc', cursor: q.cursor, limit: q.limit }).execute();
}

export function contactsOfCustomer(db: Queryable, customerId: number) {
  return db.selectFrom('contacts as k').innerJoin('customers as c', 'c.id', 'k.customer_id').select(contactColumns).where('k.customer_id', '=', customerId).execute();
}
