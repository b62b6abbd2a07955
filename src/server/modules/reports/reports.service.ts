/**
 * The report framework: which reports exist, the filters each takes, and how a request becomes a
 * report — the period read in the caller's time zone, the filters checked (a filter a report does
 * not take, an unknown id or a reversed period is a field error), the applied filters put in words,
 * and the report built by its definition in the caller's language.
 */
import type { Ctx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { AppError, fieldError, notFound } from '../../errors.ts';
import { addDays, dayRange, todayIn } from '../../../shared/dates.ts';
import type { Report, ReportInfo } from '../../../shared/reports.ts';
import { can } from '../../../shared/roles.ts';
import { billingReport } from './billing.report.ts';
import { activitiesReport } from './activities.report.ts';
import { callsReport } from './calls.report.ts';
import { incidentTimesReport } from './incident-times.report.ts';
import { incidentReport, rootCausesReport } from './incidents.report.ts';
import * as repo from './reports.repository.ts';
import { caseTypeLabel, currentMonth, type Filters, type ParsedQuery, type ReportDefinition, tr, userTimeZone } from './report-kit.ts';
import { timeReport } from './time.report.ts';



/** Every report, in the order the Reports section lists them. */
const definitions: ReportDefinition[] = [incidentReport, incidentTimesReport, rootCausesReport, callsReport, activitiesReport, timeReport, billingReport];

/** The report of that name, if any. */
export function reportDefinition(name: string): ReportDefinition | undefined {
  return definitions.find((d) => d.name === name);
}

export function listReports(ctx: Ctx): ReportInfo[] {
  return definitions.filter((d) => !d.permission || can(ctx.actor.role, d.permission)).map((d) => ({
    name: d.name,
    title: d.title[ctx.locale],
    description: d.description[ctx.locale],
    filters: d.filters,
    printable: d.printable,
    groupBy: d.groupBy ?? [],
  }));
}



const ID_FILTERS = ['customerId', 'itemId', 'ownerUserId', 'groupId', 'projectId', 'userId'] as const;

/** Checks the query against the report's filters and resolves the period. */
export async function resolveFilters(ctx: Ctx, def: ReportDefinition, q: ParsedQuery): Promise<{ filters: Filters; labels: string[]; applied: Record<string, string | number> }> {
  const t = tr(ctx);
  const errors: Array<{ field: string; code: string; params?: Record<string, unknown> }> = [];
  const applied: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined || value === '') continue;
    if (!(def.filters as string[]).includes(key) && !(key === 'userId' && def.filters.includes('ownerUserId'))) {
      errors.push({ field: key, code: 'report_filter_not_applicable', params: { report: def.title[ctx.locale] } });
      continue;
    }
    applied[key] = value as string | number;
  }
  if (q.groupBy !== undefined && def.groupBy && !def.groupBy.includes(q.groupBy)) {
    errors.push({ field: 'groupBy', code: 'invalid_value', params: { values: def.groupBy.join(', ') } });
  }
  if (errors.length) throw new AppError('validation_failed', { errors });

  const tz = userTimeZone(ctx);
  const today = todayIn(tz);
  const period = q.from || q.to ? { from: q.from ?? (q.to ? `${q.to.slice(0, 7)}-01` : null), to: q.to ?? (q.from && q.from > today ? q.from : today) } : (def.defaultPeriod ?? ((_q, d) => currentMonth(d)))(q, today);
  if (period.from && period.to && period.from > period.to) throw fieldError('to', 'date_order');
  if (period.from && period.to && addDays(period.from, 10 * 366) < period.to) throw fieldError('to', 'date_range_too_long');
  const range = dayRange(period.from ?? undefined, period.to ?? undefined, tz);

  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  const filters: Filters = {
    fromDate: period.from,
    toDate: period.to,
    fromUtc: range.from ?? null,
    toUtc: range.to ?? null,
    customerId: num(q.customerId),
    itemId: num(q.itemId),
    regionCode: q.regionCode,
    ownerUserId: num(q.ownerUserId ?? q.userId),
    groupId: num(q.groupId),
    priorityCode: q.priorityCode,
    reasonCode: q.reasonCode,
    caseType: q.caseType,
    statusCode: q.statusCode,
    typeCode: q.typeCode,
    projectId: num(q.projectId),
  };

  // Unknown ids are field errors, named; their names label the filters.
  const labels: string[] = [];
  for (const key of ID_FILTERS) {
    const id = num(q[key]);
    if (id === undefined) continue;
    let label: string | null = null;
    if (key === 'customerId') {
      const c = await repo.customerName(ctx.db, id);
      label = c && `${t('Cliente', 'Customer')}: ${c.code} ${c.name}`;
    } else if (key === 'itemId') {
      const i = await repo.itemName(ctx.db, id);
      label = i && `${t('Artículo', 'Item')}: ${i.code} ${i.description}`;
    } else if (key === 'ownerUserId' || key === 'userId') {
      const u = await repo.userName(ctx.db, id);
      label = u && `${t('Usuario', 'User')}: ${u.name}`;
    } else if (key === 'groupId') {
      const g = await repo.groupName(ctx.db, id);
      label = g && `${t('Grupo', 'Group')}: ${g.name}`;
    } else if (key === 'projectId') {
      const p = await repo.projectName(ctx.db, id);
      label = p && `${t('Proyecto', 'Project')}: ${p.code} ${p.name}`;
    }
    if (!label) errors.push({ field: key, code: 'unknown_reference' });
    else labels.push(label);
  }
  if (errors.length) throw new AppError('validation_failed', { errors });
  const codeLabels: Array<[keyof ParsedQuery, string, string]> = [
    ['regionCode', 'Región', 'Region'],
    ['priorityCode', 'Prioridad', 'Priority'],
    ['reasonCode', 'Motivo', 'Reason'],
    ['statusCode', 'Estado', 'Status'],
    ['typeCode', 'Tipo', 'Type'],
  ];
  for (const [key, es, en] of codeLabels) if (q[key]) labels.push(`${t(es, en)}: ${String(q[key])}`);
  if (q.caseType) labels.push(`${t('Tipo de caso', 'Case type')}: ${caseTypeLabel(ctx.locale, q.caseType)}`);
  if (q.days) labels.push(`${t('Días', 'Days')}: ${q.days}`);
  return { filters, labels, applied };
}


/** Builds a report by name for the caller (`source: 'raw'`: from the source rows, never the summaries). */
export async function runReport(ctx: Ctx, name: string, q: ParsedQuery, opts: { source?: 'summary' | 'raw' } = {}): Promise<Report & Record<string, unknown>> {
  const def = reportDefinition(name);
  if (!def) throw notFound();
  if (def.permission && !can(ctx.actor.role, def.permission)) throw new AppError('forbidden');
  const { filters, labels, applied } = await resolveFilters(ctx, def, q);
  if (opts.source) filters.source = opts.source;
  const body = await def.build(ctx, filters, q);
  return {
    ...(body.extra ?? {}),
    name: def.name,
    title: def.title[ctx.locale],
    from: filters.fromDate,
    to: filters.toDate,
    timeZone: userTimeZone(ctx),
    generatedAt: nowIso(),
    filters: applied,
    filterLabels: labels,
    figures: body.figures,
    tables: body.tables,
    notes: body.notes ?? [],
  };
}



/** A CSV of a table the report does not have: 400 naming `table` and the tables it has. */
export function unknownTable(report: Report): never {
  throw fieldError('table', 'invalid_value', { values: report.tables.map((t) => t.id).join(', ') });
}
