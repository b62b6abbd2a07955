/**
 * Reports and statistics: the request filters and the one response shape every report answers
 * with (JSON), shared with the web UI (`import type` there). CSV and PDF are renderings of the
 * same shape on the server.
 */
import { z } from 'zod';
import { code, idString as id, isoDate as date } from './inputs.ts';

/** Every filter a report may take; each report lists the ones that apply to it (others are refused). */
export const REPORT_FILTERS = ['from', 'to', 'customerId', 'itemId', 'regionCode', 'ownerUserId', 'groupId', 'priorityCode', 'reasonCode', 'caseType', 'statusCode', 'typeCode', 'projectId', 'groupBy', 'days', 'columns'] as const;
export type ReportFilterName = (typeof REPORT_FILTERS)[number];

export const reportQuerySchema = z.object({
  from: date.optional().describe('First day of the period (YYYY-MM-DD, the caller\'s time zone); default the first day of the current month'),
  to: date.optional().describe('Last day of the period, inclusive; default today'),
  customerId: id.optional().describe('Only this customer'),
  itemId: id.optional().describe('Only units of this item'),
  regionCode: code.optional().describe('Only customers of this region'),
  ownerUserId: id.optional().describe('Only this owner / destination user / employee'),
  groupId: id.optional().describe('Only this group (destination or owner group)'),
  priorityCode: code.optional(),
  reasonCode: code.optional().describe('Only incidents of this general reason code'),
  caseType: z.enum(['warranty', 'courtesy', 'billable']).optional(),
  statusCode: code.optional(),
  typeCode: code.optional().describe('Call type'),
  projectId: id.optional().describe('Only this project (time report)'),
  groupBy: z.string().trim().min(1).max(20).optional().describe('Grouping, where the report offers one'),
  days: z.coerce.number().int().min(1).max(3650).optional().describe('Window in days (repeat failures)'),
  columns: z.string().trim().max(1000).optional().describe('Comma-separated columns (incident report)'),
  format: z.enum(['json', 'csv', 'pdf']).default('json').describe('json (default), csv (";"-separated, UTF-8 with BOM) or pdf'),
  table: z.string().trim().min(1).max(40).optional().describe('CSV: only this table of the report (default every table)'),
});
export type ReportQuery = z.input<typeof reportQuerySchema>;

/**
 * How a value is shown: counts and numbers as numbers, `duration` in seconds, `percent` in basis
 * points (8750 = 87,50 %), `money` in cents, `date` YYYY-MM-DD, `datetime` ISO-8601 UTC, `month` YYYY-MM.
 */
export const columnKindSchema = z.enum(['text', 'count', 'number', 'duration', 'percent', 'money', 'date', 'datetime', 'month']);
export type ColumnKind = z.infer<typeof columnKindSchema>;

export const reportCellSchema = z.union([z.string(), z.number(), z.null()]);
export type ReportCell = z.infer<typeof reportCellSchema>;

export const reportColumnSchema = z.object({ key: z.string(), label: z.string(), kind: columnKindSchema });
export type ReportColumn = z.infer<typeof reportColumnSchema>;

export const reportChartSchema = z.object({
  type: z.enum(['bar', 'pie', 'pareto', 'line']).describe('pareto: bars of the first series with the cumulative share line'),
  category: z.string().describe('Column holding the category labels'),
  series: z.array(z.string()).describe('Columns plotted'),
});
export type ReportChart = z.infer<typeof reportChartSchema>;

export const reportTableSchema = z.object({
  id: z.string(),
  title: z.string(),
  columns: z.array(reportColumnSchema),
  rows: z.array(z.record(z.string(), reportCellSchema)),
  /** A totals row shown after the rows (and left out of the chart). */
  footer: z.record(z.string(), reportCellSchema).nullable().optional(),
  /** Row key holding the address (web UI path) of the row's record or filtered list, if any. */
  linkKey: z.string().nullable(),
  chart: reportChartSchema.nullable(),
});
export type ReportTable = z.infer<typeof reportTableSchema>;

export const reportFigureSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: reportCellSchema,
  kind: columnKindSchema,
  /** Web UI path of the filtered list behind the number. */
  link: z.string().nullable(),
});
export type ReportFigure = z.infer<typeof reportFigureSchema>;

export const reportSchema = z.object({
  name: z.string(),
  title: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  timeZone: z.string(),
  generatedAt: z.string(),
  /** The filters applied, as given (ids as strings). */
  filters: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Applied filters in words, for the PDF and the e-mail: "Cliente: Alfa". */
  filterLabels: z.array(z.string()),
  figures: z.array(reportFigureSchema),
  tables: z.array(reportTableSchema),
  notes: z.array(z.string()).describe('How the figures are computed (median, p90…), in the caller\'s language'),
});
export type Report = z.infer<typeof reportSchema>;

/** The reports the API offers, for the UI's list. */
export const reportInfoSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  filters: z.array(z.string()),
  printable: z.boolean(),
  groupBy: z.array(z.string()),
});
export type ReportInfo = z.infer<typeof reportInfoSchema>;

// ---- subscriptions (scheduled reports)

export const subscriptionFrequencySchema = z.enum(['weekly', 'monthly']);

export const subscriptionCreateSchema = z
  .object({
    report: z.string().trim().min(1).max(40).describe('Report name (GET /reports)'),
    frequency: subscriptionFrequencySchema.describe('weekly: every Monday for the week before; monthly: on the 1st for the month before'),
    filters: z.record(z.string(), z.union([z.string(), z.number()])).default({}).describe('Report filters other than the period'),
  })
  .strict();

export const subscriptionSchema = z.object({
  id: z.string(),
  report: z.string(),
  reportTitle: z.string(),
  frequency: subscriptionFrequencySchema,
  filters: z.record(z.string(), z.union([z.string(), z.number()])),
  active: z.boolean(),
  lastPeriod: z.string().nullable().describe('Last period sent (2026-W47, 2026-11)'),
  lastSentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

// ---- the supervisor's dashboard

/** One number of the dashboard and the web address of the filtered list behind it. */
export const dashboardNumberSchema = z.object({
  value: z.number(),
  link: z.string().describe('Web UI path of the filtered list behind the number'),
});
export type DashboardNumber = z.infer<typeof dashboardNumberSchema>;

/** SLA compliance of the incidents received in one week (as the incident time analysis counts it). */
export const dashboardWeekSchema = z.object({
  from: z.string().describe('Monday (YYYY-MM-DD, the caller\'s time zone)'),
  to: z.string().describe('Sunday, or today for the current week'),
  incidents: z.number().describe('Incidents received in the week'),
  responseCompliance: z.number().nullable().describe('Response targets met of those decided, basis points (null: none decided)'),
  resolutionCompliance: z.number().nullable().describe('Resolution targets met of those decided, basis points (null: none decided)'),
  link: z.string().describe('The incident time analysis of that week'),
});
export type DashboardWeek = z.infer<typeof dashboardWeekSchema>;

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  timeZone: z.string(),
  today: z.string().describe('Today in the caller\'s time zone (YYYY-MM-DD)'),
  incidents: z.object({
    open: dashboardNumberSchema.describe('Incidents not closed, now'),
    receivedToday: dashboardNumberSchema.describe('Incidents received today'),
    atRisk: dashboardNumberSchema.describe('Incidents with an SLA clock inside its warning margin now'),
    breached: dashboardNumberSchema.describe('Incidents with an SLA clock past its deadline now'),
  }),
  calls: z.object({ pendingNow: dashboardNumberSchema.describe('Pending calls not postponed into the future, everyone\'s') }),
  compliance: z.object({ thisWeek: dashboardWeekSchema, lastWeek: dashboardWeekSchema }),
  topReasons: z.object({
    from: z.string(),
    to: z.string(),
    total: z.number().describe('Incidents received this month'),
    items: z.array(z.object({ code: z.string(), label: z.string(), count: z.number(), shareBp: z.number().describe('Of the month\'s incidents, basis points'), link: z.string() })).describe('The five commonest general reasons of the month, commonest first (ties by code)'),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
