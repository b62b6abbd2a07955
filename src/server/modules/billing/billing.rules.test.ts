import { describe, expect, it } from 'vitest';
import { checkPayment, divRoundHalfAway, formatInvoiceNumber, invoiceTotals, lineAmountCents, settle, splitInstalments, vatOf, type Instalment } from './billing.rules.ts';

describe('rounding half away from zero', () => {
  it.each([
    [5n, 10n, 1n],
    [4n, 10n, 0n],
    [15n, 10n, 2n],
    [-5n, 10n, -1n],
    [-15n, 10n, -2n],
    [-14n, 10n, -1n],
    [25n, 10n, 3n],
    [0n, 7n, 0n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
  ])('%s / %s = %s', (n, d, q) => {
    expect(divRoundHalfAway(n, d)).toBe(q);
  });
});

describe('line amounts: quantity (thousandths) × unit price − discount', () => {
  it.each([
    // quantityMilli, unitPriceCents, discountBp, cents
    [1000, 1999, 0, 1999], // 1 × 19.99
    [1500, 1999, 0, 2999], // 1.5 × 19.99 = 29.985 → 29.99 (half away)
    [333, 100, 0, 33], // 0.333 × 1.00 = 0.333
    [125, 1, 0, 0], // 0.125 × 0.01
    [500, 1, 0, 1], // 0.5 cent → 1 cent
    [1, 1_000_000, 0, 1000], // 0.001 × 10,000.00
    [2333, 1234, 0, 2879], // 2.333 × 12.34 = 28.78922
    [3000, 3333, 1000, 8999], // 3 × 33.33 − 10 % = 89.991
    [1000, 1005, 5000, 503], // 10.05 − 50 % = 5.025 → 5.03
    [-1000, 1005, 5000, -503], // the credit note line is the exact negative
    [-1500, 1999, 0, -2999],
    [1000, 999, 10_000, 0], // 100 % off
    [999_999_999, 99_999_999, 0, 99_999_998_900_000], // no float overflow
  ])('%i‰ × %i c − %i bp = %i c', (quantityMilli, unitPriceCents, discountBp, cents) => {
    expect(lineAmountCents({ quantityMilli, unitPriceCents, discountBp })).toBe(cents);
  });
});

describe('VAT per rate on the summed base', () => {
  it.each([
    [10000, 2100, 2100],
    [5, 2100, 1], // 1.05 c → 1
    [7, 2100, 1], // 1.47 c → 1
    [10, 2100, 2], // 2.1 c → 2
    [50, 1000, 5],
    [5, 1000, 1], // 0.5 c → 1 (half away)
    [-5, 1000, -1],
    [12345, 400, 494], // 493.8
    [0, 2100, 0],
  ])('base %i at %i bp = %i', (base, rate, vat) => {
    expect(vatOf(base, rate)).toBe(vat);
  });

  it('sums bases per rate before the VAT, so three 0.05 € lines at 21 % carry 0.03 €, not 3 × 0.01 €', () => {
    const t = invoiceTotals([
      { quantityMilli: 1000, unitPriceCents: 5, discountBp: 0, vatRateBp: 2100 },
      { quantityMilli: 1000, unitPriceCents: 5, discountBp: 0, vatRateBp: 2100 },
      { quantityMilli: 1000, unitPriceCents: 5, discountBp: 0, vatRateBp: 2100 },
    ]);
    expect(t.breakdown).toEqual([{ vatRateBp: 2100, baseCents: 15, vatCents: 3 }]);
    expect(t.totalCents).toBe(18);
  });

  it.each([
    {
      name: 'two rates with awkward quantities',
      lines: [
        { quantityMilli: 1333, unitPriceCents: 4599, discountBp: 0, vatRateBp: 2100 }, // 61.30467 → 6130
        { quantityMilli: 2500, unitPriceCents: 1250, discountBp: 500, vatRateBp: 2100 }, // 29.6875 → 2969
        { quantityMilli: 750, unitPriceCents: 399, discountBp: 0, vatRateBp: 1000 }, // 2.9925 → 299
      ],
      breakdown: [
        { vatRateBp: 2100, baseCents: 9099, vatCents: 1911 }, // 1910.79
        { vatRateBp: 1000, baseCents: 299, vatCents: 30 }, // 29.9
      ],
      total: 9099 + 1911 + 299 + 30,
    },
    {
      name: 'a credit note mirrors its invoice exactly',
      lines: [
        { quantityMilli: -1333, unitPriceCents: 4599, discountBp: 0, vatRateBp: 2100 },
        { quantityMilli: -2500, unitPriceCents: 1250, discountBp: 500, vatRateBp: 2100 },
        { quantityMilli: -750, unitPriceCents: 399, discountBp: 0, vatRateBp: 1000 },
      ],
      breakdown: [
        { vatRateBp: 2100, baseCents: -9099, vatCents: -1911 },
        { vatRateBp: 1000, baseCents: -299, vatCents: -30 },
      ],
      total: -(9099 + 1911 + 299 + 30),
    },
    {
      name: 'super-reduced 4 % and 0 %',
      lines: [
        { quantityMilli: 1, unitPriceCents: 12_345, discountBp: 0, vatRateBp: 400 }, // 0.12345 → 12
        { quantityMilli: 3000, unitPriceCents: 333, discountBp: 0, vatRateBp: 0 },
      ],
      breakdown: [
        { vatRateBp: 400, baseCents: 12, vatCents: 0 }, // 0.48 → 0
        { vatRateBp: 0, baseCents: 999, vatCents: 0 },
      ],
      total: 1011,
    },
  ])('$name', ({ lines, breakdown, total }) => {
    const t = invoiceTotals(lines);
    expect(t.breakdown).toEqual(breakdown);
    expect(t.totalCents).toBe(total);
    expect(t.baseCents + t.vatCents).toBe(total);
  });
});

describe('instalments: equal parts, the last absorbs the remainder', () => {
  it.each([
    { total: 12100, days: [0], want: [['2026-03-01', 12100]] },
    { total: 12100, days: [30], want: [['2026-03-31', 12100]] },
    { total: 10000, days: [30, 60, 90], want: [['2026-03-31', 3333], ['2026-04-30', 3333], ['2026-05-30', 3334]] },
    { total: 10001, days: [30, 60], want: [['2026-03-31', 5000], ['2026-04-30', 5001]] },
    { total: 2, days: [30, 60, 90], want: [['2026-03-31', 0], ['2026-04-30', 0], ['2026-05-30', 2]] },
    { total: -10000, days: [30, 60, 90], want: [['2026-03-31', -3333], ['2026-04-30', -3333], ['2026-05-30', -3334]] },
    { total: 9999, days: [90, 30, 60], want: [['2026-03-31', 3333], ['2026-04-30', 3333], ['2026-05-30', 3333]] },
    { total: 500, days: [], want: [['2026-03-01', 500]] },
  ])('$total over $days', ({ total, days, want }) => {
    const got = splitInstalments(total, '2026-03-01', days);
    expect(got.map((i) => [i.dueDate, i.amountCents])).toEqual(want);
    expect(got.reduce((s, i) => s + i.amountCents, 0)).toBe(total);
    expect(got.map((i) => i.seq)).toEqual(want.map((_, k) => k + 1));
  });
});

describe('invoice numbers', () => {
  it.each([
    ['F', 2026, 1, 'F2026-000001'],
    ['R', 2026, 42, 'R2026-000042'],
    ['F', 2027, 123456, 'F2027-123456'],
    ['F', 2027, 1234567, 'F2027-1234567'],
  ])('%s %i %i → %s', (prefix, year, seq, want) => {
    expect(formatInvoiceNumber(prefix, year, seq)).toBe(want);
  });
});

const three: Instalment[] = [
  { seq: 1, dueDate: '2026-03-31', amountCents: 3333 },
  { seq: 2, dueDate: '2026-04-30', amountCents: 3333 },
  { seq: 3, dueDate: '2026-05-30', amountCents: 3334 },
];

describe('settlement and status', () => {
  it.each([
    { name: 'nothing paid, nothing due yet', payments: [], today: '2026-03-15', status: 'unpaid', paid: 0, outstanding: 10000 },
    { name: 'due date is the last day to pay', payments: [], today: '2026-03-31', status: 'unpaid', paid: 0, outstanding: 10000 },
    { name: 'a day late', payments: [], today: '2026-04-01', status: 'overdue', paid: 0, outstanding: 10000 },
    { name: 'first instalment paid, second not due', payments: [{ amountCents: 3333, instalmentSeq: null }], today: '2026-04-15', status: 'partially_paid', paid: 3333, outstanding: 6667 },
    { name: 'first instalment paid, second late', payments: [{ amountCents: 3333, instalmentSeq: 1 }], today: '2026-05-01', status: 'overdue', paid: 3333, outstanding: 6667 },
    { name: 'paid the last instalment only: the first is late', payments: [{ amountCents: 3334, instalmentSeq: 3 }], today: '2026-04-01', status: 'overdue', paid: 3334, outstanding: 6666 },
    { name: 'all paid in two goes', payments: [{ amountCents: 5000, instalmentSeq: null }, { amountCents: 5000, instalmentSeq: null }], today: '2027-01-01', status: 'paid', paid: 10000, outstanding: 0 },
    { name: 'a reversal brings it back to partially paid', payments: [{ amountCents: 10000, instalmentSeq: null }, { amountCents: -5000, instalmentSeq: null }], today: '2026-03-01', status: 'partially_paid', paid: 5000, outstanding: 5000 },
  ])('$name', ({ payments, today, status, paid, outstanding }) => {
    const s = settle({ totalCents: 10000, rectificationsCents: 0, instalments: three, payments, today });
    expect(s.status).toBe(status);
    expect(s.paidCents).toBe(paid);
    expect(s.outstandingCents).toBe(outstanding);
    expect(s.instalments.reduce((a, i) => a + i.outstandingCents, 0)).toBe(outstanding);
  });

  it.each([
    { name: 'full credit note, nothing paid: cancelled', rect: -10000, payments: [], status: 'cancelled', outstanding: 0, amounts: [0, 0, 0] },
    { name: 'partial credit note comes off the last instalments', rect: -5000, payments: [], status: 'overdue', outstanding: 5000, amounts: [3333, 1667, 0] },
    { name: 'credit note after a partial payment: paid', rect: -6667, payments: [{ amountCents: 3333, instalmentSeq: null }], status: 'paid', outstanding: 0, amounts: [3333, 0, 0] },
    { name: 'credit note after full payment: money owed back', rect: -10000, payments: [{ amountCents: 10000, instalmentSeq: null }], status: 'paid', outstanding: -10000, amounts: [0, 0, 0] },
    { name: 'an increase goes on the last instalment', rect: 1000, payments: [], status: 'overdue', outstanding: 11000, amounts: [3333, 3333, 4334] },
  ])('$name', ({ rect, payments, status, outstanding, amounts }) => {
    const s = settle({ totalCents: 10000, rectificationsCents: rect, instalments: three, payments, today: '2026-05-01' });
    expect(s.status).toBe(status);
    expect(s.outstandingCents).toBe(outstanding);
    expect(s.instalments.map((i) => i.amountCents)).toEqual(amounts);
  });
});

describe('payment rules', () => {
  const base = (payments: Array<{ amountCents: number; instalmentSeq: number | null }>, rect = 0) =>
    settle({ totalCents: 10000, rectificationsCents: rect, instalments: three, payments, today: '2026-03-01' });
  it.each([
    { name: 'exactly what is due', paid: [], p: { amountCents: 10000, instalmentSeq: null }, want: null },
    { name: 'one cent more than due', paid: [], p: { amountCents: 10001, instalmentSeq: null }, want: 'payment_exceeds_due' },
    { name: 'more than the rest after a partial payment', paid: [{ amountCents: 4000, instalmentSeq: null }], p: { amountCents: 6001, instalmentSeq: null }, want: 'payment_exceeds_due' },
    { name: 'the rest after a partial payment', paid: [{ amountCents: 4000, instalmentSeq: null }], p: { amountCents: 6000, instalmentSeq: null }, want: null },
    { name: 'an instalment exactly', paid: [], p: { amountCents: 3333, instalmentSeq: 2 }, want: null },
    { name: 'more than the instalment', paid: [], p: { amountCents: 3334, instalmentSeq: 2 }, want: 'payment_exceeds_instalment' },
    { name: 'an instalment that does not exist', paid: [], p: { amountCents: 1, instalmentSeq: 4 }, want: 'instalment_not_found' },
    { name: 'zero', paid: [], p: { amountCents: 0, instalmentSeq: null }, want: 'payment_zero' },
    { name: 'reversal of what was paid', paid: [{ amountCents: 4000, instalmentSeq: null }], p: { amountCents: -4000, instalmentSeq: null }, want: null },
    { name: 'reversal of more than was paid', paid: [{ amountCents: 4000, instalmentSeq: null }], p: { amountCents: -4001, instalmentSeq: null }, want: 'reversal_exceeds_paid' },
    { name: 'anything after a full credit note', paid: [], rect: -10000, p: { amountCents: 1, instalmentSeq: null }, want: 'payment_exceeds_due' },
    { name: 'refund after a full credit note of a paid invoice', paid: [{ amountCents: 10000, instalmentSeq: null }], rect: -10000, p: { amountCents: -10000, instalmentSeq: null }, want: null },
  ])('$name', ({ paid, p, want, rect }) => {
    expect(checkPayment(base(paid, rect ?? 0), p)).toBe(want);
  });
});
