import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Incidents (support cases), their events, supply lines and change history, and the per-year
 * counter that numbers them without gaps. The list indexes end in (received_at, id): the inbox is
 * keyset-paginated newest received first within each filter.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  // One row per year; the intake transaction increments it (a row lock on PostgreSQL, the single
  // writer on SQLite), so a failed intake gives its number back and numbers never skip.
  await db.schema
    .createTable('incident_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await k.id(db.schema.createTable('incidents'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('received_at', k.ts, (c) => c.notNull())
    .addColumn('registered_at', k.ts, (c) => c.notNull())
    .addColumn('registered_by', k.ref, (c) => c.references('users.id'))
    .addColumn('origin_code', 'text')
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('contact_name', 'text')
    .addColumn('contact_address', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_fax', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('unit_id', k.ref, (c) => c.references('units.id'))
    .addColumn('serial_number', 'text')
    .addColumn('item_id', k.ref, (c) => c.references('items.id'))
    // Coverage copied as of the received date; never rewritten by later unit or contract changes.
    .addColumn('under_warranty', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('warranty_end', k.date)
    .addColumn('under_contract', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('contract_id', k.ref, (c) => c.references('contracts.id'))
    .addColumn('contract_code', 'text')
    .addColumn('contract_end', k.date)
    .addColumn('region_code', 'text')
    .addColumn('service_type_code', 'text')
    .addColumn('unit_type_code', 'text')
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text')
    .addColumn('specific_reason_code', 'text')
    .addColumn('symptom', 'text', (c) => c.notNull())
    .addColumn('diagnosis', 'text')
    .addColumn('solution', 'text')
    .addColumn('resolution_code', 'text')
    .addColumn('specific_resolution_code', 'text')
    .addColumn('estimated_close_date', k.date)
    .addColumn('owner_user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('owner_group_id', k.ref, (c) => c.references('groups.id'))
    .addColumn('status_code', 'text', (c) => c.notNull())
    .addColumn('priority_code', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('is_open', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('first_response_at', k.ts)
    .addColumn('diagnosed_at', k.ts)
    .addColumn('resolved_at', k.ts)
    .addColumn('closed_at', k.ts)
    .addColumn('response_due_at', k.ts)
    .addColumn('resolution_due_at', k.ts)
    // Filled by the billing area's close hook; no foreign key: invoices belong to another area.
    .addColumn('invoice_id', k.ref)
    .addColumn('source_type', 'text')
    .addColumn('source_id', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addUniqueConstraint('incidents_year_seq_uq', ['year', 'seq'])
    .execute();
  const idx = async (name: string, cols: string[]) => db.schema.createIndex(name).on('incidents').columns(cols).execute();
  await idx('incidents_received_idx', ['received_at', 'id']);
  await idx('incidents_open_received_idx', ['is_open', 'received_at', 'id']);
  await idx('incidents_owner_user_idx', ['owner_user_id', 'is_open', 'received_at', 'id']);
  await idx('incidents_owner_group_idx', ['owner_group_id', 'is_open', 'received_at', 'id']);
  await idx('incidents_customer_idx', ['customer_id', 'received_at', 'id']);
  await idx('incidents_unit_idx', ['unit_id', 'received_at', 'id']);
  await idx('incidents_status_idx', ['status_code', 'received_at', 'id']);
  await idx('incidents_priority_idx', ['priority_code', 'received_at', 'id']);
  await idx('incidents_case_type_idx', ['case_type', 'received_at', 'id']);
  // Similar past cases: resolved incidents of an item, newest first.
  await idx('incidents_item_resolved_idx', ['item_id', 'resolved_at', 'id']);
  await idx('incidents_reason_resolved_idx', ['reason_code', 'resolved_at', 'id']);

  // Events are never edited or deleted.
  await k.id(db.schema.createTable('incident_events'))
    .addColumn('incident_id', k.ref, (c) => c.notNull().references('incidents.id'))
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', k.ts, (c) => c.notNull())
    .addColumn('user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('from_call_id', k.ref)
    .addColumn('counts_as_response', k.bool, (c) => c.notNull().defaultTo(k.false))
    .execute();
  await db.schema.createIndex('incident_events_incident_idx').on('incident_events').columns(['incident_id', 'id']).execute();
  await db.schema.createIndex('incident_events_at_idx').on('incident_events').columns(['at', 'id']).execute();

  await k.id(db.schema.createTable('incident_supplies'))
    .addColumn('incident_id', k.ref, (c) => c.notNull().references('incidents.id'))
    .addColumn('item_id', k.ref, (c) => c.notNull().references('items.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_milli', k.money, (c) => c.notNull())
    .addColumn('unit_price_cents', k.money, (c) => c.notNull())
    .addColumn('cost_cents', k.money, (c) => c.notNull())
    .addColumn('vat_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('created_by', k.ref, (c) => c.references('users.id'))
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_supplies_incident_idx').on('incident_supplies').columns(['incident_id', 'id']).execute();

  // Changes people should see on the incident page: owner (with the delegation note), case type,
  // status, priority, lifecycle steps and reopenings (the audit trail has every field).
  await k.id(db.schema.createTable('incident_changes'))
    .addColumn('incident_id', k.ref, (c) => c.notNull().references('incidents.id'))
    .addColumn('at', k.ts, (c) => c.notNull())
    .addColumn('user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('incident_changes_incident_idx').on('incident_changes').columns(['incident_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Restore a backup to undo the incidents migration.');
}
