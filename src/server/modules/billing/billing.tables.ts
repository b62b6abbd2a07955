/** Kysely row types of the billing area (joined into `DB` in db/schema.ts). */
import type { ColumnType, Generated } from 'kysely';
import type { Bool, Id, Json } from '../../db/columns.ts';

export type BillingCompanyTable = {
  id: number;
  legal_name: string;
  tax_id: string;
  address: Json | null;
  invoice_series: string;
  rectifying_series: string;
  default_payment_term_code: string | null;
  verifactu_environment: string;
  verifactu_send: Bool;
  verifactu_endpoint: string | null;
  installation_number: string;
  updated_at: string;
  updated_by: number | null;
};

export type InvoiceCountersTable = { series: string; year: number; last_number: number };

export type InvoicesTable = {
  id: Id;
  series: string;
  year: number;
  seq: number;
  number: string;
  invoice_type: string;
  rectifying_method: string | null;
  rectifies_invoice_id: number | null;
  rectification_reason: string | null;
  issue_date: string;
  issued_at: string;
  issued_by: number | null;
  issuer: Json;
  customer_id: number;
  customer_name: string;
  customer_tax_id: string | null;
  customer_address: Json | null;
  payment_term_code: string | null;
  payment_term_es: string | null;
  payment_term_en: string | null;
  description: string | null;
  incident_id: number | null;
  incident_number: string | null;
  base_cents: number;
  vat_cents: number;
  total_cents: number;
  vat_breakdown: Json;
  rectified_cents: Generated<number>;
  paid_cents: Generated<number>;
  outstanding_cents: number;
  settlement: string;
  next_due_date: string | null;
  voided_at: string | null;
  void_reason: string | null;
};

export type InvoiceLinesTable = {
  id: Id;
  invoice_id: number;
  position: number;
  item_id: number | null;
  description: string;
  quantity_milli: number;
  unit_price_cents: number;
  discount_bp: number;
  vat_rate_bp: number;
  amount_cents: number;
};

export type InvoiceInstalmentsTable = { invoice_id: number; seq: number; due_date: string; amount_cents: number };

export type InvoicePaymentsTable = {
  id: Id;
  invoice_id: number;
  instalment_seq: number | null;
  paid_on: string;
  amount_cents: number;
  method: string;
  reverses_payment_id: number | null;
  note: string | null;
  recorded_at: string;
  recorded_by: number | null;
};

export type VerifactuHeadsTable = { chain: string; last_seq: number; last_fingerprint: string; last_ref: Json | null };

export type VerifactuRecordsTable = {
  id: Id;
  seq: number;
  kind: string;
  invoice_id: number;
  issuer_nif: string;
  num_serie: string;
  fecha_expedicion: string;
  tipo_factura: string | null;
  cuota_total: string | null;
  importe_total: string | null;
  previous_fingerprint: string;
  previous_ref: Json | null;
  generated_at: string;
  fingerprint: string;
  xml_data: Json;
  send_state: string;
  send_attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string | null;
  sent_at: string | null;
  reply_state: string | null;
  reply_code: string | null;
  reply_text: string | null;
  reply_csv: string | null;
  created_at: string;
};

export type VerifactuEventsTable = {
  id: Id;
  seq: number;
  event_type: string;
  producer_nif: string;
  system_id: string;
  version: string;
  installation_number: string;
  issuer_nif: string;
  previous_fingerprint: string;
  generated_at: string;
  fingerprint: string;
  detail: Json | null;
  created_at: string;
};

export type BillingTables = {
  billing_company: BillingCompanyTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_instalments: InvoiceInstalmentsTable;
  invoice_payments: InvoicePaymentsTable;
  verifactu_heads: VerifactuHeadsTable;
  verifactu_records: VerifactuRecordsTable;
  verifactu_events: VerifactuEventsTable;
};
