/**
 * Calls report: the calls registered in the period by type and by destination, how many are
 * pending now and postponed, the time from registration to finish (median and p90), and which
 * kind of action finished them.
 */
import type { Ctx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { durationStats, secondsBetween, shareBp } from './reports.rules.ts';
import * as repo from './reports.repository.ts';
import { catalogLabeller, type Filters, type ReportBody, type ReportDefinition, statisticsNote, tr } from './report-kit.ts';

type Acc = { calls: number; finished: number; pending: number; durations: number[] };
const acc = (): Acc => ({ calls: 0, finished: 0, pending: 0, durations: [] });

function addTo(map: Map<string, Acc & { label: string; link: string | null }>, key: string, label: string, link: string | null, row: { finished_at: string | null; registered_at: string }) {
  let a = map.get(key);
  if (!a) map.set(key, (a = { ...acc(), label, link }));
  a.calls += 1;
  if (row.finished_at) {
    a.finished += 1;
    a.durations.push(secondsBetween(row.registered_at, row.finished_at));
  } else a.pending += 1;
}

export const ACTION_LABELS: Record<string, [string, string]> = {
  activity: ['Acción técnica', 'Technical activity'],
  commercial_activity: ['Actividad comercial', 'Commercial activity'],
  task: ['Tarea', 'Task'],
  time_entry: ['Dedicación', 'Time entry'],
  quick_time: ['Registro rápido de dedicación', 'Quick time entry'],
  incident: ['Incidencia', 'Incident'],
  incident_event: ['Evento de incidencia', 'Incident event'],
};

async function build(ctx: Ctx, f: Filters): Promise<ReportBody> {
  const t = tr(ctx);
  const typeLabel = await catalogLabeller(ctx, 'call-types');
  const rows = await repo.callRows(ctx.db, f);
  const pending = await repo.pendingCallCounts(ctx.db, f, nowIso());
  const period = `${f.fromDate ? `&from=${f.fromDate}` : ''}${f.toDate ? `&until=${f.toDate}` : ''}`;

  const total = acc();
  const byType = new Map<string, Acc & { label: string; link: string | null }>();
  const byDest = new Map<string, Acc & { label: string; link: string | null }>();
  const finishedBy = new Map<string, number>();
  for (const r of rows) {
    total.calls += 1;
    if (r.finished_at) {
      total.finished += 1;
      total.durations.push(secondsBetween(r.registered_at, r.finished_at));
      const kind = r.finished_by_action_type ?? 'manual';
      finishedBy.set(kind, (finishedBy.get(kind) ?? 0) + 1);
    } else total.pending += 1;
    addTo(byType, r.type_code ?? '', typeLabel(r.type_code), `/calls?view=all&type=${encodeURIComponent(r.type_code ?? '')}${period}`, r);
    const dest = r.to_user_id !== null ? `u:${r.to_user_id}` : `g:${r.to_group_id}`;
    const destLabel = r.to_user_id !== null ? (r.to_user_name ?? dest) : `${t('Grupo', 'Group')} ${r.to_group_name ?? dest}`;
    addTo(byDest, dest, destLabel, `/calls?view=all&dest=${dest}${period}`, r);
  }
  const stats = durationStats(total.durations);

  const groupColumns = (first: string) => [
    { key: 'label', label: first, kind: 'text' as const },
    { key: 'calls', label: t('Llamadas', 'Calls'), kind: 'count' as const },
    { key: 'finished', label: t('Finalizadas', 'Finished'), kind: 'count' as const },
    { key: 'pending', label: t('Pendientes', 'Pending'), kind: 'count' as const },
    { key: 'median', label: t('Mediana hasta finalizar', 'Median to finish'), kind: 'duration' as const },
    { key: 'p90', label: t('P90 hasta finalizar', 'P90 to finish'), kind: 'duration' as const },
  ];
  const groupRows = (m: Map<string, Acc & { label: string; link: string | null }>) =>
    [...m.values()]
      .sort((a, b) => b.calls - a.calls || a.label.localeCompare(b.label))
      .map((a) => {
        const s = durationStats(a.durations);
        return { label: a.label, calls: a.calls, finished: a.finished, pending: a.pending, median: s.median, p90: s.p90, link: a.link };
      });

  const finishedRows = [...finishedBy.entries()]
    .map(([kind, n]) => {
      const l = kind === 'manual' ? [t('A mano (sin acción)', 'By hand (no action)')] : ACTION_LABELS[kind];
      return { label: l ? (ctx.locale === 'en' ? (l[1] ?? l[0]) : l[0]) : kind, kind, calls: n, share: shareBp(n, total.finished) };
    })
    .sort((a, b) => b.calls - a.calls || a.label.localeCompare(b.label));

  return {
    figures: [
      { key: 'calls', label: t('Llamadas en el periodo', 'Calls in the period'), value: total.calls, kind: 'count', link: `/calls?view=all${period}` },
      { key: 'finished', label: t('Finalizadas', 'Finished'), value: total.finished, kind: 'count', link: `/calls?view=finished${period}` },
      { key: 'pendingNow', label: t('Pendientes ahora', 'Pending now'), value: pending.pendingNow, kind: 'count', link: '/calls?view=now&everyone=1' },
      { key: 'postponed', label: t('Aplazadas', 'Postponed'), value: pending.postponed, kind: 'count', link: '/calls?view=postponed&everyone=1' },
      { key: 'median', label: t('Mediana hasta finalizar', 'Median time to finish'), value: stats.median, kind: 'duration', link: null },
      { key: 'p90', label: t('P90 hasta finalizar', 'P90 time to finish'), value: stats.p90, kind: 'duration', link: null },
    ],
    tables: [
      { id: 'byType', title: t('Por tipo de llamada', 'By call type'), columns: groupColumns(t('Tipo', 'Type')), rows: groupRows(byType), linkKey: 'link', chart: { type: 'bar', category: 'label', series: ['calls'] } },
      { id: 'byDestination', title: t('Por destino', 'By destination'), columns: groupColumns(t('Destino', 'Destination')), rows: groupRows(byDest), linkKey: 'link', chart: { type: 'bar', category: 'label', series: ['calls'] } },
      {
        id: 'finishedBy',
        title: t('Finalizadas por tipo de acción', 'Finished by kind of action'),
        columns: [
          { key: 'label', label: t('Acción', 'Action'), kind: 'text' },
          { key: 'calls', label: t('Llamadas', 'Calls'), kind: 'count' },
          { key: 'share', label: t('Porcentaje', 'Share'), kind: 'percent' },
        ],
        rows: finishedRows.map(({ kind: _k, ...r }) => r),
        linkKey: null,
        chart: { type: 'pie', category: 'label', series: ['calls'] },
      },
    ],
    notes: [
      t(
        'Periodo: llamadas registradas entre las fechas (zona horaria del usuario). «Pendientes ahora» y «Aplazadas» cuentan las llamadas pendientes en este momento, de cualquier fecha, con los demás filtros. Tiempo hasta finalizar: desde el registro hasta el sello de finalización.',
        'Period: calls registered between the dates (user time zone). "Pending now" and "Postponed" count the calls pending at this moment, of any date, with the other filters. Time to finish: from registration to the finish stamp.',
      ),
      statisticsNote(ctx),
    ],
  };
}

export const callsReport: ReportDefinition = {
  name: 'calls',
  title: { es: 'Llamadas', en: 'Calls' },
  description: { es: 'Por tipo y destino, pendientes y aplazadas, tiempo hasta finalizar (mediana, p90) y acción que las finalizó.', en: 'By type and destination, pending and postponed, time to finish (median, p90) and the action that finished them.' },
  filters: ['from', 'to', 'customerId', 'itemId', 'regionCode', 'ownerUserId', 'groupId', 'typeCode', 'statusCode'],
  printable: true,
  build,
};
