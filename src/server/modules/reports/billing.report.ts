/**
 * Billing report: invoiced, collected and outstanding per month of the period, and what is overdue
 * now by age (0–30, 31–60, 61–90, > 90 days past the earliest unpaid due date). Sums per day come
 * from SQL (at most a row per day), folded into months and age buckets by the pure rules.
 */
import type { Ctx } from '../../context.ts';
import { todayIn } from '../../../shared/dates.ts';
import { type Filters, type ReportBody, type ReportDefinition, tr, userTimeZone } from './report-kit.ts';
import * as repo from './reports.repository.ts';
import { daysBetween, overdueBucket, periodBuckets } from './reports.rules.ts';

const AGES = ['0-30', '31-60', '61-90', '>90'] as const;

async function build(ctx: Ctx, f: Filters): Promise<ReportBody> {
  const t = tr(ctx);
  const today = todayIn(userTimeZone(ctx));
  const from = f.fromDate ?? today;
  const to = f.toDate ?? today;

  const months = new Map(periodBuckets(from, to, 'month').map((b) => [b.key, { month: b.key, invoices: 0, invoiced: 0, collected: 0, outstanding: 0 }]));
  for (const d of await repo.invoicedByDay(ctx.db, f)) {
    const m = months.get(d.date.slice(0, 7));
    if (!m) continue;
    m.invoices += d.n;
    m.invoiced += d.invoiced;
    m.outstanding += d.outstanding;
  }
  for (const d of await repo.collectedByDay(ctx.db, f)) {
    const m = months.get(d.date.slice(0, 7));
    if (m) m.collected += d.collected;
  }
  const monthRows = [...months.values()];
  const sum = (k: 'invoices' | 'invoiced' | 'collected' | 'outstanding') => monthRows.reduce((s, r) => s + r[k], 0);

  const ages = new Map(AGES.map((a) => [a, { invoices: 0, amount: 0 }]));
  for (const d of await repo.overdueByDueDate(ctx.db, f, today)) {
    const bucket = overdueBucket(daysBetween(d.dueDate, today));
    if (bucket === 'current') continue;
    const a = ages.get(bucket)!;
    a.invoices += d.n;
    a.amount += d.outstanding;
  }
  const overdueTotal = [...ages.values()].reduce((s, a) => s + a.amount, 0);
  const customer = f.customerId !== undefined ? `&customerId=${f.customerId}` : '';
  const ageLabel = (a: (typeof AGES)[number]) => (a === '>90' ? t('Más de 90 días', 'Over 90 days') : t(`${a.replace('-', '–')} días`, `${a.replace('-', '–')} days`));

  return {
    figures: [
      { key: 'invoiced', label: t('Facturado', 'Invoiced'), value: sum('invoiced'), kind: 'money', link: `/invoices?from=${from}&to=${to}${customer}` },
      { key: 'collected', label: t('Cobrado', 'Collected'), value: sum('collected'), kind: 'money', link: null },
      { key: 'outstanding', label: t('Pendiente de cobro (del periodo)', 'Outstanding (of the period)'), value: sum('outstanding'), kind: 'money', link: null },
      { key: 'overdue', label: t('Vencido hoy', 'Overdue today'), value: overdueTotal, kind: 'money', link: `/invoices?status=overdue${customer}` },
    ],
    tables: [
      {
        id: 'months',
        title: t('Facturado, cobrado y pendiente por mes', 'Invoiced, collected and outstanding per month'),
        columns: [
          { key: 'month', label: t('Mes', 'Month'), kind: 'month' },
          { key: 'invoices', label: t('Facturas', 'Invoices'), kind: 'count' },
          { key: 'invoiced', label: t('Facturado', 'Invoiced'), kind: 'money' },
          { key: 'collected', label: t('Cobrado', 'Collected'), kind: 'money' },
          { key: 'outstanding', label: t('Pendiente', 'Outstanding'), kind: 'money' },
        ],
        rows: monthRows,
        footer: { month: t('Total', 'Total'), invoices: sum('invoices'), invoiced: sum('invoiced'), collected: sum('collected'), outstanding: sum('outstanding') },
        linkKey: null,
        chart: { type: 'bar', category: 'month', series: ['invoiced', 'collected', 'outstanding'] },
      },
      {
        id: 'overdue',
        title: t('Vencido por antigüedad (hoy)', 'Overdue by age (today)'),
        columns: [
          { key: 'age', label: t('Días vencido', 'Days overdue'), kind: 'text' },
          { key: 'invoices', label: t('Facturas', 'Invoices'), kind: 'count' },
          { key: 'amount', label: t('Importe pendiente', 'Amount outstanding'), kind: 'money' },
        ],
        rows: AGES.map((a) => ({ age: ageLabel(a), invoices: ages.get(a)!.invoices, amount: ages.get(a)!.amount, link: `/invoices?status=overdue${customer}` })),
        footer: { age: t('Total', 'Total'), invoices: [...ages.values()].reduce((s, a) => s + a.invoices, 0), amount: overdueTotal },
        linkKey: 'link',
        chart: { type: 'bar', category: 'age', series: ['amount'] },
      },
    ],
    notes: [
      t(
        'Facturado: total de las facturas emitidas en el mes (las rectificativas restan; las anuladas no cuentan). Cobrado: cobros registrados en el mes (las devoluciones restan). Pendiente: lo que queda por cobrar hoy de las facturas emitidas en ese mes. Vencido: lo pendiente hoy de las facturas con algún vencimiento pasado, de cualquier fecha de emisión, por días desde el vencimiento impagado más antiguo.',
        'Invoiced: total of the invoices issued in the month (credit notes subtract; voided ones do not count). Collected: payments recorded in the month (reversals subtract). Outstanding: what is still unpaid today of the invoices issued in that month. Overdue: what is unpaid today of invoices with an instalment past due, whatever their issue date, by days since the earliest unpaid due date.',
      ),
    ],
  };
}

export const billingReport: ReportDefinition = {
  name: 'billing',
  title: { es: 'Facturación y cobros', en: 'Billing and collections' },
  description: {
    es: 'Facturado, cobrado y pendiente por mes, y lo vencido por antigüedad (0–30, 31–60, 61–90, más de 90 días).',
    en: 'Invoiced, collected and outstanding per month, and overdue by age (0–30, 31–60, 61–90, over 90 days).',
  },
  filters: ['from', 'to', 'customerId'],
  printable: true,
  permission: 'reports.billing',
  // A year up to this month when no period is given.
  defaultPeriod: (_q, today) => {
    const [y, m] = today.split('-').map(Number);
    const start = m === 12 ? `${y}-01-01` : `${y - 1}-${String(m + 1).padStart(2, '0')}-01`;
    return { from: start, to: today };
  },
  build,
};
