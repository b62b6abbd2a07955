/**
 * Billing (spec section 6, seed 004 steps 5 and 6): the company's data, invoices issued manually or
 * by closing a billable incident, rectifying invoices, payments and their reversals.
 *
 * An issued invoice is never changed: numbers are taken inside the issuing transaction (gapless
 * per series and year), the customer and the company are copied onto it as they are that day,
 * and its VERI*FACTU registration record is chained in the same transaction. Corrections are
 * rectifying invoices in their own series; mistakes in payments are undone by negative entries.
 */
import type { Company, CompanyInput, Invoice, InvoiceCreate, InvoiceDetail, InvoiceListQuery, LineInput, Monthly, PaymentInput, RectifyInput } from '../../../shared/billing.ts';
import { addDays, todayIn } from '../../../shared/dates.ts';
import { type Ctx, nowOf, tx } from '../../context.ts';
import { fromJson, toBool, toJson } from '../../db/dialect.ts';
import { decodeCursor, keyset, type Page, toPage } from '../../db/pagination.ts';
import { AppError, conflict, type FieldError, fieldError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { indexDocument } from '../search/search.service.ts';
import { findEntry, findFlagged, listEntries } from '../catalogs/catalogs.service.ts';
import { checkTaxId, normalizeTaxId } from '../customers/tax-id.ts';
import type { IncidentSnapshot, IncidentSupplySnapshot } from '../incident-hooks.ts';
import { checkPayment, formatInvoiceNumber, type Instalment, invoiceTotals, settle, splitInstalments } from './billing.rules.ts';
import { statusOf, toCompany, toInvoice, toPayment } from './billing.mapper.ts';
import * as repo from './billing.repository.ts';
import { aeatAmount, aeatDate, verificationUrl } from './verifactu.rules.ts';
import { appendAlta, appendAnulacion } from './verifactu.service.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const INVOICES = keyset('invoices', 'id');
const INVOICES_BY_DATE = keyset('invoices-by-date', 'date', 'id');

/** RD 1619/2012 art. 4: a simplified invoice (F2, no recipient's tax id) up to 400 € VAT included. */
export const SIMPLIFIED_LIMIT_CENTS = 40_000;

/** Today and now on the request's clock (`nowOf`): the system's, or the demo loader's "as of" day. */
const today = (ctx: Ctx) => todayIn(ctx.config.defaultTimeZone, nowOf(ctx));
const stamp = (ctx: Ctx) => nowOf(ctx).toISOString();

// ── company ──────────────────────────────────────────────────────────────────
export async function getCompany(ctx: Ctx): Promise<Company> {
  return toCompany(await repo.findCompany(ctx.db));
}

export async function saveCompany(ctx: Ctx, input: CompanyInput): Promise<Company> {
  const errors: FieldError[] = [];
  const nif = checkTaxId(input.taxId);
  if (!nif.valid) errors.push({ field: 'taxId', code: 'invalid_tax_id' });
  if (input.invoiceSeries === input.rectifyingSeries) errors.push({ field: 'rectifyingSeries', code: 'series_must_differ' });
  if (input.defaultPaymentTermCode) {
    const term = await findEntry(ctx, 'payment-terms', input.defaultPaymentTermCode);
    if (!term || !term.active) errors.push({ field: 'defaultPaymentTermCode', code: 'unknown_code', params: { value: input.defaultPaymentTermCode } });
  }
  if (errors.length) throw new AppError('validation_failed', { errors });
  return tx(ctx, async (c) => {
    const before = await repo.findCompany(c.db);
    await repo.saveCompany(c.db, {
      legal_name: input.legalName,
      tax_id: nif.value,
      address: toJson(input.address ?? null),
      invoice_series: input.invoiceSeries,
      rectifying_series: input.rectifyingSeries,
      default_payment_term_code: input.defaultPaymentTermCode ?? null,
      verifactu_environment: input.verifactuEnvironment,
      verifactu_send: input.verifactuSend,
      verifactu_endpoint: input.verifactuEndpoint ?? null,
      installation_number: input.installationNumber,
      updated_at: stamp(c),
      updated_by: c.actor.userId || null,
    });
    // Switching sending on queues every record not sent yet, in chain order.
    if (input.verifactuSend && !(before && before.verifactu_send)) await repo.markUnsentPending(c.db);
    await recordAudit(c, { entityType: 'billing_company', entityId: 1, action: before ? 'update' : 'create', changes: { ...input } });
    return toCompany(await repo.findCompany(c.db));
  });
}

// ── issuing ──────────────────────────────────────────────────────────────────
type ResolvedLine = { itemId: number | null; description: string; quantityMilli: number; unitPriceCents: number; discountBp: number; vatRateBp: number };

/** Fills each line from its item (description, price, VAT) and checks the rates against the catalog. */
async function resolveLines(ctx: Ctx, lines: LineInput[], field = 'lines'): Promise<ResolvedLine[]> {
  const errors: FieldError[] = [];
  const rates = (await listEntries(ctx, 'vat-rates', { active: true })).map((e) => e.rate).filter((r): r is number => typeof r === 'number');
  const out: ResolvedLine[] = [];
  for (const [i, l] of lines.entries()) {
    const item = l.itemId ? await repo.itemDefaults(ctx.db, Number(l.itemId)) : undefined;
    if (l.itemId && !item) errors.push({ field: `${field}.${i}.itemId`, code: 'unknown_reference' });
    const description = l.description?.trim() || item?.description || '';
    if (!description) errors.push({ field: `${field}.${i}.description`, code: 'required' });
    const unitPriceCents = l.unitPriceCents ?? (item ? Number(item.unit_price_cents) : null);
    if (unitPriceCents === null) errors.push({ field: `${field}.${i}.unitPriceCents`, code: 'required' });
    const vatRateBp = l.vatRateBp ?? (item ? Number(item.vat_rate) : null);
    if (vatRateBp === null) errors.push({ field: `${field}.${i}.vatRateBp`, code: 'required' });
    else if (rates.length > 0 && !rates.includes(vatRateBp)) errors.push({ field: `${field}.${i}.vatRateBp`, code: 'vat_rate_unknown' });
    out.push({ itemId: item ? Number(item.id) : null, description, quantityMilli: l.quantityMilli, unitPriceCents: unitPriceCents ?? 0, discountBp: l.discountBp ?? 0, vatRateBp: vatRateBp ?? 0 });
  }
  if (errors.length) throw new AppError('validation_failed', { errors });
  return out;
}

type PaymentTerm = { code: string | null; es: string | null; en: string | null; dueDays: number[] };

async function resolvePaymentTerm(ctx: Ctx, code: string | null | undefined, companyDefault: string | null): Promise<PaymentTerm> {
  if (code) {
    const e = await findEntry(ctx, 'payment-terms', code);
    if (!e || !e.active) throw fieldError('paymentTermCode', 'unknown_code', { value: code });
    return { code: e.code, es: e.descriptionEs, en: e.descriptionEn, dueDays: (e.dueDays as number[] | undefined) ?? [0] };
  }
  const e = (companyDefault ? await findEntry(ctx, 'payment-terms', companyDefault) : undefined) ?? (await findFlagged(ctx, 'payment-terms', 'isDefault'));
  if (e) return { code: e.code, es: e.descriptionEs, en: e.descriptionEn, dueDays: (e.dueDays as number[] | undefined) ?? [0] };
  return { code: null, es: 'Contado', en: 'Cash', dueDays: [0] };
}

type IssueSpec = {
  customerId: number;
  lines: ResolvedLine[];
  paymentTermCode?: string | null;
  description: string | null;
  incident?: { id: number; number: string };
  rectifies?: { original: NonNullable<Awaited<ReturnType<typeof repo.lockInvoice>>>; type: string; method: 'S' | 'I'; reason: string };
};

/** Where an invoice stands from its instalments and payments; the columns lists and filters read. */
function settlementColumns(inv: { total_cents: number; rectified_cents: number }, instalments: Instalment[], payments: Array<{ amountCents: number; instalmentSeq: number | null }>, day: string) {
  const s = settle({ totalCents: Number(inv.total_cents), rectificationsCents: Number(inv.rectified_cents), instalments, payments, today: day });
  const next = s.instalments.filter((i) => i.outstandingCents > 0).map((i) => i.dueDate).sort()[0] ?? null;
  // Overdue is a matter of the day it is read, not stored.
  const settlement = s.status === 'overdue' ? (s.paidCents > 0 ? 'partially_paid' : 'unpaid') : s.status;
  return { settlement, paid_cents: s.paidCents, outstanding_cents: s.outstandingCents, next_due_date: s.outstandingCents > 0 ? next : null, s };
}

async function issue(ctx: Ctx, spec: IssueSpec): Promise<number> {
  return tx(ctx, async (c) => {
    const company = await repo.findCompany(c.db);
    if (!company) throw conflict('billing_not_configured');
    const customer = await repo.customerForInvoice(c.db, spec.customerId);
    if (!customer) throw fieldError('customerId', 'unknown_reference');
    const totals = invoiceTotals(spec.lines);
    const taxId = customer.tax_id ? normalizeTaxId(customer.tax_id) : null;
    const hasTaxId = !!taxId && checkTaxId(taxId).valid;
    let invoiceType: string;
    if (spec.rectifies) invoiceType = spec.rectifies.type;
    else if (hasTaxId) invoiceType = 'F1';
    else if (totals.totalCents <= SIMPLIFIED_LIMIT_CENTS) invoiceType = 'F2';
    else throw conflict('customer_tax_id_required');

    const byDifferences = spec.rectifies?.method === 'I';
    const term = byDifferences ? { code: null, es: null, en: null, dueDays: [0] } : await resolvePaymentTerm(c, spec.paymentTermCode ?? spec.rectifies?.original.payment_term_code, company.default_payment_term_code);
    const issueDate = today(c);
    const year = Number(issueDate.slice(0, 4));
    const series = spec.rectifies ? company.rectifying_series : company.invoice_series;
    const seq = await repo.takeNextNumber(c.db, series, year);
    const number = formatInvoiceNumber(series, year, seq);
    const instalments = byDifferences ? [] : splitInstalments(totals.totalCents, issueDate, term.dueDays);
    const cols = byDifferences
      ? { settlement: 'rectifying', paid_cents: 0, outstanding_cents: 0, next_due_date: null }
      : settlementColumns({ total_cents: totals.totalCents, rectified_cents: 0 }, instalments, [], issueDate);
    const issuer = { name: company.legal_name, taxId: company.tax_id, address: fromJson(company.address, null) };
    const id = await repo.insertInvoice(c.db, {
      series,
      year,
      seq,
      number,
      invoice_type: invoiceType,
      rectifying_method: spec.rectifies?.method ?? null,
      rectifies_invoice_id: spec.rectifies ? Number(spec.rectifies.original.id) : null,
      rectification_reason: spec.rectifies?.reason ?? null,
      issue_date: issueDate,
      issued_at: stamp(c),
      issued_by: c.actor.userId || null,
      issuer: toJson(issuer) as string,
      customer_id: Number(customer.id),
      customer_name: customer.name,
      customer_tax_id: taxId,
      customer_address: toJson(fromJson(customer.address, null)),
      payment_term_code: term.code,
      payment_term_es: term.es,
      payment_term_en: term.en,
      description: spec.description,
      incident_id: spec.incident?.id ?? null,
      incident_number: spec.incident?.number ?? null,
      base_cents: totals.baseCents,
      vat_cents: totals.vatCents,
      total_cents: totals.totalCents,
      vat_breakdown: toJson(totals.breakdown) as string,
      rectified_cents: 0,
      paid_cents: 0,
      outstanding_cents: cols.outstanding_cents,
      settlement: cols.settlement,
      next_due_date: cols.next_due_date,
      voided_at: null,
      void_reason: null,
    });
    await repo.insertLines(
      c.db,
      spec.lines.map((l, i) => ({
        invoice_id: id,
        position: i + 1,
        item_id: l.itemId,
        description: l.description,
        quantity_milli: l.quantityMilli,
        unit_price_cents: l.unitPriceCents,
        discount_bp: l.discountBp,
        vat_rate_bp: l.vatRateBp,
        amount_cents: totals.lineAmountsCents[i],
      })),
    );
    await repo.insertInstalments(c.db, instalments.map((i) => ({ invoice_id: id, seq: i.seq, due_date: i.dueDate, amount_cents: i.amountCents })));

    const original = spec.rectifies?.original;
    await appendAlta(c, {
      invoiceId: id,
      issuerNif: company.tax_id,
      issuerName: company.legal_name,
      number,
      issueDate,
      invoiceType,
      vatCents: totals.vatCents,
      totalCents: totals.totalCents,
      description: spec.description || (spec.incident ? `Incidencia ${spec.incident.number}` : spec.lines[0].description).slice(0, 500),
      recipient: hasTaxId && taxId ? { name: customer.name, nif: taxId } : null,
      rectifying: original
        ? {
            method: spec.rectifies!.method,
            originals: [{ nif: company.tax_id, numSerie: original.number, fecha: aeatDate(original.issue_date) }],
            ...(spec.rectifies!.method === 'S' ? { base: aeatAmount(Number(original.base_cents)), cuota: aeatAmount(Number(original.vat_cents)) } : {}),
          }
        : null,
      breakdown: totals.breakdown,
      sendNow: toBool(company.verifactu_send),
    });

    if (original) {
      if (spec.rectifies!.method === 'S') {
        await repo.updateInvoice(c.db, Number(original.id), { settlement: 'substituted', outstanding_cents: 0, next_due_date: null });
      } else {
        const rectified = Number(original.rectified_cents) + totals.totalCents;
        await resettle(c, Number(original.id), rectified);
      }
    }
    // Found by its number (however typed), its incident's number and its words in the global search.
    await indexDocument(c, {
      entityType: 'invoice',
      entityId: id,
      customerId: Number(customer.id),
      title: `${number} · ${customer.name}`,
      subtitle: (spec.description || spec.incident?.number || spec.lines[0].description).slice(0, 200),
      text: [spec.description, ...spec.lines.map((l) => l.description)],
      codes: [number, spec.incident?.number, original?.number],
    });
    await recordAudit(c, { entityType: 'invoice', entityId: id, action: 'issue', changes: { number, totalCents: totals.totalCents, customerId: String(customer.id), rectifies: original?.number ?? null } });
    return id;
  });
}

/** Recomputes the stored settlement of an invoice from its instalments and payments. */
async function resettle(c: Ctx, invoiceId: number, rectifiedCents?: number): Promise<void> {
  const inv = await repo.findInvoice(c.db, invoiceId);
  if (!inv) throw notFound();
  const instalments = (await repo.listInstalments(c.db, invoiceId)).map((i) => ({ seq: Number(i.seq), dueDate: i.due_date, amountCents: Number(i.amount_cents) }));
  const payments = (await repo.listPayments(c.db, invoiceId)).map((p) => ({ amountCents: Number(p.amount_cents), instalmentSeq: p.instalment_seq === null ? null : Number(p.instalment_seq) }));
  const rect = rectifiedCents ?? Number(inv.rectified_cents);
  const cols = settlementColumns({ total_cents: Number(inv.total_cents), rectified_cents: rect }, instalments, payments, today(c));
  await repo.updateInvoice(c.db, invoiceId, { rectified_cents: rect, settlement: cols.settlement, paid_cents: cols.paid_cents, outstanding_cents: cols.outstanding_cents, next_due_date: cols.next_due_date });
}

export async function createInvoice(ctx: Ctx, input: InvoiceCreate): Promise<InvoiceDetail> {
  const lines = await resolveLines(ctx, input.lines);
  const id = await issue(ctx, { customerId: Number(input.customerId), lines, paymentTermCode: input.paymentTermCode, description: input.description ?? null });
  return getInvoice(ctx, id);
}

/**
 * The close hook of the incidents area: a billable incident with supply lines is invoiced in the
 * close transaction (a throw here refuses the close); warranty and courtesy incidents never are.
 */
export async function invoiceClosingIncident(ctx: Ctx, e: { incident: IncidentSnapshot; supplies: IncidentSupplySnapshot[] }): Promise<{ invoiceId: number | null }> {
  if (e.incident.caseType !== 'billable' || e.supplies.length === 0) return { invoiceId: null };
  if (e.incident.invoiceId) return { invoiceId: e.incident.invoiceId };
  const lines = e.supplies.map((s) => ({ itemId: s.itemId, description: s.description, quantityMilli: s.quantityMilli, unitPriceCents: s.unitPriceCents, discountBp: 0, vatRateBp: s.vatRateBp }));
  const id = await issue(ctx, { customerId: e.incident.customerId, lines, description: `Incidencia ${e.incident.number}`, incident: { id: e.incident.id, number: e.incident.number } });
  return { invoiceId: id };
}

// ── reading ──────────────────────────────────────────────────────────────────
export async function getInvoice(ctx: Ctx, id: number): Promise<InvoiceDetail> {
  const r = await repo.findInvoice(ctx.db, id);
  if (!r) throw notFound();
  const day = today(ctx);
  const [lines, instalmentRows, paymentRows, rectifications, records] = await Promise.all([
    repo.listLines(ctx.db, id),
    repo.listInstalments(ctx.db, id),
    repo.listPayments(ctx.db, id),
    repo.listRectifications(ctx.db, id),
    repo.recordsOfInvoice(ctx.db, id),
  ]);
  const instalments = instalmentRows.map((i) => ({ seq: Number(i.seq), dueDate: i.due_date, amountCents: Number(i.amount_cents) }));
  const payments = paymentRows.map(toPayment);
  const s = settle({ totalCents: Number(r.total_cents), rectificationsCents: Number(r.rectified_cents), instalments, payments: payments.map((p) => ({ amountCents: p.amountCents, instalmentSeq: p.instalmentSeq })), today: day });
  const company = await repo.findCompany(ctx.db);
  const issuer = fromJson<{ name: string; taxId: string; address: InvoiceDetail['issuer']['address'] }>(r.issuer, { name: '', taxId: '', address: null });
  const base = toInvoice(r, day);
  return {
    ...base,
    issuer: { name: issuer.name, taxId: issuer.taxId, address: issuer.address },
    paymentTerm: ctx.locale === 'en' ? r.payment_term_en : r.payment_term_es,
    vatBreakdown: fromJson(r.vat_breakdown, []),
    lines: lines.map((l) => ({
      position: Number(l.position),
      itemId: l.item_id === null ? null : String(l.item_id),
      description: l.description,
      quantityMilli: Number(l.quantity_milli),
      unitPriceCents: Number(l.unit_price_cents),
      discountBp: Number(l.discount_bp),
      vatRateBp: Number(l.vat_rate_bp),
      amountCents: Number(l.amount_cents),
    })),
    instalments: instalmentRows.length && !['voided', 'substituted', 'rectifying'].includes(r.settlement) ? s.instalments : [],
    payments,
    rectifications: rectifications.map((x) => ({ id: String(x.id), number: x.number, invoiceType: x.invoice_type, totalCents: Number(x.total_cents), issueDate: x.issue_date })),
    voidReason: r.void_reason,
    qrUrl: qrUrlOf(r, company?.verifactu_environment === 'production' ? 'production' : 'test'),
    records: records.map((x) => ({ seq: Number(x.seq), kind: x.kind as 'alta', fingerprint: x.fingerprint, sendState: x.send_state as 'pending' })),
  };
}

export function qrUrlOf(r: { issuer: unknown; number: string; issue_date: string; total_cents: number }, environment: 'production' | 'test'): string {
  const issuer = fromJson<{ taxId: string }>(r.issuer, { taxId: '' });
  return verificationUrl({ nif: issuer.taxId, numSerie: r.number, fecha: aeatDate(r.issue_date), importe: aeatAmount(Number(r.total_cents)), environment, verifactu: true });
}

export async function listInvoices(ctx: Ctx, q: InvoiceListQuery): Promise<Page<Invoice>> {
  const day = today(ctx);
  const byStatus: Partial<Record<Invoice['status'], Pick<repo.InvoiceFilter, 'settlement' | 'dueBefore' | 'notDueBefore'>>> = {
    overdue: { settlement: ['unpaid', 'partially_paid'], dueBefore: day },
    unpaid: { settlement: ['unpaid'], notDueBefore: day },
    partially_paid: { settlement: ['partially_paid'], notDueBefore: day },
  };
  const status = q.status ? (byStatus[q.status] ?? { settlement: [q.status] }) : {};
  // A period without a narrower key (customer, incident) is read along the issue-date index.
  const byIssueDate = Boolean((q.from || q.to) && !q.customerId && !q.incidentId);
  const ks = byIssueDate ? INVOICES_BY_DATE : INVOICES;
  const rows = await repo.listInvoices(ctx.db, {
    byIssueDate,
    ...status,
    customerId: q.customerId ? Number(q.customerId) : undefined,
    series: q.series,
    from: q.from,
    to: q.to,
    incidentId: q.incidentId ? Number(q.incidentId) : undefined,
    cursor: decodeCursor(q.cursor, ks),
    limit: q.limit,
  });
  return toPage(rows, q.limit, ks, (r) => (byIssueDate ? [r.issue_date, Number(r.id)] : [Number(r.id)]), (r) => toInvoice(r, day));
}

export async function monthly(ctx: Ctx, months: number): Promise<Monthly> {
  const day = today(ctx);
  const first = `${day.slice(0, 7)}-01`;
  const [y, m] = first.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - months, 1)).toISOString().slice(0, 10);
  const keys: string[] = [];
  for (let i = 0; i < months; i++) keys.push(new Date(Date.UTC(y, m - months + i, 1)).toISOString().slice(0, 7));
  const out = new Map(keys.map((k) => [k, { month: k, invoicedCents: 0, collectedCents: 0, outstandingCents: 0 }]));
  for (const r of await repo.invoicedByDay(ctx.db, start)) {
    const e = out.get(String(r.issue_date).slice(0, 7));
    if (e) {
      e.invoicedCents += Number(r.invoiced);
      e.outstandingCents += Number(r.outstanding);
    }
  }
  for (const r of await repo.collectedByDay(ctx.db, start)) {
    const e = out.get(String(r.paid_on).slice(0, 7));
    if (e) e.collectedCents += Number(r.collected);
  }
  return { months: [...out.values()] };
}

// ── corrections ──────────────────────────────────────────────────────────────
export function refuseChange(): never {
  throw conflict('invoice_immutable');
}

export async function rectifyInvoice(ctx: Ctx, id: number, input: RectifyInput): Promise<InvoiceDetail> {
  const newId = await tx(ctx, async (c) => {
    const original = await repo.lockInvoice(c.db, id);
    if (!original) throw notFound();
    if (original.rectifies_invoice_id !== null) throw conflict('cannot_rectify_rectifying');
    if (original.settlement === 'voided' || original.settlement === 'substituted') throw conflict('invoice_not_rectifiable');
    const method = input.method === 'substitution' ? 'S' : 'I';
    let lines: ResolvedLine[];
    if (method === 'I' && input.fullCredit) {
      if (Number(original.rectified_cents) !== 0) throw conflict('full_credit_after_rectification');
      lines = (await repo.listLines(c.db, id)).map((l) => ({
        itemId: l.item_id,
        description: l.description,
        quantityMilli: -Number(l.quantity_milli),
        unitPriceCents: Number(l.unit_price_cents),
        discountBp: Number(l.discount_bp),
        vatRateBp: Number(l.vat_rate_bp),
      }));
    } else {
      if (!input.lines || input.lines.length === 0) throw fieldError('lines', 'required');
      lines = await resolveLines(c, input.lines);
    }
    const totals = invoiceTotals(lines);
    if (method === 'I') {
      if (totals.totalCents === 0) throw fieldError('lines', 'rectification_zero');
      if (Number(original.total_cents) + Number(original.rectified_cents) + totals.totalCents < 0) throw conflict('credit_exceeds_invoice');
    } else if (Number(original.paid_cents) !== 0) {
      throw conflict('invoice_has_payments');
    }
    const type = original.invoice_type === 'F2' ? 'R5' : input.type;
    return issue(c, {
      customerId: Number(original.customer_id),
      lines,
      description: input.reason,
      rectifies: { original, type, method, reason: input.reason },
    });
  });
  return getInvoice(ctx, newId);
}

/** Voids an invoice that should never have been issued: a cancellation record (anulación) is chained. */
export async function voidInvoice(ctx: Ctx, id: number, reason: string): Promise<InvoiceDetail> {
  await tx(ctx, async (c) => {
    const inv = await repo.lockInvoice(c.db, id);
    if (!inv) throw notFound();
    if (inv.settlement === 'voided') throw conflict('invoice_already_voided');
    if (Number(inv.paid_cents) !== 0) throw conflict('invoice_has_payments');
    if (Number(inv.rectified_cents) !== 0 || inv.settlement === 'substituted') throw conflict('invoice_not_rectifiable');
    const company = await repo.findCompany(c.db);
    if (!company) throw conflict('billing_not_configured');
    const issuer = fromJson<{ taxId: string }>(inv.issuer, { taxId: company.tax_id });
    await appendAnulacion(c, { invoiceId: id, issuerNif: issuer.taxId, number: inv.number, issueDate: inv.issue_date, sendNow: toBool(company.verifactu_send) });
    await repo.updateInvoice(c.db, id, { settlement: 'voided', outstanding_cents: 0, next_due_date: null, voided_at: stamp(c), void_reason: reason });
    if (inv.rectifies_invoice_id !== null && inv.rectifying_method === 'I') {
      const orig = await repo.lockInvoice(c.db, Number(inv.rectifies_invoice_id));
      if (orig) await resettle(c, Number(orig.id), Number(orig.rectified_cents) - Number(inv.total_cents));
    }
    await recordAudit(c, { entityType: 'invoice', entityId: id, action: 'void', changes: { reason } });
  });
  return getInvoice(ctx, id);
}

// ── payments ─────────────────────────────────────────────────────────────────
const COLLECTABLE = new Set(['unpaid', 'partially_paid', 'paid', 'cancelled']);

async function addPayment(ctx: Ctx, id: number, p: { amountCents: number; instalmentSeq: number | null; paidOn: string; method: string; note: string | null; reverses: number | null }) {
  return tx(ctx, async (c) => {
    const inv = await repo.lockInvoice(c.db, id);
    if (!inv) throw notFound();
    if (!COLLECTABLE.has(inv.settlement)) throw conflict('invoice_not_collectable');
    if (p.paidOn > addDays(today(c), 0)) throw fieldError('paidOn', 'date_in_future');
    const instalments = (await repo.listInstalments(c.db, id)).map((i) => ({ seq: Number(i.seq), dueDate: i.due_date, amountCents: Number(i.amount_cents) }));
    const payments = (await repo.listPayments(c.db, id)).map((x) => ({ amountCents: Number(x.amount_cents), instalmentSeq: x.instalment_seq === null ? null : Number(x.instalment_seq) }));
    const s = settle({ totalCents: Number(inv.total_cents), rectificationsCents: Number(inv.rectified_cents), instalments, payments, today: today(c) });
    const refusal = checkPayment(s, { amountCents: p.amountCents, instalmentSeq: p.instalmentSeq });
    if (refusal === 'instalment_not_found') throw fieldError('instalmentSeq', 'instalment_not_found');
    if (refusal) throw conflict(refusal, { outstanding: (s.outstandingCents / 100).toFixed(2) });
    const paymentId = await repo.insertPayment(c.db, {
      invoice_id: id,
      instalment_seq: p.instalmentSeq,
      paid_on: p.paidOn,
      amount_cents: p.amountCents,
      method: p.method,
      reverses_payment_id: p.reverses,
      note: p.note,
      recorded_at: stamp(c),
      recorded_by: c.actor.userId || null,
    });
    await resettle(c, id);
    await recordAudit(c, { entityType: 'invoice', entityId: id, action: p.reverses ? 'payment_reversed' : 'payment', changes: { paymentId: String(paymentId), amountCents: p.amountCents, method: p.method } });
    return paymentId;
  });
}

export async function recordPayment(ctx: Ctx, id: number, input: PaymentInput): Promise<InvoiceDetail> {
  await addPayment(ctx, id, { amountCents: input.amountCents, instalmentSeq: input.instalmentSeq ?? null, paidOn: input.paidOn, method: input.method, note: input.note ?? null, reverses: null });
  return getInvoice(ctx, id);
}

/** Undoes a payment entered by mistake with a negative entry; the original stays. */
export async function reversePayment(ctx: Ctx, id: number, paymentId: number, input: { note?: string | null; paidOn?: string | null }): Promise<InvoiceDetail> {
  await tx(ctx, async (c) => {
    const inv = await repo.lockInvoice(c.db, id);
    if (!inv) throw notFound();
    const payment = (await repo.listPayments(c.db, id)).find((p) => Number(p.id) === paymentId);
    if (!payment) throw notFound();
    if (payment.reverses_payment_id !== null) throw conflict('payment_is_reversal');
    if (payment.reversed_by !== null && payment.reversed_by !== undefined) throw conflict('payment_already_reversed');
    await addPayment(c, id, {
      amountCents: -Number(payment.amount_cents),
      instalmentSeq: payment.instalment_seq === null ? null : Number(payment.instalment_seq),
      paidOn: input.paidOn ?? today(c),
      method: payment.method,
      note: input.note ?? null,
      reverses: paymentId,
    });
  });
  return getInvoice(ctx, id);
}

export async function listInvoicePayments(ctx: Ctx, id: number) {
  if (!(await repo.findInvoice(ctx.db, id))) throw notFound();
  return (await repo.listPayments(ctx.db, id)).map(toPayment);
}

export { statusOf };
