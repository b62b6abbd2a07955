import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  await k.createTable('users', {
    id: k.identity,
    username: k.notNull('text', { unique: true }),
    name: k.notNull('text'),
    email: 'text',
    ...k.each(['password_hash', 'role'], k.notNull('text')),
    language: k.notNull('text', { default: 'es' }),
    time_zone: k.notNull('text', { default: 'Europe/Madrid' }),
    active: k.on,
    ...k.each(['default_to_user_id', 'default_to_group_id'], k.ref),
    default_call_type_code: 'text',
    last_login_at: k.ts,
    ...k.stamps,
  });

  await k.createTable('groups', { id: k.identity, code: k.notNull('text', { unique: true }), name: k.notNull('text'), active: k.on, ...k.stamps });

  await k.createTable('group_members', {
    group_id: k.fk('groups', { notNull: true, onDelete: 'cascade' }),
    user_id: k.fk('users', { notNull: true, onDelete: 'cascade' }),
  }, { primaryKey: ['group_members_pk', ['group_id', 'user_id']], indexes: { group_members_user_idx: ['user_id'] } });

  await k.createTable('sessions', {
    id: k.primaryKey('text'),
    user_id: k.fk('users', { notNull: true, onDelete: 'cascade' }),
    csrf_token: k.notNull('text'),
    ...k.each(['created_at', 'expires_at'], k.notNull(k.ts)),
  }, { indexes: { sessions_user_idx: ['user_id'] } });

  await k.createTable('api_tokens', {
    id: k.identity,
    name: k.notNull('text'),
    token_hash: k.notNull('text', { unique: true }),
    ...k.each(['prefix', 'role'], k.notNull('text')),
    user_id: k.fk('users', { notNull: true }),
    created_at: k.notNull(k.ts),
    ...k.each(['last_used_at', 'revoked_at'], k.ts),
  });

  // One table for every configuration catalog; flags that need a uniqueness rule are real columns.
  await k.createTable('catalog_entries', {
    id: k.identity,
    ...k.each(['catalog', 'code', 'description_es', 'description_en'], k.notNull('text')),
    active: k.on,
    sort_order: k.notNull('integer', { default: 0 }),
    parent_code: 'text',
    ...k.each(['pending', 'is_default', 'default_pending', 'default_finished'], k.off),
    attributes: k.notNull(k.json, { default: '{}' }),
    ...k.stamps,
  }, { unique: ['catalog_entries_code_uq', ['catalog', 'code']] });
  for (const flag of ['is_default', 'default_pending', 'default_finished']) {
    await sql`create unique index ${sql.raw(`catalog_entries_${flag}_uq`)} on catalog_entries (catalog) where ${sql.raw(flag)} = ${k.true}`.execute(db);
  }

  const contactDetails = { phones: k.notNull(k.json, { default: '[]' }), emails: k.notNull(k.json, { default: '[]' }) };
  await k.createTable('customers', {
    id: k.identity,
    code: k.notNull('text', { unique: true }),
    ...k.each(['name', 'name_folded'], k.notNull('text')),
    tax_id: 'text',
    address: k.json,
    ...contactDetails,
    region_code: 'text',
    language: k.notNull('text', { default: 'es' }),
    notes: 'text',
    active: k.on,
    ...k.stamps,
    created_by: k.ref,
  }, {
    indexes: {
      customers_tax_id_idx: ['tax_id'],
      customers_name_idx: ['name_folded', 'id'],
      customers_region_name_idx: ['region_code', 'name_folded', 'id'],
    },
  });

  await k.createTable('contacts', {
    id: k.identity,
    customer_id: k.fk('customers', { notNull: true }),
    name: k.notNull('text'),
    position: 'text',
    ...contactDetails,
    notes: 'text',
    active: k.on,
    ...k.stamps,
  }, { indexes: { contacts_customer_idx: ['customer_id', 'id'] } });

  // Normalised phone numbers of customers and contacts, for caller-id look-ups.
  await k.createTable('phone_numbers', {
    id: k.identity,
    normalized: k.notNull('text'),
    customer_id: k.fk('customers', { notNull: true }),
    contact_id: k.fk('contacts'),
  }, { indexes: { phone_numbers_normalized_idx: ['normalized'], phone_numbers_customer_idx: ['customer_id'] } });

  await k.createTable('items', {
    id: k.identity,
    code: k.notNull('text', { unique: true }),
    ...k.each(['description', 'kind'], k.notNull('text')),
    unit_price_cents: k.notNull(k.money, { default: 0 }),
    vat_rate: k.notNull('integer', { default: 2100 }),
    warranty_months: k.notNull('integer', { default: 0 }),
    serialized: k.off,
    unit_type_code: 'text',
    active: k.on,
    ...k.stamps,
  });

  await k.createTable('contracts', {
    id: k.identity,
    code: k.notNull('text', { unique: true }),
    customer_id: k.fk('customers', { notNull: true }),
    ...k.each(['description', 'service_type_code', 'priority_code'], 'text'),
    ...k.each(['start_date', 'end_date'], k.notNull(k.date)),
    active: k.on,
    ...k.stamps,
  }, { indexes: { contracts_customer_idx: ['customer_id', 'id'] } });

  await k.createTable('units', {
    id: k.identity,
    serial_number: k.notNull('text', { unique: true }),
    serial_folded: k.notNull('text'),
    item_id: k.fk('items', { notNull: true }),
    customer_id: k.fk('customers', { notNull: true }),
    sale_date: k.notNull(k.date),
    warranty_end: k.date,
    contract_id: k.fk('contracts'),
    ...k.each(['region_code', 'notes'], 'text'),
    active: k.on,
    ...k.stamps,
  }, {
    indexes: {
      units_serial_folded_idx: ['serial_folded'],
      units_customer_idx: ['customer_id', 'id'],
      units_contract_idx: ['contract_id'],
      units_item_idx: ['item_id'],
    },
  });

  await k.createTable('audit_log', {
    id: k.identity,
    at: k.notNull(k.ts),
    user_id: k.ref,
    actor: 'text',
    ...k.each(['entity_type', 'entity_id', 'action'], k.notNull('text')),
    changes: k.json,
  }, { indexes: { audit_log_entity_idx: ['entity_type', 'entity_id', 'id'] } });

  // The search index every module writes its records into (see modules/search).
  await k.createTable('search_documents', {
    id: k.identity,
    entity_type: k.notNull('text'),
    entity_id: k.notNull(k.ref),
    customer_id: k.ref,
    title: k.notNull('text'),
    subtitle: 'text',
    content: k.notNull('text'),
    updated_at: k.notNull(k.ts),
  }, { unique: ['search_documents_entity_uq', ['entity_type', 'entity_id']] });
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
  await k.createTable('search_keys', {
    key: k.notNull('text'),
    document_id: k.fk('search_documents', { notNull: true, onDelete: 'cascade' }),
  }, { primaryKey: ['search_keys_pk', ['key', 'document_id']], indexes: { search_keys_document_idx: ['document_id'] } });
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be undone; restore a backup instead.');
}
