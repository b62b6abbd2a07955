/**
 * The money rules of invoices and payments. Pure: no database, no app.
 *
 * Money is integer cents, quantities integer thousandths (1.5 units = 1500), VAT rates and
 * discounts basis points (21 % = 2100). Products are done in BigInt so no intermediate ever
 * loses precision, and every division rounds **half away from zero** (0.5 → 1, −0.5 → −1): the
 * usual commercial rule, and symmetric, so a credit note is exactly the negative of its invoice.
 *
 * - A line's amount is rounded once: quantity × unit price × (1 − discount).
 * - VAT is computed per rate on that rate's summed base (not line by line), as RD 1619/2012
 *   art. 6.1.f/g lays out the invoice: base and quota per rate.
 * - Instalments split the total evenly, cents truncated toward zero, and the last one absorbs the
 *   remainder, so the instalments always add up to the total.
 */

/** n / d rounded half away from zero; d > 0. */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const q = n / d; // truncates toward zero
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

export type LineInput = {
  /** Thousandths of a unit: 1 unit = 1000, 0.125 = 125. Negative on a credit note line. */
  quantityMilli: number;
  unitPriceCents: number;
  /** 0–10000 basis points off the line. */
  discountBp: number;
  vatRateBp: number;
};

/** quantity × price × (1 − discount), rounded once, half away from zero. */
export function lineAmountCents(line: Pick<LineInput, 'quantityMilli' | 'unitPriceCents' | 'discountBp'>): number {
  const n = BigInt(line.quantityMilli) * BigInt(line.unitPriceCents) * BigInt(10_000 - line.discountBp);
  return Number(divRoundHalfAway(n, 10_000_000n));
}

/** VAT of a base at a rate, rounded half away from zero. */
export function vatOf(baseCents: number, vatRateBp: number): number {
  return Number(divRoundHalfAway(BigInt(baseCents) * BigInt(vatRateBp), 10_000n));
}

export type VatBreakdownRow = { vatRateBp: number; baseCents: number; vatCents: number };
export type InvoiceTotals = {
  lineAmountsCents: number[];
  /** One row per VAT rate, highest rate first. */
  breakdown: VatBreakdownRow[];
  baseCents: number;
  vatCents: number;
  totalCents: number;
};

export function invoiceTotals(lines: LineInput[]): InvoiceTotals {
  const lineAmountsCents = lines.map(lineAmountCents);
  const bases = new Map<number, number>();
  lines.forEach((l, i) => bases.set(l.vatRateBp, (bases.get(l.vatRateBp) ?? 0) + lineAmountsCents[i]));
  const breakdown = [...bases.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([vatRateBp, baseCents]) => ({ vatRateBp, baseCents, vatCents: vatOf(baseCents, vatRateBp) }));
  const baseCents = breakdown.reduce((s, r) => s + r.baseCents, 0);
  const vatCents = breakdown.reduce((s, r) => s + r.vatCents, 0);
  return { lineAmountsCents, breakdown, baseCents, vatCents, totalCents: baseCents + vatCents };
}

export type Instalment = { seq: number; dueDate: string; amountCents: number };

function addDaysTo(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The instalments of a payment term (`dueDays` after the issue date, e.g. [30, 60, 90]): equal
 * parts truncated toward zero, the last absorbing the remainder. No term or [] means cash: one
 * instalment due on the issue date.
 */
export function splitInstalments(totalCents: number, issueDate: string, dueDays: readonly number[] | null | undefined): Instalment[] {
  const days = dueDays && dueDays.length > 0 ? [...dueDays].sort((a, b) => a - b) : [0];
  const n = days.length;
  const part = Math.trunc(totalCents / n);
  return days.map((d, i) => ({
    seq: i + 1,
    dueDate: addDaysTo(issueDate, d),
    amountCents: i === n - 1 ? totalCents - part * (n - 1) : part,
  }));
}

/** `F2026-000001`: series prefix, year, a dash and the number on six digits. */
export function formatInvoiceNumber(seriesPrefix: string, year: number, seq: number): string {
  return `${seriesPrefix}${year}-${String(seq).padStart(6, '0')}`;
}

export const INVOICE_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overdue', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export type PaymentEntry = { amountCents: number; instalmentSeq: number | null };
export type InstalmentState = Instalment & { paidCents: number; outstandingCents: number; overdue: boolean };
export type Settlement = {
  /** The invoice total plus its rectifications by differences (credit notes are negative). */
  dueTotalCents: number;
  paidCents: number;
  outstandingCents: number;
  status: InvoiceStatus;
  instalments: InstalmentState[];
};

/**
 * Where an invoice stands on `today`: what was paid against what is due, instalment by instalment.
 * - Rectifications by differences change what is due: a reduction comes off the last instalments
 *   first, an increase goes on the last one.
 * - Payments named to an instalment count there; the rest fills instalments in due-date order.
 * - An instalment past its due date (strictly before `today`) and not fully paid makes the invoice
 *   overdue; a credit note for the whole amount with nothing paid makes it cancelled.
 */
export function settle(input: { totalCents: number; rectificationsCents: number; instalments: Instalment[]; payments: PaymentEntry[]; today: string }): Settlement {
  const dueTotalCents = input.totalCents + input.rectificationsCents;
  const amounts = input.instalments.map((i) => i.amountCents);
  let diff = dueTotalCents - amounts.reduce((s, a) => s + a, 0);
  if (amounts.length === 0) amounts.push(0);
  if (diff > 0) amounts[amounts.length - 1] += diff;
  for (let k = amounts.length - 1; k >= 0 && diff < 0; k--) {
    const take = Math.min(amounts[k], -diff);
    amounts[k] -= take;
    diff += take;
  }
  const paid = amounts.map(() => 0);
  let pool = 0;
  for (const p of input.payments) {
    const k = p.instalmentSeq === null ? -1 : input.instalments.findIndex((i) => i.seq === p.instalmentSeq);
    if (k >= 0) paid[k] += p.amountCents;
    else pool += p.amountCents;
  }
  // Undesignated money fills the earliest instalments; whatever is left sits on the last one.
  for (let k = 0; k < amounts.length && pool !== 0; k++) {
    const room = k === amounts.length - 1 ? pool : Math.max(0, Math.min(pool, amounts[k] - paid[k]));
    paid[k] += room;
    pool -= room;
  }
  const schedule = input.instalments.length > 0 ? input.instalments : [{ seq: 1, dueDate: input.today, amountCents: 0 }];
  const instalments = schedule.map((i, k) => {
    const outstandingCents = amounts[k] - paid[k];
    return { seq: i.seq, dueDate: i.dueDate, amountCents: amounts[k], paidCents: paid[k], outstandingCents, overdue: outstandingCents > 0 && i.dueDate < input.today };
  });
  const paidCents = input.payments.reduce((s, p) => s + p.amountCents, 0);
  const outstandingCents = dueTotalCents - paidCents;
  let status: InvoiceStatus;
  if (dueTotalCents === 0 && input.totalCents !== 0 && paidCents === 0) status = 'cancelled';
  else if (outstandingCents <= 0) status = 'paid';
  else if (instalments.some((i) => i.overdue)) status = 'overdue';
  else if (paidCents > 0) status = 'partially_paid';
  else status = 'unpaid';
  return { dueTotalCents, paidCents, outstandingCents, status, instalments };
}

export type PaymentRefusal = 'payment_zero' | 'payment_exceeds_due' | 'payment_exceeds_instalment' | 'reversal_exceeds_paid' | 'instalment_not_found';

/**
 * Whether a payment (positive) or a reversal of one (negative) may be recorded. Nobody pays more
 * than is outstanding, on the invoice or on the named instalment; a reversal never takes back more
 * than was paid.
 */
export function checkPayment(s: Settlement, p: PaymentEntry): PaymentRefusal | null {
  if (p.amountCents === 0) return 'payment_zero';
  const inst = p.instalmentSeq === null ? null : s.instalments.find((i) => i.seq === p.instalmentSeq);
  if (p.instalmentSeq !== null && !inst) return 'instalment_not_found';
  if (p.amountCents > 0) {
    if (p.amountCents > s.outstandingCents) return 'payment_exceeds_due';
    if (inst && p.amountCents > inst.outstandingCents) return 'payment_exceeds_instalment';
    return null;
  }
  if (s.paidCents + p.amountCents < 0) return 'reversal_exceeds_paid';
  if (inst && inst.paidCents + p.amountCents < 0) return 'reversal_exceeds_paid';
  return null;
}

/** Rectifying invoice types of the AEAT (TipoFactura R1–R5). */
export const RECTIFYING_TYPES = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export type RectifyingType = (typeof RECTIFYING_TYPES)[number];
/** TipoRectificativa: S = by substitution, I = by differences ("por diferencias"). */
export const RECTIFYING_METHODS = ['S', 'I'] as const;
export type RectifyingMethod = (typeof RECTIFYING_METHODS)[number];
