import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  await k.id(db.schema.createTable('users'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('es'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Madrid'))
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('default_to_user_id', k.ref)
    .addColumn('default_to_group_id', k.ref)
    .addColumn('default_call_type_code', 'text')
    .addColumn('last_login_at', k.ts)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();

  await k.id(db.schema.createTable('groups'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable('group_members')
    .addColumn('group_id', k.ref, (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user_idx').on('group_members').column('user_id').execute();

  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('expires_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await k.id(db.schema.createTable('api_tokens'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('last_used_at', k.ts)
    .addColumn('revoked_at', k.ts)
    .execute();

  // One table for every configuration catalog; flags that need a uniqueness rule are real columns.
  await k.id(db.schema.createTable('catalog_entries'))
    .addColumn('catalog', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('description_es', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text', (c) => c.notNull())
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parent_code', 'text')
    .addColumn('pending', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('is_default', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('default_pending', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('default_finished', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('attributes', k.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addUniqueConstraint('catalog_entries_code_uq', ['catalog', 'code'])
    .execute();
  for (const flag of ['is_default', 'default_pending', 'default_finished']) {
    await sql`create unique index ${sql.raw(`catalog_entries_${flag}_uq`)} on catalog_entries (catalog) where ${sql.raw(flag)} = ${k.true}`.execute(db);
  }

  await k.id(db.schema.createTable('customers'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text')
    .addColumn('address', k.json)
    .addColumn('phones', k.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('emails', k.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('region_code', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('es'))
    .addColumn('notes', 'text')
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addColumn('created_by', k.ref)
    .execute();
  await db.schema.createIndex('customers_tax_id_idx').on('customers').column('tax_id').execute();
  await db.schema.createIndex('customers_name_idx').on('customers').columns(['name_folded', 'id']).execute();
  await db.schema.createIndex('customers_region_name_idx').on('customers').columns(['region_code', 'name_folded', 'id']).execute();

  await k.id(db.schema.createTable('contacts'))
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('phones', k.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('emails', k.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text')
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_customer_idx').on('contacts').columns(['customer_id', 'id']).execute();

  // Normalised phone numbers of customers and contacts, for caller-id look-ups.
  await k.id(db.schema.createTable('phone_numbers'))
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('contact_id', k.ref, (c) => c.references('contacts.id'))
    .execute();
  await db.schema.createIndex('phone_numbers_normalized_idx').on('phone_numbers').column('normalized').execute();
  await db.schema.createIndex('phone_numbers_customer_idx').on('phone_numbers').column('customer_id').execute();

  await k.id(db.schema.createTable('items'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_price_cents', k.money, (c) => c.notNull().defaultTo(0))
    .addColumn('vat_rate', 'integer', (c) => c.notNull().defaultTo(2100))
    .addColumn('warranty_months', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('serialized', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('unit_type_code', 'text')
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();

  await k.id(db.schema.createTable('contracts'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('description', 'text')
    .addColumn('service_type_code', 'text')
    .addColumn('priority_code', 'text')
    .addColumn('start_date', k.date, (c) => c.notNull())
    .addColumn('end_date', k.date, (c) => c.notNull())
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contracts_customer_idx').on('contracts').columns(['customer_id', 'id']).execute();

  await k.id(db.schema.createTable('units'))
    .addColumn('serial_number', 'text', (c) => c.notNull().unique())
    .addColumn('serial_folded', 'text', (c) => c.notNull())
    .addColumn('item_id', k.ref, (c) => c.notNull().references('items.id'))
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('sale_date', k.date, (c) => c.notNull())
    .addColumn('warranty_end', k.date)
    .addColumn('contract_id', k.ref, (c) => c.references('contracts.id'))
    .addColumn('region_code', 'text')
    .addColumn('notes', 'text')
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_serial_folded_idx').on('units').column('serial_folded').execute();
  await db.schema.createIndex('units_customer_idx').on('units').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('units_contract_idx').on('units').column('contract_id').execute();
  await db.schema.createIndex('units_item_idx').on('units').column('item_id').execute();

  await k.id(db.schema.createTable('audit_log'))
    .addColumn('at', k.ts, (c) => c.notNull())
    .addColumn('user_id', k.ref)
    .addColumn('actor', 'text')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changes', k.json)
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id', 'id']).execute();

  // The search index every module writes its records into (see modules/search).
  await k.id(db.schema.createTable('search_documents'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', k.ref, (c) => c.notNull())
    .addColumn('customer_id', k.ref)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addUniqueConstraint('search_documents_entity_uq', ['entity_type', 'entity_id'])
    .execute();
  if (k.pg) {
    await sql`alter table search_documents add column tsv tsvector generated always as (to_tsvector('simple', content)) stored`.execute(db);
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(content, content='search_documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')`.execute(db);
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, content) values (new.id, new.content); end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, content) values ('delete', old.id, old.content); end`.execute(db);
    await sql`create trigger search_documents_au after update of content on search_documents begin
      insert into search_fts(search_fts, rowid, content) values ('delete', old.id, old.content);
      insert into search_fts(rowid, content) values (new.id, new.content); end`.execute(db);
  }
  // Exact keys (tax ids, serials, phone numbers, codes) answer before the text index does.
  await db.schema.createTable('search_keys')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('document_id', k.ref, (c) => c.notNull().references('search_documents.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('search_keys_pk', ['key', 'document_id'])
    .execute();
  await db.schema.createIndex('search_keys_document_idx').on('search_keys').column('document_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be undone; restore a backup instead.');
}
