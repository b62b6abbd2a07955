import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Billing: the company's data, invoices with their lines, instalments and payments, the gapless
 * counters per series and year, and the VERI*FACTU billing records and event log with the heads
 * of their chains (one row each, locked while a link is added).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  const invoice = k.fk('invoices', { notNull: true });

  await k.createTable('billing_company', {
    id: k.primaryKey(k.int),
    legal_name: k.notNull('text'),
    tax_id: k.notNull('text'),
    address: k.json,
    ...k.each(['invoice_series', 'rectifying_series'], k.notNull('text')),
    default_payment_term_code: 'text',
    verifactu_environment: k.notNull('text'),
    verifactu_send: k.off,
    verifactu_endpoint: 'text',
    installation_number: k.notNull('text'),
    updated_at: k.notNull(k.ts),
    updated_by: k.ref,
  });

  await k.createTable('invoice_counters', {
    series: k.notNull('text'),
    year: k.notNull(k.int),
    last_number: k.notNull(k.int),
  }, { primaryKey: ['invoice_counters_pk', ['series', 'year']] });

  await k.createTable('invoices', {
    id: k.identity,
    series: k.notNull('text'),
    ...k.each(['year', 'seq'], k.notNull(k.int)),
    number: k.notNull('text', { unique: true }),
    invoice_type: k.notNull('text'),
    rectifying_method: 'text',
    rectifies_invoice_id: k.fk('invoices'),
    rectification_reason: 'text',
    issue_date: k.notNull(k.date),
    issued_at: k.notNull(k.ts),
    issued_by: k.ref,
    issuer: k.notNull(k.json),
    customer_id: k.fk('customers', { notNull: true }),
    customer_name: k.notNull('text'),
    customer_tax_id: 'text',
    customer_address: k.json,
    ...k.each(['payment_term_code', 'payment_term_es', 'payment_term_en', 'description'], 'text'),
    incident_id: k.ref,
    incident_number: 'text',
    ...k.each(['base_cents', 'vat_cents', 'total_cents'], k.notNull(k.money)),
    vat_breakdown: k.notNull(k.json),
    // What the rectifications by differences add to (credit notes: take off) what is due.
    ...k.each(['rectified_cents', 'paid_cents'], k.notNull(k.money, { default: 0 })),
    outstanding_cents: k.notNull(k.money),
    // unpaid | partially_paid | paid | cancelled | voided | substituted | rectifying; overdue is
    // read as "unpaid or partially paid with next_due_date before today".
    settlement: k.notNull('text'),
    next_due_date: k.date,
    voided_at: k.ts,
    void_reason: 'text',
  }, {
    indexes: {
      invoices_series_idx: { columns: ['series', 'year', 'seq'], unique: true },
      invoices_customer_idx: ['customer_id', 'id'],
      invoices_settlement_idx: ['settlement', 'id'],
      invoices_due_idx: ['next_due_date', 'id'],
      invoices_issue_date_idx: ['issue_date', 'id'],
      invoices_rectifies_idx: ['rectifies_invoice_id'],
      invoices_incident_idx: ['incident_id'],
    },
  });

  await k.createTable('invoice_lines', {
    id: k.identity,
    invoice_id: invoice,
    position: k.notNull(k.int),
    item_id: k.ref,
    description: k.notNull('text'),
    ...k.each(['quantity_milli', 'unit_price_cents'], k.notNull(k.money)),
    ...k.each(['discount_bp', 'vat_rate_bp'], k.notNull(k.int)),
    amount_cents: k.notNull(k.money),
  }, { indexes: { invoice_lines_invoice_idx: ['invoice_id', 'position'] } });

  await k.createTable('invoice_instalments', {
    invoice_id: invoice,
    seq: k.notNull(k.int),
    due_date: k.notNull(k.date),
    amount_cents: k.notNull(k.money),
  }, { primaryKey: ['invoice_instalments_pk', ['invoice_id', 'seq']] });

  await k.createTable('invoice_payments', {
    id: k.identity,
    invoice_id: invoice,
    instalment_seq: k.int,
    paid_on: k.notNull(k.date),
    amount_cents: k.notNull(k.money),
    method: k.notNull('text'),
    reverses_payment_id: k.fk('invoice_payments'),
    note: 'text',
    recorded_at: k.notNull(k.ts),
    recorded_by: k.ref,
  }, { indexes: { invoice_payments_invoice_idx: ['invoice_id', 'id'], invoice_payments_paid_on_idx: ['paid_on'] } });

  // The last link of each chain ('records', 'events'): locked while a link is added.
  await k.createTable('verifactu_heads', { chain: k.primaryKey('text'), last_seq: k.notNull(k.int), last_fingerprint: k.notNull('text'), last_ref: k.json });
  await db.insertInto('verifactu_heads').values([
    { chain: 'records', last_seq: 0, last_fingerprint: '', last_ref: null },
    { chain: 'events', last_seq: 0, last_fingerprint: '', last_ref: null },
  ]).execute();

  const link = { id: k.identity, seq: k.notNull(k.int, { unique: true }) };
  await k.createTable('verifactu_records', {
    ...link,
    kind: k.notNull('text'),
    invoice_id: invoice,
    ...k.each(['issuer_nif', 'num_serie', 'fecha_expedicion'], k.notNull('text')),
    ...k.each(['tipo_factura', 'cuota_total', 'importe_total'], 'text'),
    previous_fingerprint: k.notNull('text'),
    previous_ref: k.json,
    ...k.each(['generated_at', 'fingerprint'], k.notNull('text')),
    // Everything else the AEAT's XML carries (issuer name, recipient, breakdown, rectified invoices).
    xml_data: k.notNull(k.json),
    send_state: k.notNull('text'),
    send_attempts: k.notNull(k.int, { default: 0 }),
    ...k.each(['next_attempt_at', 'sent_at'], k.ts),
    ...k.each(['reply_state', 'reply_code', 'reply_text', 'reply_csv'], 'text'),
    created_at: k.notNull(k.ts),
  }, { indexes: { verifactu_records_send_idx: ['send_state', 'next_attempt_at'], verifactu_records_invoice_idx: ['invoice_id'] } });

  await k.createTable('verifactu_events', {
    ...link,
    ...k.each(['event_type', 'producer_nif', 'system_id', 'version', 'installation_number', 'issuer_nif', 'previous_fingerprint', 'generated_at', 'fingerprint'], k.notNull('text')),
    detail: k.json,
    created_at: k.notNull(k.ts),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await migrationKit(db).dropTables(['verifactu_events', 'verifactu_records', 'verifactu_heads', 'invoice_payments', 'invoice_instalments', 'invoice_lines', 'invoices', 'invoice_counters', 'billing_company']);
}
