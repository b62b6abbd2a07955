/** Time per customer, project or employee between two dates, with totals (JSON or CSV). */
import { stringify } from 'csv-stringify/sync';
import type { Ctx } from '../../context.ts';
import { fieldError } from '../../errors.ts';
import type { Locale } from '../../i18n/messages.ts';
import { addDays, todayIn } from '../../../shared/dates.ts';
import './projects.messages.ts';
import * as repo from './time-entries.repository.ts';

export type TimeGroupBy = 'customer' | 'project' | 'employee';

export type TimeReportRow = { id: string | null; code: string | null; name: string | null; customerName: string | null; minutes: number; entries: number };

export type TimeReport = { groupBy: TimeGroupBy; from: string | null; to: string | null; rows: TimeReportRow[]; totals: { minutes: number; entries: number } };

export type TimeScope = { customerId?: number; projectId?: number; userId?: number };

/** Default period: the current month up to today (in the caller's time zone). */
export function defaultPeriod(today: string) {
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

/**
 * Without dates the report covers the current month; scoped to a customer, project or employee
 * it covers all time (the project page's totals).
 */
export function reportPeriod(q: { from?: string; to?: string; scoped: boolean }, today: string): { from: string | null; to: string | null } {
  if (q.scoped) return { from: q.from ?? null, to: q.to ?? null };
  const from = q.from ?? (q.to ? `${q.to.slice(0, 7)}-01` : defaultPeriod(today).from);
  const to = q.to ?? (from > today ? from : today);
  return { from, to };
}

export async function timeReport(ctx: Ctx, q: { groupBy: TimeGroupBy; from?: string; to?: string } & TimeScope): Promise<TimeReport> {
  const today = todayIn(ctx.actor.timeZone || ctx.config.defaultTimeZone || 'Europe/Madrid');
  const scope = { customerId: q.customerId, projectId: q.projectId, userId: q.userId };
  const { from, to } = reportPeriod({ from: q.from, to: q.to, scoped: Object.values(scope).some((v) => v !== undefined) }, today);
  if (from && to && from > to) throw fieldError('to', 'date_order');
  if (from && to && addDays(from, 10 * 366) < to) throw fieldError('to', 'date_range_too_long');
  const raw = await repo.timeTotals(ctx.db, q.groupBy, { from, to, ...scope });
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
  return {
    groupBy: q.groupBy,
    from,
    to,
    rows,
    totals: { minutes: rows.reduce((s, r) => s + r.minutes, 0), entries: rows.reduce((s, r) => s + r.entries, 0) },
  };
}

const HEADERS: Record<Locale, Record<TimeGroupBy | 'customerName' | 'name' | 'minutes' | 'hours' | 'entries' | 'total' | 'none', string>> = {
  es: { customer: 'Cliente', project: 'Proyecto', employee: 'Empleado', customerName: 'Cliente', name: 'Nombre', minutes: 'Minutos', hours: 'Horas', entries: 'Registros', total: 'Total', none: '(sin proyecto)' },
  en: { customer: 'Customer', project: 'Project', employee: 'Employee', customerName: 'Customer', name: 'Name', minutes: 'Minutes', hours: 'Hours', entries: 'Entries', total: 'Total', none: '(no project)' },
};

/**
 * CSV for a spreadsheet: Spanish uses ';' and a decimal comma (what Excel expects in a Spanish
 * locale), English ',' and a decimal point; a BOM so Excel reads UTF-8.
 */
export function timeReportCsv(report: TimeReport, locale: Locale): string {
  const h = HEADERS[locale];
  const hours = (m: number) => {
    const s = (m / 60).toFixed(2);
    return locale === 'es' ? s.replace('.', ',') : s;
  };
  const withCustomer = report.groupBy === 'project';
  const header = [h[report.groupBy], h.name, ...(withCustomer ? [h.customerName] : []), h.minutes, h.hours, h.entries];
  const lines = report.rows.map((r) => [r.code ?? h.none, r.name ?? '', ...(withCustomer ? [r.customerName ?? ''] : []), r.minutes, hours(r.minutes), r.entries]);
  const total = [h.total, '', ...(withCustomer ? [''] : []), report.totals.minutes, hours(report.totals.minutes), report.totals.entries];
  return `\uFEFF${stringify([header, ...lines, total], { delimiter: locale === 'es' ? ';' : ',' })}`;
}
