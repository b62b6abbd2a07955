/**
 * Time report (folded in from the projects area): minutes and entries per customer, project or
 * employee between two dates, with totals. Besides the common report shape it keeps the fields the
 * projects time page reads (`groupBy`, `rows`, `totals`).
 */
import type { Ctx } from '../../context.ts';
import { type Filters, type ParsedQuery, type ReportBody, type ReportDefinition, currentMonth, tr } from './report-kit.ts';
import * as repo from './reports.repository.ts';

export type TimeGroupBy = 'customer' | 'project' | 'employee';

async function build(ctx: Ctx, f: Filters, q: ParsedQuery): Promise<ReportBody> {
  const t = tr(ctx);
  const groupBy = (q.groupBy ?? 'customer') as TimeGroupBy;
  const raw = await repo.timeTotals(ctx.db, groupBy, { from: f.fromDate, to: f.toDate, customerId: f.customerId, projectId: f.projectId, userId: f.ownerUserId, regionCode: f.regionCode });
  const rows = raw
    .map((r) => ({
      id: r.key_id === null || r.key_id === undefined ? null : String(r.key_id),
      code: r.code ?? null,
      name: r.name ?? null,
      customerName: r.parent_name ?? null,
      minutes: Number(r.minutes),
      entries: Number(r.entries),
    }))
    .sort((a, b) => b.minutes - a.minutes || String(a.code).localeCompare(String(b.code)));
  const totals = { minutes: rows.reduce((s, r) => s + r.minutes, 0), entries: rows.reduce((s, r) => s + r.entries, 0) };
  const keyLabel = { customer: t('Cliente', 'Customer'), project: t('Proyecto', 'Project'), employee: t('Empleado', 'Employee') }[groupBy];
  const withCustomer = groupBy === 'project';
  const hours = (m: number) => Math.round((m / 60) * 100) / 100;
  const link = (id: string | null) => {
    if (id === null) return null;
    if (groupBy === 'customer') return `/customers/${id}`;
    if (groupBy === 'project') return `/projects/${id}`;
    return null;
  };
  return {
    extra: { groupBy, rows, totals },
    figures: [
      { key: 'hours', label: t('Horas', 'Hours'), value: hours(totals.minutes), kind: 'number', link: null },
      { key: 'entries', label: t('Registros', 'Entries'), value: totals.entries, kind: 'count', link: null },
      { key: 'groups', label: keyLabel, value: rows.length, kind: 'count', link: null },
    ],
    tables: [
      {
        id: 'time',
        title: t(`Dedicación por ${keyLabel.toLowerCase()}`, `Time per ${keyLabel.toLowerCase()}`),
        columns: [
          { key: 'code', label: keyLabel, kind: 'text' },
          { key: 'name', label: t('Nombre', 'Name'), kind: 'text' },
          ...(withCustomer ? [{ key: 'customerName', label: t('Cliente', 'Customer'), kind: 'text' as const }] : []),
          { key: 'minutes', label: t('Minutos', 'Minutes'), kind: 'count' },
          { key: 'hours', label: t('Horas', 'Hours'), kind: 'number' },
          { key: 'entries', label: t('Registros', 'Entries'), kind: 'count' },
        ],
        rows: rows.map((r) => ({ code: r.code ?? t('(sin proyecto)', '(no project)'), name: r.name ?? '', ...(withCustomer ? { customerName: r.customerName ?? '' } : {}), minutes: r.minutes, hours: hours(r.minutes), entries: r.entries, link: link(r.id) })),
        footer: { code: t('Total', 'Total'), name: '', ...(withCustomer ? { customerName: '' } : {}), minutes: totals.minutes, hours: hours(totals.minutes), entries: totals.entries },
        linkKey: 'link',
        chart: { type: 'bar', category: 'name', series: ['hours'] },
      },
    ],
  };
}

export const timeReport: ReportDefinition = {
  name: 'time',
  title: { es: 'Dedicación', en: 'Time spent' },
  description: { es: 'Tiempo por cliente, proyecto o empleado.', en: 'Time per customer, project or employee.' },
  filters: ['from', 'to', 'customerId', 'regionCode', 'ownerUserId', 'projectId', 'groupBy'],
  groupBy: ['customer', 'project', 'employee'],
  printable: true,
  // Scoped to a customer, project or employee without dates it covers all time (the project page's totals).
  defaultPeriod: (q, today) => (q.customerId || q.projectId || q.userId || q.ownerUserId ? { from: null, to: null } : currentMonth(today)),
  build,
};
