/**
 * HTTP of the reports: the list of reports, one GET per report answering JSON, CSV or PDF
 * (`format`), and the caller's report subscriptions.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { type AppInstance, ctxOf, idParams, idString, toId, route, itemsSchema } from '../../http.ts';
import { dashboardSchema, reportInfoSchema, reportQuerySchema, reportSchema, subscriptionCreateSchema, subscriptionSchema } from '../../../shared/reports.ts';
import type { Ctx } from '../../context.ts';
import type { Locale } from '../../i18n/messages.ts';
import type { Permission } from '../../../shared/roles.ts';
import { getDashboard } from './dashboard.service.ts';
import { reportCsv, reportPdf } from './reports.render.ts';
import * as service from './reports.service.ts';
import * as subscriptions from './subscriptions.service.ts';

type Query = z.infer<typeof reportQuerySchema> & { userId?: string };

/** Sends a built report in the format asked for. */
async function answer(reply: FastifyReply, ctx: Ctx, locale: Locale, name: string, query: Query) {
  const { format, table, ...rest } = query;
  const report = await service.runReport(ctx, name, rest);
  const file = `${name}-${report.from ?? 'start'}-${report.to ?? 'end'}`;
  if (format === 'csv') {
    if (table && !report.tables.some((tb) => tb.id === table)) return service.unknownTable(report);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`).send(reportCsv(report, locale, table));
  }
  if (format === 'pdf') {
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${file}.pdf"`).send(await reportPdf(report, locale));
  }
  return report;
}

const REPORT_ROUTES: Array<{ name: string; operationId: string; summary: string; extra?: z.ZodRawShape; permission?: Permission }> = [
  { name: 'incidents', operationId: 'getIncidentReport', summary: 'Incident report: the filtered list of incidents with the columns chosen (`columns`), printable and exportable' },
  {
    name: 'incident-times',
    operationId: 'getIncidentTimesReport',
    summary: 'Incident time analysis: received → first response → resolved → closed in business (SLA clock, pauses excluded) and calendar time against the targets; per `groupBy` (month, week, priority, owner, reason, item) the count, compliance, median and p90; the worst cases',
  },
  {
    name: 'root-causes',
    operationId: 'getRootCausesReport',
    summary: 'Root-cause statistics: reasons general → specific (Pareto), items (per 100 units in service), case types, symptom words, repeat failures per serial within `days` (default 30: the figure `repeatUnits` counts every unit; the table lists the top 50 by repeats, then the latest repeat, each linking to the incident list of its unit, in CSV and PDF too), warranty and courtesy supply cost per item and month',
  },
  { name: 'calls', operationId: 'getCallsReport', summary: 'Calls by type and destination, pending now and postponed, time to finish (median, p90), finished by which kind of action' },
  { name: 'activities', operationId: 'getActivitiesReport', summary: 'Technical activities by origin, problem type and solution type; automatic action failures' },
  {
    name: 'time',
    operationId: 'getTimeReport',
    summary: 'Time per customer, project or employee between two dates, with totals in minutes',
    extra: { userId: idString.optional().describe('Employee (same as ownerUserId)') },
  },
  {
    name: 'billing',
    operationId: 'getBillingReport',
    summary: 'Billing: invoiced, collected and outstanding per month of the period, and what is overdue now by age (0–30, 31–60, 61–90, > 90 days past due); admin, supervisor and billing roles',
    permission: 'reports.billing',
  },
];

export async function reportsRoutes(app: AppInstance) {
  app.get('/reports', route('reports.read', { operationId: 'listReports', tags: ['reports'], summary: 'The reports offered, with the filters each takes', response: { 200: itemsSchema(reportInfoSchema) } }), async (request) => ({ items: service.listReports(ctxOf(request)) }));

  app.get(
    '/reports/dashboard',
    route('reports.dashboard', {
      operationId: 'getSupervisorDashboard',
      tags: ['reports'],
      summary: "The supervisor's dashboard: open, received-today, at-risk and breached incidents, calls pending now, SLA compliance this week against last, the five commonest reasons this month; each number with the web address of its filtered list (supervisors and administrators)",
      response: { 200: dashboardSchema },
    }),
    async (request) => getDashboard(ctxOf(request)),
  );

  for (const r of REPORT_ROUTES) {
    app.get(
      `/reports/${r.name}`,
      route(r.permission ?? 'reports.read', {
        operationId: r.operationId,
        tags: ['reports'],
        summary: r.summary,
        description: 'format=json (default), csv (";"-separated, UTF-8 with BOM, localised headers and numbers; `table` picks one table) or pdf (A4, in the caller\'s language and time zone). A filter the report does not take is refused (400 naming it).',
        querystring: r.extra ? reportQuerySchema.extend(r.extra) : reportQuerySchema,
        response: { 200: reportSchema.passthrough() },
      }),
      async (request, reply) => answer(reply, ctxOf(request), request.locale, r.name, request.query as Query),
    );
  }

  app.get('/report-subscriptions', route('reports.read', { operationId: 'listReportSubscriptions', tags: ['reports'], summary: 'My report subscriptions', response: { 200: itemsSchema(subscriptionSchema) } }), async (request) => ({ items: await subscriptions.listMySubscriptions(ctxOf(request)) }));

  app.post('/report-subscriptions', route('reports.read', { operationId: 'createReportSubscription', tags: ['reports'], summary: 'Subscribe to a report: it arrives by e-mail as a PDF every week (Monday, the week before) or month (1st, the month before)', body: subscriptionCreateSchema, response: { 201: subscriptionSchema } }), async (request, reply) => reply.status(201).send(await subscriptions.subscribe(ctxOf(request), request.body)));

  app.delete('/report-subscriptions/:id', route('reports.read', { operationId: 'deleteReportSubscription', tags: ['reports'], summary: 'Unsubscribe', params: idParams, response: { 204: z.null() } }), async (request, reply) => {
    await subscriptions.unsubscribe(ctxOf(request), toId(request.params.id));
    return reply.status(204).send(null);
  });
}
