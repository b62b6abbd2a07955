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
  await k.createTable('incident_counters', { year: k.primaryKey('integer'), last_number: k.notNull('integer') });

  const received = ['received_at', 'id'];
  await k.createTable('incidents', {
    id: k.identity,
    number: k.notNull('text', { unique: true }),
    ...k.each(['year', 'seq'], k.notNull('integer')),
    ...k.each(['received_at', 'registered_at'], k.notNull(k.ts)),
    registered_by: k.fk('users'),
    origin_code: 'text',
    customer_id: k.fk('customers', { notNull: true }),
    ...k.each(['contact_name', 'contact_address', 'contact_phone', 'contact_fax', 'contact_email'], 'text'),
    unit_id: k.fk('units'),
    serial_number: 'text',
    item_id: k.fk('items'),
    // Coverage copied as of the received date; never rewritten by later unit or contract changes.
    under_warranty: k.off,
    warranty_end: k.date,
    under_contract: k.off,
    contract_id: k.fk('contracts'),
    contract_code: 'text',
    contract_end: k.date,
    ...k.each(['region_code', 'service_type_code', 'unit_type_code'], 'text'),
    case_type: k.notNull('text'),
    ...k.each(['reason_code', 'specific_reason_code'], 'text'),
    symptom: k.notNull('text'),
    ...k.each(['diagnosis', 'solution', 'resolution_code', 'specific_resolution_code'], 'text'),
    estimated_close_date: k.date,
    owner_user_id: k.fk('users'),
    owner_group_id: k.fk('groups'),
    ...k.each(['status_code', 'priority_code', 'stage'], k.notNull('text')),
    is_open: k.on,
    ...k.each(['first_response_at', 'diagnosed_at', 'resolved_at', 'closed_at', 'response_due_at', 'resolution_due_at'], k.ts),
    // Filled by the billing area's close hook; no foreign key: invoices belong to another area.
    invoice_id: k.ref,
    source_type: 'text',
    source_id: k.ref,
    updated_at: k.notNull(k.ts),
  }, {
    unique: ['incidents_year_seq_uq', ['year', 'seq']],
    indexes: {
      incidents_received_idx: received,
      incidents_open_received_idx: ['is_open', ...received],
      incidents_owner_user_idx: ['owner_user_id', 'is_open', ...received],
      incidents_owner_group_idx: ['owner_group_id', 'is_open', ...received],
      incidents_customer_idx: ['customer_id', ...received],
      incidents_unit_idx: ['unit_id', ...received],
      incidents_status_idx: ['status_code', ...received],
      incidents_priority_idx: ['priority_code', ...received],
      incidents_case_type_idx: ['case_type', ...received],
      // Similar past cases: resolved incidents of an item, newest first.
      incidents_item_resolved_idx: ['item_id', 'resolved_at', 'id'],
      incidents_reason_resolved_idx: ['reason_code', 'resolved_at', 'id'],
    },
  });

  const incident = k.fk('incidents', { notNull: true });
  const byIncident = ['incident_id', 'id'];
  // Events are never edited or deleted.
  await k.createTable('incident_events', {
    id: k.identity,
    incident_id: incident,
    ...k.each(['type_code', 'text'], k.notNull('text')),
    at: k.notNull(k.ts),
    user_id: k.fk('users'),
    from_call_id: k.ref,
    counts_as_response: k.off,
  }, { indexes: { incident_events_incident_idx: byIncident, incident_events_at_idx: ['at', 'id'] } });

  await k.createTable('incident_supplies', {
    id: k.identity,
    incident_id: incident,
    item_id: k.fk('items', { notNull: true }),
    description: k.notNull('text'),
    ...k.each(['quantity_milli', 'unit_price_cents', 'cost_cents'], k.notNull(k.money)),
    vat_rate_bp: k.notNull('integer'),
    created_at: k.notNull(k.ts),
    created_by: k.fk('users'),
    updated_at: k.notNull(k.ts),
  }, { indexes: { incident_supplies_incident_idx: byIncident } });

  // Changes people should see on the incident page: owner (with the delegation note), case type,
  // status, priority, lifecycle steps and reopenings (the audit trail has every field).
  await k.createTable('incident_changes', {
    id: k.identity,
    incident_id: incident,
    at: k.notNull(k.ts),
    user_id: k.fk('users'),
    kind: k.notNull('text'),
    ...k.each(['from_value', 'to_value', 'note'], 'text'),
  }, { indexes: { incident_changes_incident_idx: byIncident } });
}

export async function down(): Promise<void> {
  throw new Error('Restore a backup to undo the incidents migration.');
}
