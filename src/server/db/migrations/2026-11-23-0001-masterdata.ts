import { type Kysely, sql } from 'kysely';

/**
 * Master data: folded columns for accent-free sorting and filtering, and the indexes the
 * keyset-paginated lists of customers, contacts, items, units and contracts need at 200,000
 * customers and 1,000,000 units.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('name_folded', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`update contacts set name_folded = lower(name)`.execute(db);
  await db.schema.createIndex('contacts_name_idx').on('contacts').columns(['name_folded', 'id']).execute();
  await db.schema.createIndex('contacts_customer_name_idx').on('contacts').columns(['customer_id', 'name_folded', 'id']).execute();

  await db.schema.alterTable('items').addColumn('search_folded', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`update items set search_folded = lower(code || ' ' || description)`.execute(db);
  await db.schema.alterTable('contracts').addColumn('search_folded', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`update contracts set search_folded = lower(code || ' ' || coalesce(description, ''))`.execute(db);
  await db.schema.createIndex('contracts_customer_code_idx').on('contracts').columns(['customer_id', 'code']).execute();

  // Deactivated customers listed by name without walking the active ones.
  await db.schema.createIndex('customers_active_name_idx').on('customers').columns(['active', 'name_folded', 'id']).execute();

  await db.schema.createIndex('phone_numbers_contact_idx').on('phone_numbers').column('contact_id').execute();

  // A serial is one unit however it is typed ("SN-001" and "sn001" are the same key).
  await db.schema.dropIndex('units_serial_folded_idx').execute();
  await db.schema.createIndex('units_serial_folded_uq').on('units').column('serial_folded').unique().execute();
  await db.schema.dropIndex('units_item_idx').execute();
  await db.schema.createIndex('units_item_idx').on('units').columns(['item_id', 'id']).execute();
  await db.schema.dropIndex('units_contract_idx').execute();
  await db.schema.createIndex('units_contract_idx').on('units').columns(['contract_id', 'id']).execute();
  await db.schema.createIndex('units_customer_sale_idx').on('units').columns(['customer_id', 'sale_date', 'id']).execute();
  await db.schema.createIndex('contracts_customer_start_idx').on('contracts').columns(['customer_id', 'start_date', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Restore a backup to undo the master-data migration.');
}
