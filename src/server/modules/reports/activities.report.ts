/**
 * Technical activities report: the activities registered in the period by origin, problem type
 * and solution type, and how often each automatic action ran and failed (with the latest reasons).
 */
import type { Ctx } from '../../context.ts';
import { catalogLabeller, type Filters, type ReportBody, type ReportDefinition, tr } from './report-kit.ts';
import { shareBp } from './reports.rules.ts';
import * as repo from './reports.repository.ts';

const ACTION_KINDS: Record<string, [string, string]> = {
  create_incident: ['Crear incidencia', 'Create incident'],
  email_customer: ['E-mail al cliente', 'E-mail the customer'],
  notify_user: ['Aviso a un usuario', 'Notify a user'],
  schedule_callback: ['Programar devolución de llamada', 'Schedule a call-back'],
  create_task: ['Crear tarea', 'Create task'],
};

async function build(ctx: Ctx, f: Filters): Promise<ReportBody> {
  const t = tr(ctx);
  const period = `${f.fromDate ? `&from=${f.fromDate}` : ''}${f.toDate ? `&to=${f.toDate}` : ''}`;
  const dims = [
    { id: 'byOrigin', dim: 'origin_code', catalog: 'origins', param: 'originCode', title: t('Por origen', 'By origin'), label: t('Origen', 'Origin') },
    { id: 'byProblemType', dim: 'problem_type_code', catalog: 'problem-types', param: 'problemTypeCode', title: t('Por tipo de problema', 'By problem type'), label: t('Tipo de problema', 'Problem type') },
    { id: 'bySolutionType', dim: 'solution_type_code', catalog: 'solution-types', param: 'solutionTypeCode', title: t('Por tipo de solución', 'By solution type'), label: t('Tipo de solución', 'Solution type') },
  ] as const;
  // One read of the period: per origin × problem type × solution type, folded into the three tables.
  const breakdown = await repo.activityBreakdown(ctx.db, f);
  const total = breakdown.reduce((s, r) => s + r.n, 0);
  const pending = breakdown.reduce((s, r) => s + r.pending, 0);
  const tables: ReportBody['tables'] = [];
  for (const d of dims) {
    const label = await catalogLabeller(ctx, d.catalog);
    const byCode = new Map<string | null, { n: number; pending: number }>();
    for (const r of breakdown) {
      const k = byCode.get(r[d.dim]) ?? { n: 0, pending: 0 };
      k.n += r.n;
      k.pending += r.pending;
      byCode.set(r[d.dim], k);
    }
    tables.push({
      id: d.id,
      title: d.title,
      columns: [
        { key: 'label', label: d.label, kind: 'text' },
        { key: 'activities', label: t('Acciones', 'Activities'), kind: 'count' },
        { key: 'pending', label: t('Pendientes', 'Pending'), kind: 'count' },
        { key: 'share', label: t('Porcentaje', 'Share'), kind: 'percent' },
      ],
      rows: [...byCode.entries()]
        .map(([code, r]) => ({ label: label(code), activities: r.n, pending: r.pending, share: shareBp(r.n, total), link: code ? `/activities?${d.param}=${encodeURIComponent(code)}${period}` : null }))
        .sort((a, b) => b.activities - a.activities || a.label.localeCompare(b.label)),
      linkKey: 'link',
      chart: { type: 'bar', category: 'label', series: ['activities'] },
    });
  }

  // The automatic actions of those activities, read by the range of their ids (none: nothing to read).
  const ids = breakdown.length ? { lo: Math.min(...breakdown.map((r) => r.lo)), hi: Math.max(...breakdown.map((r) => r.hi)) } : null;
  const outcomes = ids ? await repo.actionOutcomes(ctx.db, f, ids) : [];
  const byKind = new Map<string, { runs: number; failed: number }>();
  for (const o of outcomes) {
    const k = byKind.get(o.kind) ?? { runs: 0, failed: 0 };
    k.runs += o.n;
    if (o.status === 'failed') k.failed += o.n;
    byKind.set(o.kind, k);
  }
  const kindLabel = (k: string) => (ACTION_KINDS[k] ? ACTION_KINDS[k][ctx.locale === 'en' ? 1 : 0] : k);
  const runs = [...byKind.values()].reduce((s, k) => s + k.runs, 0);
  const failed = [...byKind.values()].reduce((s, k) => s + k.failed, 0);
  tables.push({
    id: 'automaticActions',
    title: t('Acciones automáticas', 'Automatic actions'),
    columns: [
      { key: 'label', label: t('Acción automática', 'Automatic action'), kind: 'text' },
      { key: 'runs', label: t('Ejecutadas', 'Run'), kind: 'count' },
      { key: 'failed', label: t('Fallidas', 'Failed'), kind: 'count' },
      { key: 'failureRate', label: t('Tasa de fallo', 'Failure rate'), kind: 'percent' },
    ],
    rows: [...byKind.entries()]
      .map(([k, v]) => ({ label: kindLabel(k), runs: v.runs, failed: v.failed, failureRate: shareBp(v.failed, v.runs), link: v.failed ? `/activities?actionStatus=failed${period}` : null }))
      .sort((a, b) => b.failed - a.failed || b.runs - a.runs || a.label.localeCompare(b.label)),
    linkKey: 'link',
    chart: { type: 'bar', category: 'label', series: ['failed'] },
  });
  const recent = ids ? await repo.recentActionFailures(ctx.db, f, ids, 20) : [];
  tables.push({
    id: 'recentFailures',
    title: t('Últimos fallos de acciones automáticas', 'Latest automatic action failures'),
    columns: [
      { key: 'ranAt', label: t('Fecha', 'Date'), kind: 'datetime' },
      { key: 'activity', label: t('Acción técnica', 'Activity'), kind: 'text' },
      { key: 'label', label: t('Acción automática', 'Automatic action'), kind: 'text' },
      { key: 'error', label: t('Motivo', 'Reason'), kind: 'text' },
    ],
    rows: recent.map((r) => ({ ranAt: new Date(r.ran_at).toISOString(), activity: `#${r.activity_id}`, label: kindLabel(r.kind), error: r.error, link: `/activities/${r.activity_id}` })),
    linkKey: 'link',
    chart: null,
  });

  return {
    figures: [
      { key: 'activities', label: t('Acciones técnicas', 'Technical activities'), value: total, kind: 'count', link: `/activities?${period.slice(1)}` },
      { key: 'pending', label: t('Pendientes', 'Pending'), value: pending, kind: 'count', link: `/activities?pending=true${period}` },
      { key: 'actionsRun', label: t('Acciones automáticas ejecutadas', 'Automatic actions run'), value: runs, kind: 'count', link: null },
      { key: 'actionsFailed', label: t('Acciones automáticas fallidas', 'Automatic actions failed'), value: failed, kind: 'count', link: `/activities?actionStatus=failed${period}` },
      { key: 'failureRate', label: t('Tasa de fallo', 'Failure rate'), value: shareBp(failed, runs), kind: 'percent', link: null },
    ],
    tables,
    notes: [t('Periodo: acciones técnicas registradas entre las fechas (zona horaria del usuario); sus acciones automáticas, ejecutadas en cualquier momento.', 'Period: technical activities registered between the dates (user time zone); their automatic actions, run at any time.')],
  };
}

export const activitiesReport: ReportDefinition = {
  name: 'activities',
  title: { es: 'Acciones técnicas', en: 'Technical activities' },
  description: { es: 'Por origen, tipo de problema y tipo de solución, y fallos de las acciones automáticas.', en: 'By origin, problem type and solution type, and automatic action failures.' },
  filters: ['from', 'to', 'customerId', 'regionCode', 'ownerUserId', 'statusCode'],
  printable: true,
  build,
};
