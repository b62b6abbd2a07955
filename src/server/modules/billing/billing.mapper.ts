/** Rows of the billing area → API shapes (ids as strings, JSON columns parsed, status derived). */
import type { Company, Invoice, Payment } from '../../../shared/billing.ts';
import { fromJson, toBool } from '../../db/dialect.ts';
import type { InvoiceRow, PaymentRow } from './billing.repository.ts';

type Address = Company['address'];
type CompanyRow = {
  legal_name: string;
  tax_id: string;
  address: unknown;
  invoice_series: string;
  rectifying_series: string;
  default_payment_term_code: string | null;
  verifactu_environment: string;
  verifactu_send: unknown;
  verifactu_endpoint: string | null;
  installation_number: string;
  updated_at: string;
};

export const EMPTY_COMPANY: Company = {
  configured: false,
  legalName: '',
  taxId: '',
  address: null,
  invoiceSeries: 'F',
  rectifyingSeries: 'R',
  defaultPaymentTermCode: null,
  verifactuEnvironment: 'test',
  verifactuSend: false,
  verifactuEndpoint: null,
  installationNumber: '1',
  updatedAt: null,
};

export function toCompany(r: CompanyRow | undefined): Company {
  if (!r) return EMPTY_COMPANY;
  return {
    configured: true,
    legalName: r.legal_name,
    taxId: r.tax_id,
    address: fromJson<Address>(r.address, null),
    invoiceSeries: r.invoice_series,
    rectifyingSeries: r.rectifying_series,
    defaultPaymentTermCode: r.default_payment_term_code,
    verifactuEnvironment: r.verifactu_environment === 'production' ? 'production' : 'test',
    verifactuSend: toBool(r.verifactu_send),
    verifactuEndpoint: r.verifactu_endpoint,
    installationNumber: r.installation_number,
    updatedAt: r.updated_at,
  };
}

/** unpaid and partially paid become overdue once the earliest unpaid instalment's day has passed. */
export function statusOf(settlement: string, nextDueDate: string | null, today: string): Invoice['status'] {
  if ((settlement === 'unpaid' || settlement === 'partially_paid') && nextDueDate !== null && nextDueDate < today) return 'overdue';
  return settlement as Invoice['status'];
}

export function toInvoice(r: InvoiceRow, today: string): Invoice {
  return {
    id: String(r.id),
    number: r.number,
    series: r.series,
    year: Number(r.year),
    invoiceType: r.invoice_type,
    rectifyingMethod: r.rectifying_method === 'S' ? 'substitution' : r.rectifying_method === 'I' ? 'differences' : null,
    rectifiesInvoiceId: r.rectifies_invoice_id === null ? null : String(r.rectifies_invoice_id),
    rectifiesNumber: r.rectifies_number ?? null,
    rectificationReason: r.rectification_reason,
    issueDate: r.issue_date,
    issuedAt: r.issued_at,
    customerId: String(r.customer_id),
    customer: { name: r.customer_name, taxId: r.customer_tax_id, address: fromJson<Address>(r.customer_address, null) },
    paymentTermCode: r.payment_term_code,
    description: r.description,
    incidentId: r.incident_id === null ? null : String(r.incident_id),
    incidentNumber: r.incident_number,
    baseCents: Number(r.base_cents),
    vatCents: Number(r.vat_cents),
    totalCents: Number(r.total_cents),
    rectifiedCents: Number(r.rectified_cents),
    paidCents: Number(r.paid_cents),
    outstandingCents: Number(r.outstanding_cents),
    status: statusOf(r.settlement, r.next_due_date, today),
    nextDueDate: r.next_due_date,
    voidedAt: r.voided_at,
  };
}

export function toPayment(r: PaymentRow): Payment {
  return {
    id: String(r.id),
    invoiceId: String(r.invoice_id),
    instalmentSeq: r.instalment_seq === null ? null : Number(r.instalment_seq),
    paidOn: r.paid_on,
    amountCents: Number(r.amount_cents),
    method: r.method as Payment['method'],
    reversesPaymentId: r.reverses_payment_id === null ? null : String(r.reverses_payment_id),
    reversedBy: r.reversed_by === null || r.reversed_by === undefined ? null : String(r.reversed_by),
    note: r.note,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by === null ? null : String(r.recorded_by),
    recordedByName: r.recorded_by_name ?? null,
  };
}
