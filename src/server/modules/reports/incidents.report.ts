/**
 * Incident reports: the incident report (the filtered list with the columns the user chooses) and
 * the root-cause statistics (reasons general → specific with their Pareto, items, case types,
 * symptom words, repeat failures per serial, failures per 100 units in service, and the cost of
 * supplies given under warranty and courtesy per item and month).
 */
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { localDate } from '../../../shared/dates.ts';
import type { ColumnKind, ReportCell } from '../../../shared/reports.ts';
import { caseTypeLabel, catalogLabeller, type Filters, type ParsedQuery, type ReportBody, type ReportDefinition, tr, userTimeZone } from './report-kit.ts';
import { commonestWords, pareto, periodBuckets, REPEAT_FAILURES_LISTED, repeatFailures, shareBp } from './reports.rules.ts';
import * as repo from './reports.repository.ts';
import { countIncidents, countIncidentsBy, countIncidentsByItem, topRepeatSerials } from './summaries.service.ts';
import { freeSupplyCostsFor, unitsInServiceFor } from './root-summaries.service.ts';

/** Most rows the incident report lists (the figure says how many matched). */
export const INCIDENT_REPORT_MAX_ROWS = 5000;

type IncidentRow = Awaited<ReturnType<typeof repo.incidentList>>[number];
type Labels = { reason: (c: string | null) => string; priority: (c: string | null) => string; status: (c: string | null) => string };

/** The columns a user may choose for the incident report, in the order offered. */
const COLUMNS: Array<{ key: string; es: string; en: string; kind: ColumnKind; value: (r: IncidentRow, ctx: Ctx, l: Labels) => ReportCell }> = [
  { key: 'number', es: 'Número', en: 'Number', kind: 'text', value: (r) => r.number },
  { key: 'receivedAt', es: 'Recibida', en: 'Received', kind: 'datetime', value: (r) => new Date(r.received_at).toISOString() },
  { key: 'customer', es: 'Cliente', en: 'Customer', kind: 'text', value: (r) => `${r.customer_code} ${r.customer_name}` },
  { key: 'item', es: 'Artículo', en: 'Item', kind: 'text', value: (r) => (r.item_code ? `${r.item_code} ${r.item_description ?? ''}`.trim() : null) },
  { key: 'serialNumber', es: 'N.º de serie', en: 'Serial number', kind: 'text', value: (r) => r.serial_number },
  { key: 'caseType', es: 'Tipo de caso', en: 'Case type', kind: 'text', value: (r, ctx) => caseTypeLabel(ctx.locale, r.case_type) },
  { key: 'reason', es: 'Motivo', en: 'Reason', kind: 'text', value: (r, _c, l) => (r.reason_code ? l.reason(r.reason_code) : null) },
  { key: 'specificReason', es: 'Motivo específico', en: 'Specific reason', kind: 'text', value: (r, _c, l) => (r.specific_reason_code ? l.reason(r.specific_reason_code) : null) },
  { key: 'priority', es: 'Prioridad', en: 'Priority', kind: 'text', value: (r, _c, l) => l.priority(r.priority_code) },
  { key: 'status', es: 'Estado', en: 'Status', kind: 'text', value: (r, _c, l) => l.status(r.status_code) },
  { key: 'owner', es: 'Propietario', en: 'Owner', kind: 'text', value: (r) => r.owner_user_name ?? r.owner_group_name ?? null },
  { key: 'region', es: 'Región', en: 'Region', kind: 'text', value: (r) => r.region_code },
  { key: 'symptom', es: 'Síntoma', en: 'Symptom', kind: 'text', value: (r) => r.symptom },
  { key: 'diagnosis', es: 'Diagnóstico', en: 'Diagnosis', kind: 'text', value: (r) => r.diagnosis },
  { key: 'solution', es: 'Solución', en: 'Solution', kind: 'text', value: (r) => r.solution },
  { key: 'estimatedCloseDate', es: 'Cierre estimado', en: 'Estimated close', kind: 'date', value: (r) => r.estimated_close_date },
  { key: 'firstResponseAt', es: 'Primera respuesta', en: 'First response', kind: 'datetime', value: (r) => (r.first_response_at ? new Date(r.first_response_at).toISOString() : null) },
  { key: 'resolvedAt', es: 'Resuelta', en: 'Resolved', kind: 'datetime', value: (r) => (r.resolved_at ? new Date(r.resolved_at).toISOString() : null) },
  { key: 'closedAt', es: 'Cerrada', en: 'Closed', kind: 'datetime', value: (r) => (r.closed_at ? new Date(r.closed_at).toISOString() : null) },
];
export const INCIDENT_COLUMNS = COLUMNS.map((c) => c.key);
const DEFAULT_COLUMNS = ['number', 'receivedAt', 'customer', 'item', 'serialNumber', 'caseType', 'reason', 'priority', 'status', 'owner'];

/** The columns asked for (comma-separated keys), checked; default a useful set. */
export function chosenColumns(columns: string | undefined): string[] {
  if (!columns) return DEFAULT_COLUMNS;
  const keys = columns.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = keys.filter((k) => !INCIDENT_COLUMNS.includes(k));
  if (unknown.length || keys.length === 0) {
    throw new AppError('validation_failed', { errors: [{ field: 'columns', code: 'report_column_unknown', params: { value: unknown[0] ?? '', values: INCIDENT_COLUMNS.join(', ') } }] });
  }
  return [...new Set(keys)];
}

async function labels(ctx: Ctx): Promise<Labels> {
  return { reason: await catalogLabeller(ctx, 'reason-codes'), priority: await catalogLabeller(ctx, 'priorities'), status: await catalogLabeller(ctx, 'incident-statuses') };
}

async function buildIncidentReport(ctx: Ctx, f: Filters, q: ParsedQuery): Promise<ReportBody> {
  const t = tr(ctx);
  const keys = chosenColumns(q.columns);
  const l = await labels(ctx);
  const total = await countIncidents(ctx, f, userTimeZone(ctx));
  const rows = await repo.incidentList(ctx.db, f, INCIDENT_REPORT_MAX_ROWS);
  const cols = keys.map((k) => COLUMNS.find((c) => c.key === k)!);
  const open = rows.filter((r) => r.stage !== 'closed').length;
  return {
    figures: [
      { key: 'incidents', label: t('Incidencias', 'Incidents'), value: total, kind: 'count', link: null },
      { key: 'listed', label: t('Listadas', 'Listed'), value: rows.length, kind: 'count', link: null },
      { key: 'open', label: t('Sin cerrar (listadas)', 'Not closed (listed)'), value: open, kind: 'count', link: null },
    ],
    tables: [
      {
        id: 'incidents',
        title: t('Incidencias', 'Incidents'),
        columns: cols.map((c) => ({ key: c.key, label: t(c.es, c.en), kind: c.kind })),
        rows: rows.map((r) => ({ ...Object.fromEntries(cols.map((c) => [c.key, c.value(r, ctx, l)])), link: `/incidents/${r.id}` })),
        linkKey: 'link',
        chart: null,
      },
    ],
    notes: [
      t(
        `Incidencias recibidas en el periodo (zona horaria del usuario), las más recientes primero; como máximo ${INCIDENT_REPORT_MAX_ROWS}. Columnas posibles: ${INCIDENT_COLUMNS.join(', ')}.`,
        `Incidents received in the period (user time zone), newest first; at most ${INCIDENT_REPORT_MAX_ROWS}. Possible columns: ${INCIDENT_COLUMNS.join(', ')}.`,
      ),
    ],
    extra: { columns: keys, availableColumns: COLUMNS.map((c) => ({ key: c.key, label: t(c.es, c.en) })) },
  };
}

/** A unit's incidents in the incident list (filtered by the unit its latest incident names); the latest incident when none names one. */
function unitIncidentsLink(incidents: Array<{ id: number; unitId: number | null }>): string {
  const unitId = [...incidents].reverse().find((i) => i.unitId !== null)?.unitId;
  return unitId ? `/incidents?view=all&unitId=${unitId}` : `/incidents/${incidents[incidents.length - 1].id}`;
}

async function buildRootCauses(ctx: Ctx, f: Filters, q: ParsedQuery): Promise<ReportBody> {
  const t = tr(ctx);
  const tz = userTimeZone(ctx);
  const days = q.days === undefined ? 30 : Number(q.days);
  const l = await labels(ctx);
  const total = await countIncidents(ctx, f, tz);
  const period = `${f.fromDate ? `&from=${f.fromDate}` : ''}${f.toDate ? `&to=${f.toDate}` : ''}`;

  const paretoColumns = (first: string) => [
    { key: 'label', label: first, kind: 'text' as const },
    { key: 'incidents', label: t('Incidencias', 'Incidents'), kind: 'count' as const },
    { key: 'share', label: t('Porcentaje', 'Share'), kind: 'percent' as const },
    { key: 'cumulative', label: t('Acumulado', 'Cumulative'), kind: 'percent' as const },
  ];
  const byReason = pareto((await countIncidentsBy(ctx, f, 'reason', tz)).map((r) => ({ label: l.reason(r.a), count: r.n, code: r.a })));
  const bySpecific = pareto(
    (await countIncidentsBy(ctx, f, 'specific', tz)).map((r) => ({ label: `${l.reason(r.a)} → ${r.b ? l.reason(r.b) : t('(sin específico)', '(no specific)')}`, count: r.n })),
  );
  const byCase = (await countIncidentsBy(ctx, f, 'case_type', tz)).map((r) => ({ label: caseTypeLabel(ctx.locale, r.a ?? ''), incidents: r.n, share: shareBp(r.n, total), link: `/reports/incidents?caseType=${r.a}${period}` }));

  const items = await countIncidentsByItem(ctx, f, tz);
  const inService = await unitsInServiceFor(ctx, f, items.flatMap((i) => (i.itemId === null ? [] : [i.itemId])), f.toDate ?? localDate(new Date(), tz));
  const byItem = items
    .map((i) => {
      const units = i.itemId === null ? null : (inService.get(i.itemId) ?? 0);
      return {
        label: i.code ? `${i.code} ${i.description ?? ''}`.trim() : t('(sin artículo)', '(no item)'),
        incidents: i.n,
        unitsInService: units,
        per100: units ? Math.round((i.n * 10_000) / units) / 100 : null,
      };
    })
    .sort((a, b) => b.incidents - a.incidents || a.label.localeCompare(b.label));

  const words = commonestWords(await repo.symptoms(ctx.db, f, 20_000), 25);

  // The units with repeat failures are counted and ranked in SQL; only the first ones' incidents are read, and the rule
  // (which ranks the same way) works out their repeats, shortest gap and list.
  const ranking = await topRepeatSerials(ctx, f, days, REPEAT_FAILURES_LISTED);
  const serials = await repo.serialIncidents(ctx.db, f, ranking.top.map((s) => s.serial));
  const repeats = repeatFailures(
    serials.map((s) => ({ serial: s.serial_number, receivedAt: new Date(s.received_at).toISOString(), id: s.id, number: s.number, unitId: s.unit_id, item: s.item_code ? `${s.item_code} ${s.item_description ?? ''}`.trim() : null })),
    days,
    REPEAT_FAILURES_LISTED,
  );
  const count = (n: number) => n.toLocaleString(ctx.locale === 'en' ? 'en-GB' : 'es-ES');
  const repeatTitle = t(`Fallos repetidos por número de serie (${days} días)`, `Repeat failures per serial number (${days} days)`);

  // Free supplies per month of the period (the user's time zone), item and case type, summed in SQL.
  const months = f.fromDate && f.toDate ? periodBuckets(f.fromDate, f.toDate, 'month') : [];
  const supplies = await freeSupplyCostsFor(ctx, f, months, tz);
  const costs = new Map<string, { month: string; item: string; warranty: number; courtesy: number }>();
  for (const s of supplies) {
    const month = months[s.g]?.key ?? '';
    const item = `${s.itemCode} ${s.itemDescription}`;
    const key = `${month}\u0000${item}`;
    const c = costs.get(key) ?? { month, item, warranty: 0, courtesy: 0 };
    if (s.caseType === 'warranty') c.warranty += s.cost;
    else c.courtesy += s.cost;
    costs.set(key, c);
  }
  const costRows = [...costs.values()].sort((a, b) => a.month.localeCompare(b.month) || b.warranty + b.courtesy - (a.warranty + a.courtesy) || a.item.localeCompare(b.item));
  const totalCost = costRows.reduce((s, c) => s + c.warranty + c.courtesy, 0);

  return {
    figures: [
      { key: 'incidents', label: t('Incidencias', 'Incidents'), value: total, kind: 'count', link: `/incidents?${period.slice(1)}` },
      { key: 'topReasonShare', label: t('Motivo principal', 'Top reason'), value: byReason[0]?.shareBp ?? null, kind: 'percent', link: null },
      { key: 'repeatUnits', label: t(`Unidades con fallos repetidos (${days} días)`, `Units failing again (${days} days)`), value: ranking.total, kind: 'count', link: null },
      { key: 'freeSuppliesCost', label: t('Coste de garantía y cortesía', 'Warranty and courtesy cost'), value: totalCost, kind: 'money', link: null },
    ],
    tables: [
      {
        id: 'byReason',
        title: t('Por motivo (Pareto)', 'By reason (Pareto)'),
        columns: paretoColumns(t('Motivo', 'Reason')),
        rows: byReason.map((r) => ({ label: r.label, incidents: r.count, share: r.shareBp, cumulative: r.cumulativeBp, link: r.code ? `/reports/incidents?reasonCode=${encodeURIComponent(r.code)}${period}` : null })),
        linkKey: 'link',
        chart: { type: 'pareto', category: 'label', series: ['incidents', 'cumulative'] },
      },
      {
        id: 'bySpecificReason',
        title: t('Por motivo general → específico', 'By general → specific reason'),
        columns: paretoColumns(t('Motivo', 'Reason')),
        rows: bySpecific.map((r) => ({ label: r.label, incidents: r.count, share: r.shareBp, cumulative: r.cumulativeBp })),
        linkKey: null,
        chart: { type: 'pareto', category: 'label', series: ['incidents', 'cumulative'] },
      },
      {
        id: 'byItem',
        title: t('Por artículo, por cada 100 unidades en servicio', 'By item, per 100 units in service'),
        columns: [
          { key: 'label', label: t('Artículo', 'Item'), kind: 'text' },
          { key: 'incidents', label: t('Incidencias', 'Incidents'), kind: 'count' },
          { key: 'unitsInService', label: t('Unidades en servicio', 'Units in service'), kind: 'count' },
          { key: 'per100', label: t('Incidencias por 100 unidades', 'Incidents per 100 units'), kind: 'number' },
        ],
        rows: byItem,
        linkKey: null,
        chart: { type: 'bar', category: 'label', series: ['incidents'] },
      },
      {
        id: 'byCaseType',
        title: t('Por tipo de caso', 'By case type'),
        columns: [
          { key: 'label', label: t('Tipo de caso', 'Case type'), kind: 'text' },
          { key: 'incidents', label: t('Incidencias', 'Incidents'), kind: 'count' },
          { key: 'share', label: t('Porcentaje', 'Share'), kind: 'percent' },
        ],
        rows: byCase.sort((a, b) => b.incidents - a.incidents),
        linkKey: 'link',
        chart: { type: 'pie', category: 'label', series: ['incidents'] },
      },
      {
        id: 'symptomWords',
        title: t('Palabras más frecuentes en los síntomas', 'Commonest symptom words'),
        columns: [
          { key: 'word', label: t('Palabra', 'Word'), kind: 'text' },
          { key: 'incidents', label: t('Incidencias', 'Incidents'), kind: 'count' },
        ],
        rows: words.map((w) => ({ word: w.word, incidents: w.count })),
        linkKey: null,
        chart: { type: 'bar', category: 'word', series: ['incidents'] },
      },
      {
        id: 'repeatFailures',
        title:
          ranking.total > repeats.length
            ? `${repeatTitle}${t(`: las ${repeats.length} unidades con más repeticiones de ${count(ranking.total)}`, `: the top ${repeats.length} of ${count(ranking.total)} units`)}`
            : repeatTitle,
        columns: [
          { key: 'serial', label: t('N.º de serie', 'Serial number'), kind: 'text' },
          { key: 'item', label: t('Artículo', 'Item'), kind: 'text' },
          { key: 'incidents', label: t('Incidencias', 'Incidents'), kind: 'count' },
          { key: 'repeats', label: t('Repeticiones', 'Repeats'), kind: 'count' },
          { key: 'shortestGapDays', label: t('Menor intervalo (días)', 'Shortest gap (days)'), kind: 'number' },
          { key: 'numbers', label: t('Incidencias', 'Incidents'), kind: 'text' },
        ],
        rows: repeats.map((r) => ({
          serial: r.serial,
          item: r.incidents[0].item,
          incidents: r.incidents.length,
          repeats: r.repeats,
          shortestGapDays: r.shortestGapDays,
          numbers: r.incidents.map((i) => i.number).join(', '),
          link: unitIncidentsLink(r.incidents),
        })),
        linkKey: 'link',
        chart: null,
      },
      {
        id: 'freeSupplies',
        title: t('Coste de suministros en garantía y cortesía, por artículo y mes', 'Cost of supplies under warranty and courtesy, per item and month'),
        columns: [
          { key: 'month', label: t('Mes', 'Month'), kind: 'month' },
          { key: 'item', label: t('Artículo', 'Item'), kind: 'text' },
          { key: 'warranty', label: t('Garantía', 'Warranty'), kind: 'money' },
          { key: 'courtesy', label: t('Cortesía', 'Courtesy'), kind: 'money' },
          { key: 'total', label: t('Total', 'Total'), kind: 'money' },
        ],
        rows: costRows.map((c) => ({ month: c.month, item: c.item, warranty: c.warranty, courtesy: c.courtesy, total: c.warranty + c.courtesy })),
        footer: { month: null, item: t('Total', 'Total'), warranty: costRows.reduce((s, c) => s + c.warranty, 0), courtesy: costRows.reduce((s, c) => s + c.courtesy, 0), total: totalCost },
        linkKey: null,
        chart: { type: 'bar', category: 'item', series: ['total'] },
      },
    ],
    notes: [
      t(
        `Incidencias recibidas en el periodo. Pareto: motivos de más a menos frecuente con su porcentaje acumulado. Fallo repetido: una unidad con otra incidencia recibida a ${days} días o menos de la anterior; se listan como máximo ${REPEAT_FAILURES_LISTED} unidades, las de más repeticiones y, a igualdad, las que han vuelto a fallar más recientemente (también en CSV y PDF); la cifra de unidades con fallos repetidos las cuenta todas. Unidades en servicio: unidades activas del artículo vendidas hasta el final del periodo. Coste: cantidad × coste unitario de los suministros añadidos en el periodo a incidencias de garantía o cortesía.`,
        `Incidents received in the period. Pareto: reasons from most to least frequent with their cumulative share. Repeat failure: a unit with another incident received ${days} days or less after the previous one; at most ${REPEAT_FAILURES_LISTED} units are listed, those with most repeats and, on a tie, those that failed again most recently (in CSV and PDF too); the figure of units failing again counts them all. Units in service: active units of the item sold up to the end of the period. Cost: quantity × unit cost of the supplies added in the period to warranty or courtesy incidents.`,
      ),
    ],
  };
}

const INCIDENT_FILTERS: ReportDefinition['filters'] = ['from', 'to', 'customerId', 'itemId', 'regionCode', 'ownerUserId', 'groupId', 'priorityCode', 'reasonCode', 'caseType', 'statusCode'];

export const incidentReport: ReportDefinition = {
  name: 'incidents',
  title: { es: 'Informe de incidencias', en: 'Incident report' },
  description: { es: 'La lista filtrada de incidencias con las columnas elegidas, imprimible y exportable.', en: 'The filtered list of incidents with the columns chosen, printable and exportable.' },
  filters: [...INCIDENT_FILTERS, 'columns'],
  printable: true,
  build: buildIncidentReport,
};

export const rootCausesReport: ReportDefinition = {
  name: 'root-causes',
  title: { es: 'Estadísticas de causas', en: 'Root-cause statistics' },
  description: {
    es: 'Motivos (Pareto), artículos, tipos de caso, síntomas, fallos repetidos por número de serie, fallos por 100 unidades y coste de garantía y cortesía.',
    en: 'Reasons (Pareto), items, case types, symptoms, repeat failures per serial, failures per 100 units and warranty and courtesy cost.',
  },
  filters: [...INCIDENT_FILTERS, 'days'],
  printable: true,
  build: buildRootCauses,
};
