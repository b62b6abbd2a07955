import type { Queryable } from '../../db/database.ts';

export function findCustomer(db: Queryable, id: number) {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function customerIdsByPhone(db: Queryable, normalized: string) {
  return db.selectFrom('phone_numbers').select(['customer_id', 'contact_id']).where('normalized', '=', normalized).orderBy('id').limit(20).execute();
}

export function customerIdsByTaxId(db: Queryable, taxId: string) {
  return db.selectFrom('customers').select('id').where('tax_id', '=', taxId).orderBy('id').limit(20).execute();
}

export function unitBySerial(db: Queryable, serialFolded: string) {
  return db.selectFrom('units').select(['id', 'customer_id']).where('serial_folded', '=', serialFolded).executeTakeFirst();
}
