/** Invoices and payments in a customer's timeline: what was billed and what was collected, when. */
import { todayIn } from '../../../shared/dates.ts';
import type { Ctx } from '../../context.ts';
import type { FeedSource } from '../customers/feeds.ts';
import { statusOf } from './billing.mapper.ts';
import * as repo from './billing.repository.ts';

const TEXT = {
  es: {
    invoice: 'Factura',
    payment: 'Cobro',
    reversal: 'Anulación del cobro',
    of: 'de',
    status: { unpaid: 'Pendiente', partially_paid: 'Cobrada en parte', paid: 'Cobrada', overdue: 'Vencida', cancelled: 'Anulada por abono', voided: 'Anulada', substituted: 'Sustituida', rectifying: 'Rectificativa' },
    method: { transfer: 'transferencia', card: 'tarjeta', cash: 'efectivo', direct_debit: 'recibo domiciliado' },
  },
  en: {
    invoice: 'Invoice',
    payment: 'Payment',
    reversal: 'Payment reversal',
    of: 'of',
    status: { unpaid: 'Unpaid', partially_paid: 'Partly paid', paid: 'Paid', overdue: 'Overdue', cancelled: 'Cancelled by credit note', voided: 'Voided', substituted: 'Substituted', rectifying: 'Corrective' },
    method: { transfer: 'bank transfer', card: 'card', cash: 'cash', direct_debit: 'direct debit' },
  },
} as const;

const money = (ctx: Ctx, cents: number) => new Intl.NumberFormat(ctx.locale === 'en' ? 'en-GB' : 'es-ES', { style: 'currency', currency: 'EUR' }).format(cents / 100);

const invoices: FeedSource = async (ctx, customerId, { before, limit }) => {
  const text = TEXT[ctx.locale];
  const today = todayIn(ctx.config.defaultTimeZone);
  return (await repo.invoicesOfCustomerBefore(ctx.db, customerId, before, limit)).map((r) => {
    const status = statusOf(r.settlement, r.next_due_date, today);
    return {
      type: 'invoice',
      id: String(r.id),
      at: r.issued_at,
      title: `${text.invoice} ${r.number} · ${money(ctx, Number(r.total_cents))}`,
      summary: [r.incident_number, r.description].filter(Boolean).join(' · ').slice(0, 300) || null,
      status: text.status[status as keyof typeof text.status] ?? status,
      pending: status === 'unpaid' || status === 'partially_paid' || status === 'overdue',
      userName: r.issued_by_name ?? null,
    };
  });
};

/** A payment's id in a feed is "<invoice id>-<payment id>", so its link can open the invoice. */
const payments: FeedSource = async (ctx, customerId, { before, limit }) => {
  const text = TEXT[ctx.locale];
  return (await repo.paymentsOfCustomerBefore(ctx.db, customerId, before, limit)).map((r) => ({
    type: 'payment',
    id: `${r.invoice_id}-${r.id}`,
    at: r.recorded_at,
    title: `${r.reverses_payment_id === null ? text.payment : text.reversal} ${money(ctx, Number(r.amount_cents))} · ${text.invoice} ${r.number}`,
    summary: [text.method[r.method as keyof typeof text.method] ?? r.method, r.paid_on, r.note].filter(Boolean).join(' · ').slice(0, 300),
    userName: r.recorded_by_name ?? null,
  }));
};

export const billingFeeds = { customerTimeline: { invoice: invoices, payment: payments } };
