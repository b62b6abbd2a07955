/**
 * Incident time analysis: received → first response → resolved → closed, in business time (the SLA
 * area's clocks: the incident's calendar with its holidays, pauses while waiting for the customer
 * excluded) and in calendar time, against the targets; per group — week, month, priority, owner,
 * reason or item — the count, the SLA compliance and the median and p90 of response and resolution
 * time; and the worst cases to open. Groups are aggregated in SQL (reports.repository.ts), so a
 * year at a million incidents never comes into memory; only the worst cases are read one by one.
 */
import type { Ctx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { zonedToUtc } from '../../../shared/dates.ts';
import type { ReportColumn } from '../../../shared/reports.ts';
import { businessCalendar } from '../sla/calendars.service.ts';
import { catalogLabeller, type Filters, type ParsedQuery, type ReportBody, type ReportDefinition, statisticsNote, tr, userTimeZone } from './report-kit.ts';
import * as repo from './reports.repository.ts';
import { HISTOGRAM_MAX_ERROR } from './summaries.rules.ts';
import { exactMax, timeStatsFromSummaries, worstCaseIds } from './summaries.service.ts';
import { periodBuckets, shareBp } from './reports.rules.ts';

export const TIME_GROUPS = ['month', 'week', 'priority', 'owner', 'reason', 'item'] as const;
type TimeGroupBy = (typeof TIME_GROUPS)[number];

/** Worst cases listed. */
export const WORST_CASES = 25;

const minutesToSeconds = (m: number | null) => (m === null ? null : Math.round(m) * 60);
const round = (v: number | null) => (v === null ? null : Math.round(v));

async function build(ctx: Ctx, f: Filters, q: ParsedQuery): Promise<ReportBody> {
  const t = tr(ctx);
  const tz = userTimeZone(ctx);
  const groupBy = (q.groupBy ?? 'month') as TimeGroupBy;
  const now = nowIso();
  const from = f.fromDate ?? f.toDate ?? now.slice(0, 10);
  const to = f.toDate ?? from;

  // The group key of each row and its label.
  let group: repo.TimeGroup;
  let buckets: Array<{ key: string; start: string }> = [];
  if (groupBy === 'month' || groupBy === 'week') {
    buckets = periodBuckets(from, to, groupBy);
    group = { bounds: buckets.slice(1).map((b) => zonedToUtc(b.start, tz)) };
  } else {
    group = { column: ({ priority: 'i.priority_code', owner: 'i.owner_user_id', reason: 'i.reason_code', item: 'i.item_id' } as const)[groupBy] };
  }
  // A large period by week or month reads the summaries (medians and P90 from the histogram);
  // other groupings, other filters and small periods read the incidents (exact).
  const summarised = 'bounds' in group ? await timeStatsFromSummaries(ctx, f, buckets.map((b) => b.start), now, tz) : null;
  const [all] = summarised ? ((await timeStatsFromSummaries(ctx, f, [from], now, tz)) ?? []) : await repo.incidentTimeStats(ctx.db, f, { bounds: [] }, now);
  const rows = summarised ?? (await repo.incidentTimeStats(ctx.db, f, group, now));

  const ids = rows.flatMap((r) => (r.g === null ? [] : [Number(r.g)]));
  const none = t('(sin indicar)', '(not given)');
  let label: (g: string | number | null) => string;
  let link: (g: string | number | null) => string | null = () => null;
  const period = (a: string, b: string) => `from=${a}&to=${b}`;
  if (groupBy === 'month' || groupBy === 'week') {
    label = (g) => buckets[Number(g)]?.key ?? String(g);
  } else if (groupBy === 'priority') {
    const l = await catalogLabeller(ctx, 'priorities');
    label = (g) => l(g === null ? null : String(g));
    link = (g) => (g === null ? null : `/reports/incidents?priorityCode=${encodeURIComponent(String(g))}&${period(from, to)}`);
  } else if (groupBy === 'reason') {
    const l = await catalogLabeller(ctx, 'reason-codes');
    label = (g) => l(g === null ? null : String(g));
    link = (g) => (g === null ? null : `/reports/incidents?reasonCode=${encodeURIComponent(String(g))}&${period(from, to)}`);
  } else if (groupBy === 'owner') {
    const names = await repo.userNames(ctx.db, ids);
    label = (g) => (g === null ? t('(sin propietario)', '(no owner)') : (names.get(Number(g)) ?? String(g)));
    link = (g) => (g === null ? null : `/reports/incidents?ownerUserId=${g}&${period(from, to)}`);
  } else {
    const names = await repo.itemNames(ctx.db, ids);
    label = (g) => (g === null ? none : (names.get(Number(g)) ?? String(g)));
    link = (g) => (g === null ? null : `/reports/incidents?itemId=${g}&${period(from, to)}`);
  }

  const groupRow = (r: repo.TimeStatsRow) => ({
    incidents: r.n,
    responseCompliance: shareBp(r.r_met, r.r_decided),
    resolutionCompliance: shareBp(r.s_met, r.s_decided),
    responseMedian: minutesToSeconds(r.rb_med),
    responseP90: minutesToSeconds(r.rb_p90),
    resolutionMedian: minutesToSeconds(r.sb_med),
    resolutionP90: minutesToSeconds(r.sb_p90),
    responseCalendarMedian: round(r.rc_med),
    responseCalendarP90: round(r.rc_p90),
    resolutionCalendarMedian: round(r.sc_med),
    resolutionCalendarP90: round(r.sc_p90),
    unresolved: r.s_open,
  });
  const byKey = new Map(rows.map((r) => [r.g === null ? null : String(r.g), r]));
  const ordered =
    groupBy === 'month' || groupBy === 'week'
      ? buckets.map((b, k) => ({ key: b.key, row: byKey.get(String(k)) }))
      : rows.sort((a, b) => b.n - a.n || label(a.g).localeCompare(label(b.g))).map((r) => ({ key: label(r.g), row: r }));
  const empty: repo.TimeStatsRow = { g: null, n: 0, r_decided: 0, r_met: 0, s_decided: 0, s_met: 0, r_open: 0, s_open: 0, rb_med: null, rb_p90: null, sb_med: null, sb_p90: null, rc_med: null, rc_p90: null, sc_med: null, sc_p90: null };
  const tableRows = ordered.map(({ key, row }) => ({ label: key, ...groupRow(row ?? empty), link: row ? link(row.g) : null }));
  const total = groupRow(all ?? empty);

  const groupTitle: Record<TimeGroupBy, [string, string]> = {
    month: ['Mes', 'Month'],
    week: ['Semana (lunes)', 'Week (Monday)'],
    priority: ['Prioridad', 'Priority'],
    owner: ['Propietario', 'Owner'],
    reason: ['Motivo', 'Reason'],
    item: ['Artículo', 'Item'],
  };
  const firstColumn: ReportColumn = { key: 'label', label: t(...groupTitle[groupBy]), kind: groupBy === 'month' ? 'month' : groupBy === 'week' ? 'date' : 'text' };
  const statColumns: ReportColumn[] = [
    { key: 'incidents', label: t('Incidencias', 'Incidents'), kind: 'count' },
    { key: 'responseCompliance', label: t('Cumplimiento respuesta', 'Response compliance'), kind: 'percent' },
    { key: 'resolutionCompliance', label: t('Cumplimiento resolución', 'Resolution compliance'), kind: 'percent' },
    { key: 'responseMedian', label: t('Respuesta, mediana (laborable)', 'Response, median (business)'), kind: 'duration' },
    { key: 'responseP90', label: t('Respuesta, P90 (laborable)', 'Response, P90 (business)'), kind: 'duration' },
    { key: 'resolutionMedian', label: t('Resolución, mediana (laborable)', 'Resolution, median (business)'), kind: 'duration' },
    { key: 'resolutionP90', label: t('Resolución, P90 (laborable)', 'Resolution, P90 (business)'), kind: 'duration' },
    { key: 'responseCalendarMedian', label: t('Respuesta, mediana (natural)', 'Response, median (calendar)'), kind: 'duration' },
    { key: 'responseCalendarP90', label: t('Respuesta, P90 (natural)', 'Response, P90 (calendar)'), kind: 'duration' },
    { key: 'resolutionCalendarMedian', label: t('Resolución, mediana (natural)', 'Resolution, median (calendar)'), kind: 'duration' },
    { key: 'resolutionCalendarP90', label: t('Resolución, P90 (natural)', 'Resolution, P90 (calendar)'), kind: 'duration' },
    { key: 'unresolved', label: t('Sin resolver', 'Unresolved'), kind: 'count' },
  ];

  // Worst cases, each with its full timeline; time to close counts on the resolution clock's calendar.
  const worstIds = await worstCaseIds(ctx, f, now, WORST_CASES, tz);
  const worst = await repo.worstTimedIncidents(ctx.db, f, now, WORST_CASES, worstIds ?? undefined);
  const priority = await catalogLabeller(ctx, 'priorities');
  const worstRows = [];
  for (const w of worst) {
    const secs = (a: string | null, b: string | null) => (a && b ? Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 1000)) : null);
    let closeBusiness: number | null = null;
    if (w.closed_at && w.resolved_at && w.s_state === 'stopped' && w.s_calendar !== null) {
      const { clock } = await businessCalendar(ctx, Number(w.s_calendar));
      closeBusiness = (Number(w.s_used) + clock.minutesBetween(Date.parse(w.resolved_at), Date.parse(w.closed_at))) * 60;
    }
    worstRows.push({
      number: w.number,
      priority: priority(w.priority_code),
      receivedAt: w.received_at,
      firstResponseAt: w.first_response_at,
      resolvedAt: w.resolved_at,
      closedAt: w.closed_at,
      responseTarget: minutesToSeconds(w.r_target),
      responseBusiness: w.r_state === 'stopped' ? minutesToSeconds(w.r_used) : null,
      responseCalendar: secs(w.received_at, w.first_response_at ?? w.resolved_at),
      resolutionTarget: minutesToSeconds(w.s_target),
      resolutionBusiness: w.s_state === 'stopped' ? minutesToSeconds(w.s_used) : null,
      resolutionCalendar: secs(w.received_at, w.resolved_at),
      closeBusiness,
      closeCalendar: secs(w.received_at, w.closed_at),
      resolutionDue: w.s_state === 'stopped' ? null : w.s_due,
      link: `/incidents/${w.id}`,
    });
  }

  return {
    extra: { groupBy },
    figures: [
      { key: 'incidents', label: t('Incidencias', 'Incidents'), value: total.incidents, kind: 'count', link: `/reports/incidents?${period(from, to)}` },
      { key: 'responseCompliance', label: t('Cumplimiento de respuesta', 'Response compliance'), value: total.responseCompliance, kind: 'percent', link: null },
      { key: 'resolutionCompliance', label: t('Cumplimiento de resolución', 'Resolution compliance'), value: total.resolutionCompliance, kind: 'percent', link: null },
      { key: 'responseMedian', label: t('Respuesta, mediana (laborable)', 'Response, median (business)'), value: total.responseMedian, kind: 'duration', link: null },
      { key: 'resolutionMedian', label: t('Resolución, mediana (laborable)', 'Resolution, median (business)'), value: total.resolutionMedian, kind: 'duration', link: null },
      { key: 'resolutionP90', label: t('Resolución, P90 (laborable)', 'Resolution, P90 (business)'), value: total.resolutionP90, kind: 'duration', link: null },
    ],
    tables: [
      {
        id: 'groups',
        title: t(`Tiempos por ${t(...groupTitle[groupBy]).toLowerCase()}`, `Times by ${t(...groupTitle[groupBy]).toLowerCase()}`),
        columns: [firstColumn, ...statColumns],
        rows: tableRows,
        footer: { label: t('Total', 'Total'), ...total },
        linkKey: 'link',
        chart: { type: groupBy === 'month' || groupBy === 'week' ? 'line' : 'bar', category: 'label', series: ['responseMedian', 'resolutionMedian', 'resolutionP90'] },
      },
      {
        id: 'worstCases',
        title: t('Peores casos', 'Worst cases'),
        columns: [
          { key: 'number', label: t('Incidencia', 'Incident'), kind: 'text' },
          { key: 'priority', label: t('Prioridad', 'Priority'), kind: 'text' },
          { key: 'receivedAt', label: t('Recibida', 'Received'), kind: 'datetime' },
          { key: 'firstResponseAt', label: t('Primera respuesta', 'First response'), kind: 'datetime' },
          { key: 'resolvedAt', label: t('Resuelta', 'Resolved'), kind: 'datetime' },
          { key: 'closedAt', label: t('Cerrada', 'Closed'), kind: 'datetime' },
          { key: 'responseTarget', label: t('Objetivo respuesta', 'Response target'), kind: 'duration' },
          { key: 'responseBusiness', label: t('Respuesta (laborable)', 'Response (business)'), kind: 'duration' },
          { key: 'responseCalendar', label: t('Respuesta (natural)', 'Response (calendar)'), kind: 'duration' },
          { key: 'resolutionTarget', label: t('Objetivo resolución', 'Resolution target'), kind: 'duration' },
          { key: 'resolutionBusiness', label: t('Resolución (laborable)', 'Resolution (business)'), kind: 'duration' },
          { key: 'resolutionCalendar', label: t('Resolución (natural)', 'Resolution (calendar)'), kind: 'duration' },
          { key: 'closeBusiness', label: t('Cierre (laborable)', 'Close (business)'), kind: 'duration' },
          { key: 'closeCalendar', label: t('Cierre (natural)', 'Close (calendar)'), kind: 'duration' },
          { key: 'resolutionDue', label: t('Vence resolución', 'Resolution due'), kind: 'datetime' },
        ],
        rows: worstRows,
        linkKey: 'link',
        chart: null,
      },
    ],
    notes: [
      t(
        'Incidencias recibidas en el periodo (zona horaria del usuario). Tiempo laborable: el reloj SLA de cada incidencia, sobre su calendario de servicio (horario, festivos) y sin contar las pausas en estados «en espera del cliente»; tiempo natural: de la recepción al sello, sin descontar nada. Respuesta: hasta la primera respuesta (o la resolución, si no la hubo). Cumplimiento: objetivos cumplidos entre los decididos (relojes parados, más los que siguen corriendo con el plazo ya vencido, que cuentan como incumplidos). Medianas y P90 sobre las incidencias con ese tiempo ya medido. Peores casos: resueltas fuera de plazo (mayor exceso primero), luego sin resolver con el plazo vencido, luego las que solo incumplieron la respuesta; cierre laborable = resolución laborable + tiempo laborable de la resolución al cierre.',
        'Incidents received in the period (user time zone). Business time: each incident\'s SLA clock, on its service calendar (hours, holidays) and without the pauses in "waiting for customer" statuses; calendar time: from reception to the stamp, nothing taken off. Response: to the first response (or the resolution when there was none). Compliance: targets met out of those decided (stopped clocks, plus those still running past their deadline, counted as missed). Medians and P90 over the incidents whose time is already measured. Worst cases: resolved late (largest overrun first), then unresolved past the deadline, then those that only missed the response; business time to close = business resolution time + business time from resolution to close.',
      ),
      statisticsNote(ctx),
      ...(summarised
        ? [
            t(
              `Periodo de más de ${exactMax()} incidencias: medianas y P90 leídos del histograma de tiempos que se mantiene al registrar (valores de menos de 64 minutos o segundos exactos; el resto, a menos de un ${Math.round(HISTOGRAM_MAX_ERROR * 1000) / 10} % del valor). Recuentos y cumplimiento, exactos.`,
              `Period of more than ${exactMax()} incidents: medians and P90 read from the duration histogram kept on write (values under 64 minutes or seconds exact; the rest within ${Math.round(HISTOGRAM_MAX_ERROR * 1000) / 10} % of the value). Counts and compliance exact.`,
            ),
          ]
        : []),
    ],
  };
}

export const incidentTimesReport: ReportDefinition = {
  name: 'incident-times',
  title: { es: 'Análisis de tiempo de las incidencias', en: 'Incident time analysis' },
  description: {
    es: 'Recepción → primera respuesta → resolución → cierre, en tiempo laborable y natural frente a los objetivos: cumplimiento, mediana y P90 por periodo, prioridad, propietario, motivo o artículo, y los peores casos.',
    en: 'Received → first response → resolved → closed, in business and calendar time against the targets: compliance, median and P90 by period, priority, owner, reason or item, and the worst cases.',
  },
  filters: ['from', 'to', 'customerId', 'itemId', 'regionCode', 'ownerUserId', 'groupId', 'priorityCode', 'reasonCode', 'caseType', 'statusCode', 'groupBy'],
  groupBy: [...TIME_GROUPS],
  printable: true,
  build,
};
