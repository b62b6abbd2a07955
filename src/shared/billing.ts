/**
 * The billing area's contract: request and response schemas of /billing, /invoices and
 * /verifactu. Shared with the web UI, which takes its types from here (`z.infer`). No server imports.
 */
import { z } from 'zod';
import { moneyTotals, stampedBy } from './fields.ts';
import { idString as id, isoDate, text } from './inputs.ts';
import { listQuery, pageSchema } from './page.ts';

const cents = z.number().int().min(-100_000_000_000).max(100_000_000_000);

export const INVOICE_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overdue', 'cancelled', 'voided', 'substituted', 'rectifying'] as const;
export const PAYMENT_METHODS = ['transfer', 'card', 'cash', 'direct_debit'] as const;
export const RECTIFYING_TYPES = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export const SEND_STATES = ['not_sent', 'pending', 'accepted', 'accepted_with_errors', 'rejected', 'failed'] as const;

export const addressSchema = z
  .object({
    street: text(200).optional(),
    city: text(100).optional(),
    postalCode: text(20).optional(),
    province: text(100).optional(),
    country: text(60).optional(),
  })
  .strict();

export const companyBody = z
  .object({
    legalName: text(200).min(1).describe('Razón social'),
    taxId: text(20).min(1).describe('NIF of the company, validated'),
    address: addressSchema.nullish(),
    invoiceSeries: text(10).min(1).regex(/^[A-Z][A-Z0-9]{0,9}$/, 'invalid_format').describe('Prefix of ordinary invoices: F → F2026-000001'),
    rectifyingSeries: text(10).min(1).regex(/^[A-Z][A-Z0-9]{0,9}$/, 'invalid_format').describe('Prefix of rectifying invoices, its own series: R → R2026-000001'),
    defaultPaymentTermCode: text(20).nullish().describe('payment-terms code used when an invoice names none'),
    verifactuEnvironment: z.enum(['test', 'production']).describe("The AEAT's test or production addresses (QR and sending)"),
    verifactuSend: z.boolean().describe('Send the records to the AEAT (needs the certificate and the internet); off by default'),
    verifactuEndpoint: z.url().max(500).nullish().describe("Address of the AEAT's web service (default: the environment's)"),
    installationNumber: text(20).min(1).describe('NumeroInstalacion of this billing system'),
  })
  .strict();
export type CompanyInput = z.infer<typeof companyBody>;

export const companySchema = z.object({
  configured: z.boolean().describe('false until an administrator saves the company data; nothing can be invoiced before'),
  legalName: z.string(),
  taxId: z.string(),
  address: addressSchema.nullable(),
  invoiceSeries: z.string(),
  rectifyingSeries: z.string(),
  defaultPaymentTermCode: z.string().nullable(),
  verifactuEnvironment: z.enum(['test', 'production']),
  verifactuSend: z.boolean(),
  verifactuEndpoint: z.string().nullable(),
  installationNumber: z.string(),
  updatedAt: z.string().nullable(),
});
export type Company = z.infer<typeof companySchema>;

export const lineInput = z
  .object({
    itemId: id.nullish().describe('Item sold (optional); its description, price and VAT are the defaults'),
    description: text(500).nullish().describe('Default: the item description'),
    quantityMilli: z.number().int().min(-1_000_000_000).max(1_000_000_000).refine((v) => v !== 0, 'not_zero').describe('Quantity in thousandths (1.5 = 1500): up to three decimals'),
    unitPriceCents: z.number().int().min(0).max(10_000_000_000).nullish().describe('Default: the item price'),
    discountBp: z.number().int().min(0).max(10_000).optional().describe('Discount in basis points (10 % = 1000)'),
    vatRateBp: z.number().int().min(0).max(10_000).nullish().describe('VAT rate in basis points (21 % = 2100); default: the item rate'),
  })
  .strict();
export type LineInput = z.infer<typeof lineInput>;

export const invoiceCreateBody = z
  .object({
    customerId: id,
    paymentTermCode: text(20).nullish().describe('payment-terms code; default: the company default, else cash'),
    description: text(500).nullish().describe('DescripcionOperacion: what the invoice is for'),
    lines: z.array(lineInput).min(1).max(500),
  })
  .strict();
export type InvoiceCreate = z.infer<typeof invoiceCreateBody>;

export const rectifyBody = z
  .object({
    type: z.enum(RECTIFYING_TYPES).describe('R1 error in law (art. 80 LIVA 1, 2, 6), R2 insolvency, R3 bad debts, R4 others, R5 simplified invoices'),
    method: z.enum(['differences', 'substitution']).describe('differences: the lines are the change (negative to take off); substitution: the lines replace the original'),
    reason: text(500).min(1),
    fullCredit: z.boolean().optional().describe('differences only: credit the whole original (lines are ignored)'),
    lines: z.array(lineInput).max(500).optional(),
  })
  .strict();
export type RectifyInput = z.infer<typeof rectifyBody>;

export const voidBody = z.object({ reason: text(500).min(1) }).strict();

export const paymentBody = z
  .object({
    paidOn: isoDate,
    amountCents: z.number().int().min(1).max(100_000_000_000).describe('Positive; a mistake is undone with POST …/payments/{paymentId}/reverse'),
    method: z.enum(PAYMENT_METHODS),
    instalmentSeq: z.number().int().min(1).max(100).nullish().describe('Pay this instalment (default: the invoice, earliest instalments first)'),
    note: text(500).nullish(),
  })
  .strict();
export type PaymentInput = z.infer<typeof paymentBody>;

export const reverseBody = z.object({ note: text(500).nullish(), paidOn: isoDate.nullish().describe('Default: today') }).strict();

export const invoiceLineSchema = z.object({
  position: z.number(),
  itemId: z.string().nullable(),
  description: z.string(),
  quantityMilli: z.number(),
  unitPriceCents: z.number(),
  discountBp: z.number(),
  vatRateBp: z.number(),
  amountCents: z.number(),
});

export const instalmentSchema = z.object({
  seq: z.number(),
  dueDate: z.string(),
  amountCents: z.number().describe('After rectifications'),
  paidCents: z.number(),
  outstandingCents: z.number(),
  overdue: z.boolean(),
});

export const paymentSchema = z.object({
  id: z.string(),
  invoiceId: z.string(),
  instalmentSeq: z.number().nullable(),
  paidOn: z.string(),
  amountCents: z.number().describe('Negative for a reversal'),
  method: z.enum(PAYMENT_METHODS),
  reversesPaymentId: z.string().nullable(),
  reversedBy: z.string().nullable().describe('The reversal entry of this payment, if any'),
  note: z.string().nullable(),
  ...stampedBy('recorded'),
});
export type Payment = z.infer<typeof paymentSchema>;

const partySchema = z.object({ name: z.string(), taxId: z.string().nullable(), address: addressSchema.nullable() });

export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string(),
  series: z.string(),
  year: z.number(),
  invoiceType: z.string().describe('F1 invoice, F2 simplified, R1–R5 rectifying'),
  rectifyingMethod: z.enum(['differences', 'substitution']).nullable(),
  rectifiesInvoiceId: z.string().nullable(),
  rectifiesNumber: z.string().nullable(),
  rectificationReason: z.string().nullable(),
  issueDate: z.string(),
  issuedAt: z.string(),
  customerId: z.string(),
  customer: partySchema.describe('As it was when issued'),
  paymentTermCode: z.string().nullable(),
  description: z.string().nullable(),
  incidentId: z.string().nullable(),
  incidentNumber: z.string().nullable(),
  ...moneyTotals,
  rectifiedCents: z.number().describe('What rectifications by differences add to what is due (negative: credit notes)'),
  paidCents: z.number(),
  outstandingCents: z.number(),
  status: z.enum(INVOICE_STATUSES),
  nextDueDate: z.string().nullable(),
  voidedAt: z.string().nullable(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceDetailSchema = invoiceSchema.extend({
  issuer: partySchema.describe('The company as it was when issued'),
  paymentTerm: z.string().nullable().describe('Description in the caller’s language'),
  vatBreakdown: z.array(z.object({ vatRateBp: z.number(), baseCents: z.number(), vatCents: z.number() })),
  lines: z.array(invoiceLineSchema),
  instalments: z.array(instalmentSchema),
  payments: z.array(paymentSchema),
  rectifications: z.array(z.object({ id: z.string(), number: z.string(), invoiceType: z.string(), totalCents: z.number(), issueDate: z.string() })),
  voidReason: z.string().nullable(),
  qrUrl: z.string().describe("AEAT verification address in the invoice's QR code"),
  records: z.array(z.object({ seq: z.number(), kind: z.enum(['alta', 'anulacion']), fingerprint: z.string(), sendState: z.enum(SEND_STATES) })),
});
export type InvoiceDetail = z.infer<typeof invoiceDetailSchema>;

export const invoiceListQuery = listQuery.extend({
  status: z.enum(INVOICE_STATUSES).optional(),
  customerId: id.optional(),
  series: text(10).optional(),
  from: isoDate.optional().describe('Issued on or after'),
  to: isoDate.optional().describe('Issued on or before'),
  incidentId: id.optional(),
});
export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;

export const invoicePageSchema = pageSchema(invoiceSchema);

export const monthlyQuery = z.object({ months: z.coerce.number().int().min(1).max(36).default(12) });
export const monthlySchema = z.object({
  months: z.array(z.object({ month: z.string().describe('YYYY-MM'), invoicedCents: z.number(), collectedCents: z.number(), outstandingCents: z.number().describe('Of the invoices issued that month, still due today') })),
});
export type Monthly = z.infer<typeof monthlySchema>;

export const recordSchema = z.object({
  seq: z.number(),
  kind: z.enum(['alta', 'anulacion']),
  invoiceId: z.string(),
  numSerie: z.string(),
  fechaExpedicion: z.string(),
  tipoFactura: z.string().nullable(),
  importeTotal: z.string().nullable(),
  generatedAt: z.string(),
  previousFingerprint: z.string(),
  fingerprint: z.string(),
  sendState: z.enum(SEND_STATES),
  sendAttempts: z.number(),
  replyState: z.string().nullable(),
  replyCode: z.string().nullable(),
  replyText: z.string().nullable(),
});
export type VerifactuRecord = z.infer<typeof recordSchema>;
export const recordPageSchema = pageSchema(recordSchema);
export const recordListQuery = listQuery;

export const chainCheckSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  lastFingerprint: z.string(),
  firstBreak: z
    .object({ position: z.number(), seq: z.number(), recordId: z.string(), reason: z.enum(['fingerprint_mismatch', 'link_mismatch']), numSerie: z.string().nullable() })
    .nullable(),
});
export const verifyResultSchema = z.object({ records: chainCheckSchema, events: chainCheckSchema });
export type VerifyResult = z.infer<typeof verifyResultSchema>;

export const chainStateSchema = z.object({
  records: z.number(),
  lastFingerprint: z.string(),
  events: z.number(),
  pendingToSend: z.number(),
  sending: z.boolean(),
  lastCheck: z.object({ at: z.string(), ok: z.boolean() }).nullable(),
});
export type ChainState = z.infer<typeof chainStateSchema>;

export const eventSchema = z.object({ seq: z.number(), eventType: z.string(), generatedAt: z.string(), fingerprint: z.string(), detail: z.record(z.string(), z.unknown()).nullable() });
export const eventPageSchema = pageSchema(eventSchema);
