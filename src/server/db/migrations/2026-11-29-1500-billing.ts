import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Billing: the company's data, invoices with their lines, instalments and payments, the gapless
 * counters per series and year, and the VERI*FACTU billing records and event log with the heads
 * of their chains (one row each, locked while a link is added).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  await db.schema
    .createTable('billing_company')
    .addColumn('id', k.int, (c) => c.primaryKey())
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text', (c) => c.notNull())
    .addColumn('address', k.json)
    .addColumn('invoice_series', 'text', (c) => c.notNull())
    .addColumn('rectifying_series', 'text', (c) => c.notNull())
    .addColumn('default_payment_term_code', 'text')
    .addColumn('verifactu_environment', 'text', (c) => c.notNull())
    .addColumn('verifactu_send', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('verifactu_endpoint', 'text')
    .addColumn('installation_number', 'text', (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addColumn('updated_by', k.ref)
    .execute();

  await db.schema
    .createTable('invoice_counters')
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', k.int, (c) => c.notNull())
    .addColumn('last_number', k.int, (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_counters_pk', ['series', 'year'])
    .execute();

  await k.id(db.schema.createTable('invoices'))
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('year', k.int, (c) => c.notNull())
    .addColumn('seq', k.int, (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('invoice_type', 'text', (c) => c.notNull())
    .addColumn('rectifying_method', 'text')
    .addColumn('rectifies_invoice_id', k.ref, (c) => c.references('invoices.id'))
    .addColumn('rectification_reason', 'text')
    .addColumn('issue_date', k.date, (c) => c.notNull())
    .addColumn('issued_at', k.ts, (c) => c.notNull())
    .addColumn('issued_by', k.ref)
    .addColumn('issuer', k.json, (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('customer_name', 'text', (c) => c.notNull())
    .addColumn('customer_tax_id', 'text')
    .addColumn('customer_address', k.json)
    .addColumn('payment_term_code', 'text')
    .addColumn('payment_term_es', 'text')
    .addColumn('payment_term_en', 'text')
    .addColumn('description', 'text')
    .addColumn('incident_id', k.ref)
    .addColumn('incident_number', 'text')
    .addColumn('base_cents', k.money, (c) => c.notNull())
    .addColumn('vat_cents', k.money, (c) => c.notNull())
    .addColumn('total_cents', k.money, (c) => c.notNull())
    .addColumn('vat_breakdown', k.json, (c) => c.notNull())
    // What the rectifications by differences add to (credit notes: take off) what is due.
    .addColumn('rectified_cents', k.money, (c) => c.notNull().defaultTo(0))
    .addColumn('paid_cents', k.money, (c) => c.notNull().defaultTo(0))
    .addColumn('outstanding_cents', k.money, (c) => c.notNull())
    // unpaid | partially_paid | paid | cancelled | voided | substituted | rectifying; overdue is
    // read as "unpaid or partially paid with next_due_date before today".
    .addColumn('settlement', 'text', (c) => c.notNull())
    .addColumn('next_due_date', k.date)
    .addColumn('voided_at', k.ts)
    .addColumn('void_reason', 'text')
    .execute();
  await db.schema.createIndex('invoices_series_idx').on('invoices').columns(['series', 'year', 'seq']).unique().execute();
  await db.schema.createIndex('invoices_customer_idx').on('invoices').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('invoices_settlement_idx').on('invoices').columns(['settlement', 'id']).execute();
  await db.schema.createIndex('invoices_due_idx').on('invoices').columns(['next_due_date', 'id']).execute();
  await db.schema.createIndex('invoices_issue_date_idx').on('invoices').columns(['issue_date', 'id']).execute();
  await db.schema.createIndex('invoices_rectifies_idx').on('invoices').columns(['rectifies_invoice_id']).execute();
  await db.schema.createIndex('invoices_incident_idx').on('invoices').columns(['incident_id']).execute();

  await k.id(db.schema.createTable('invoice_lines'))
    .addColumn('invoice_id', k.ref, (c) => c.notNull().references('invoices.id'))
    .addColumn('position', k.int, (c) => c.notNull())
    .addColumn('item_id', k.ref)
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_milli', k.money, (c) => c.notNull())
    .addColumn('unit_price_cents', k.money, (c) => c.notNull())
    .addColumn('discount_bp', k.int, (c) => c.notNull())
    .addColumn('vat_rate_bp', k.int, (c) => c.notNull())
    .addColumn('amount_cents', k.money, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_lines_invoice_idx').on('invoice_lines').columns(['invoice_id', 'position']).execute();

  await db.schema
    .createTable('invoice_instalments')
    .addColumn('invoice_id', k.ref, (c) => c.notNull().references('invoices.id'))
    .addColumn('seq', k.int, (c) => c.notNull())
    .addColumn('due_date', k.date, (c) => c.notNull())
    .addColumn('amount_cents', k.money, (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_instalments_pk', ['invoice_id', 'seq'])
    .execute();

  await k.id(db.schema.createTable('invoice_payments'))
    .addColumn('invoice_id', k.ref, (c) => c.notNull().references('invoices.id'))
    .addColumn('instalment_seq', k.int)
    .addColumn('paid_on', k.date, (c) => c.notNull())
    .addColumn('amount_cents', k.money, (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reverses_payment_id', k.ref, (c) => c.references('invoice_payments.id'))
    .addColumn('note', 'text')
    .addColumn('recorded_at', k.ts, (c) => c.notNull())
    .addColumn('recorded_by', k.ref)
    .execute();
  await db.schema.createIndex('invoice_payments_invoice_idx').on('invoice_payments').columns(['invoice_id', 'id']).execute();
  await db.schema.createIndex('invoice_payments_paid_on_idx').on('invoice_payments').columns(['paid_on']).execute();

  // The last link of each chain ('records', 'events'): locked while a link is added.
  await db.schema
    .createTable('verifactu_heads')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', k.int, (c) => c.notNull())
    .addColumn('last_fingerprint', 'text', (c) => c.notNull())
    .addColumn('last_ref', k.json)
    .execute();
  await db.insertInto('verifactu_heads').values([
    { chain: 'records', last_seq: 0, last_fingerprint: '', last_ref: null },
    { chain: 'events', last_seq: 0, last_fingerprint: '', last_ref: null },
  ]).execute();

  await k.id(db.schema.createTable('verifactu_records'))
    .addColumn('seq', k.int, (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('invoice_id', k.ref, (c) => c.notNull().references('invoices.id'))
    .addColumn('issuer_nif', 'text', (c) => c.notNull())
    .addColumn('num_serie', 'text', (c) => c.notNull())
    .addColumn('fecha_expedicion', 'text', (c) => c.notNull())
    .addColumn('tipo_factura', 'text')
    .addColumn('cuota_total', 'text')
    .addColumn('importe_total', 'text')
    .addColumn('previous_fingerprint', 'text', (c) => c.notNull())
    .addColumn('previous_ref', k.json)
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    // Everything else the AEAT's XML carries (issuer name, recipient, breakdown, rectified invoices).
    .addColumn('xml_data', k.json, (c) => c.notNull())
    .addColumn('send_state', 'text', (c) => c.notNull())
    .addColumn('send_attempts', k.int, (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', k.ts)
    .addColumn('sent_at', k.ts)
    .addColumn('reply_state', 'text')
    .addColumn('reply_code', 'text')
    .addColumn('reply_text', 'text')
    .addColumn('reply_csv', 'text')
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verifactu_records_send_idx').on('verifactu_records').columns(['send_state', 'next_attempt_at']).execute();
  await db.schema.createIndex('verifactu_records_invoice_idx').on('verifactu_records').columns(['invoice_id']).execute();

  await k.id(db.schema.createTable('verifactu_events'))
    .addColumn('seq', k.int, (c) => c.notNull().unique())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('producer_nif', 'text', (c) => c.notNull())
    .addColumn('system_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('installation_number', 'text', (c) => c.notNull())
    .addColumn('issuer_nif', 'text', (c) => c.notNull())
    .addColumn('previous_fingerprint', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('detail', k.json)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['verifactu_events', 'verifactu_records', 'verifactu_heads', 'invoice_payments', 'invoice_instalments', 'invoice_lines', 'invoices', 'invoice_counters', 'billing_company']) {
    await db.schema.dropTable(t).execute();
  }
}
