/**
 * Calls report: the calls registered in the period by type and by destination, how many are
 * pending now and postponed, the time from registration to finish (median and p90), and which
 * kind of action finished them.
 */
import type { Ctx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { durationStats, secondsBetween, shareBp } from './reports.rules.ts';
import * as repo from './reports.repository.ts';
import { catalogLabeller, type Filters, type ReportBody, type ReportDefinition, statisticsNote, tr, userTimeZone } from './report-kit.ts';
import { destinationCode, MANUAL, PENDING } from './call-summaries.rules.ts';
import { callSummary, type CallSums } from './call-summaries.service.ts';
import { exactMax } from './summaries.service.ts';
import { HISTOGRAM_MAX_ERROR, histogramStats } from './summaries.rules.ts';

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

type Group = { label: string; link: string | null; calls: number; finished: number; pending: number; median: number | null; p90: number | null };
type Totals = { calls: number; finished: number; median: number | null; p90: number | null; finishedBy: Map<string, number>; byType: Group[]; byDest: Group[]; fromSummary: boolean };

/** From the calls of the period (exact medians). */
async function fromRows(ctx: Ctx, f: Filters, link: (dim: 'type' | 'dest', code: string) => string): Promise<Totals> {
  const t = tr(ctx);
  const typeLabel = await catalogLabeller(ctx, 'call-types');
  const rows = await repo.callRows(ctx.db, f);
  const total = acc();
  const byType = new Map<string, Acc & { label: string; link: string | null }>();
  const byDest = new Map<string, Acc & { label: string; link: string | null }>();
  const finishedBy = new Map<string, number>();
  for (const r of rows) {
    total.calls += 1;
    if (r.finished_at) {
      total.finished += 1;
      total.durations.push(secondsBetween(r.registered_at, r.finished_at));
      const kind = r.finished_by_action_type ?? MANUAL;
      finishedBy.set(kind, (finishedBy.get(kind) ?? 0) + 1);
    } else total.pending += 1;
    addTo(byType, r.type_code ?? '', typeLabel(r.type_code), link('type', r.type_code ?? ''), r);
    const dest = destinationCode({ toUserId: r.to_user_id === null ? null : Number(r.to_user_id), toGroupId: r.to_group_id === null ? null : Number(r.to_group_id) });
    const destLabel = r.to_user_id !== null ? (r.to_user_name ?? dest) : `${t('Grupo', 'Group')} ${r.to_group_name ?? dest}`;
    addTo(byDest, dest, destLabel, link('dest', dest), r);
  }
  const groups = (m: Map<string, Acc & { label: string; link: string | null }>) =>
    [...m.values()].map((a) => ({ label: a.label, link: a.link, calls: a.calls, finished: a.finished, pending: a.pending, ...durationStats(a.durations) }));
  const stats = durationStats(total.durations);
  return { calls: total.calls, finished: total.finished, median: stats.median, p90: stats.p90, finishedBy, byType: groups(byType), byDest: groups(byDest), fromSummary: false };
}

/** From the calls summary (counts exact; medians and P90 from its histogram). */
async function fromSummary(ctx: Ctx, sums: CallSums, link: (dim: 'type' | 'dest', code: string) => string): Promise<Totals> {
  const t = tr(ctx);
  const typeLabel = await catalogLabeller(ctx, 'call-types');
  type H = { calls: number; finished: number; pending: number; hist: Map<number, number> };
  const h = (): H => ({ calls: 0, finished: 0, pending: 0, hist: new Map() });
  const put = (m: Map<string, H>, key: string, bucket: number, n: number) => {
    let a = m.get(key);
    if (!a) m.set(key, (a = h()));
    a.calls += n;
    if (bucket === PENDING) a.pending += n;
    else {
      a.finished += n;
      a.hist.set(bucket, (a.hist.get(bucket) ?? 0) + n);
    }
  };
  const total = new Map<string, H>();
  const byType = new Map<string, H>();
  const byDest = new Map<string, H>();
  const finishedBy = new Map<string, number>();
  for (const r of sums) {
    if (r.dim === 't') {
      put(total, '', r.bucket, r.n);
      put(byType, r.code, r.bucket, r.n);
      if (r.bucket !== PENDING) finishedBy.set(r.outcome, (finishedBy.get(r.outcome) ?? 0) + r.n);
    } else put(byDest, r.code, r.bucket, r.n);
  }
  const ids = (prefix: string) => [...byDest.keys()].filter((k) => k.startsWith(prefix) && k !== `${prefix}null`).map((k) => Number(k.slice(2)));
  const [users, groups] = await Promise.all([repo.userNames(ctx.db, ids('u:')), repo.groupNames(ctx.db, ids('g:'))]);
  const destLabel = (code: string) => {
    const id = Number(code.slice(2));
    return code.startsWith('u:') ? (users.get(id) ?? code) : `${t('Grupo', 'Group')} ${groups.get(id) ?? code}`;
  };
  const stats = (a: H) => histogramStats([...a.hist.entries()]);
  const list = (m: Map<string, H>, label: (code: string) => string, dim: 'type' | 'dest') =>
    [...m.entries()].filter(([, a]) => a.calls !== 0).map(([code, a]) => ({ label: label(code), link: link(dim, code), calls: a.calls, finished: a.finished, pending: a.pending, ...stats(a) }));
  const all = total.get('') ?? h();
  return {
    calls: all.calls,
    finished: all.finished,
    ...stats(all),
    finishedBy: new Map([...finishedBy].filter(([, n]) => n !== 0)),
    byType: list(byType, (code) => typeLabel(code === '' ? null : code), 'type'),
    byDest: list(byDest, destLabel, 'dest'),
    fromSummary: true,
  };
}

async function build(ctx: Ctx, f: Filters): Promise<ReportBody> {
  const t = tr(ctx);
  const period = `${f.fromDate ? `&from=${f.fromDate}` : ''}${f.toDate ? `&until=${f.toDate}` : ''}`;
  const link = (dim: 'type' | 'dest', code: string) => (dim === 'type' ? `/calls?view=all&type=${encodeURIComponent(code)}${period}` : `/calls?view=all&dest=${code}${period}`);
  // A period of more than exactMax() calls with no other filter reads the calls summary.
  const sums = await callSummary(ctx, f, userTimeZone(ctx));
  const total = sums && sums.reduce((n, r) => n + (r.dim === 't' ? r.n : 0), 0) > exactMax() ? await fromSummary(ctx, sums, link) : await fromRows(ctx, f, link);
  const pending = await repo.pendingCallCounts(ctx.db, f, nowIso());
  const stats = { median: total.median, p90: total.p90 };

  const groupColumns = (first: string) => [
    { key: 'label', label: first, kind: 'text' as const },
    { key: 'calls', label: t('Llamadas', 'Calls'), kind: 'count' as const },
    { key: 'finished', label: t('Finalizadas', 'Finished'), kind: 'count' as const },
    { key: 'pending', label: t('Pendientes', 'Pending'), kind: 'count' as const },
    { key: 'median', label: t('Mediana hasta finalizar', 'Median to finish'), kind: 'duration' as const },
    { key: 'p90', label: t('P90 hasta finalizar', 'P90 to finish'), kind: 'duration' as const },
  ];
  const groupRows = (m: Group[]) =>
    [...m]
      .sort((a, b) => b.calls - a.calls || a.label.localeCompare(b.label))
      .map((a) => ({ label: a.label, calls: a.calls, finished: a.finished, pending: a.pending, median: a.median, p90: a.p90, link: a.link }));

  const finishedRows = [...total.finishedBy.entries()]
    .map(([kind, n]) => {
      const l = kind === MANUAL ? [t('A mano (sin acción)', 'By hand (no action)')] : ACTION_LABELS[kind];
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
      { id: 'byType', title: t('Por tipo de llamada', 'By call type'), columns: groupColumns(t('Tipo', 'Type')), rows: groupRows(total.byType), linkKey: 'link', chart: { type: 'bar', category: 'label', series: ['calls'] } },
      { id: 'byDestination', title: t('Por destino', 'By destination'), columns: groupColumns(t('Destino', 'Destination')), rows: groupRows(total.byDest), linkKey: 'link', chart: { type: 'bar', category: 'label', series: ['calls'] } },
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
      ...(total.fromSummary
        ? [
            t(
              `Periodo de más de ${exactMax()} llamadas: medianas y P90 leídos del histograma de tiempos que se mantiene al registrar (valores de menos de 64 segundos exactos; el resto, a menos de un ${Math.round(HISTOGRAM_MAX_ERROR * 1000) / 10} % del valor). Recuentos exactos.`,
              `Period of more than ${exactMax()} calls: medians and P90 read from the duration histogram kept on write (values under 64 seconds exact; the rest within ${Math.round(HISTOGRAM_MAX_ERROR * 1000) / 10} % of the value). Counts exact.`,
            ),
          ]
        : []),
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
