/**
 * The supervisor's dashboard: what is late now (open, received today, at risk, breached incidents;
 * pending calls), SLA compliance this week against last, and the five commonest reasons of the
 * month — each number with the web address of the filtered list behind it. Read in the caller's
 * time zone. The SLA counts and the pending calls come from their own areas' services (the same
 * numbers as the SLA page and the calls badge); the rest are index ranges of this area's queries.
 */
import type { Ctx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { dayRange, todayIn, zonedToUtc } from '../../../shared/dates.ts';
import type { Dashboard, DashboardWeek } from '../../../shared/reports.ts';
import { countCalls } from '../calls/calls.service.ts';
import { countClocks } from '../sla/sla.service.ts';
import { catalogLabeller, userTimeZone } from './report-kit.ts';
import { complianceByDays, countIncidents, countIncidentsBy, countOpenIncidents } from './summaries.service.ts';
import { dashboardPeriods, type DayPeriod, shareBp, topReasons } from './reports.rules.ts';

const period = (p: DayPeriod) => `from=${p.from}&to=${p.to}`;

export async function getDashboard(ctx: Ctx, opts: { source?: 'summary' | 'raw' } = {}): Promise<Dashboard> {
  const tz = userTimeZone(ctx);
  const now = nowIso();
  const p = dashboardPeriods(todayIn(tz, new Date(now)));
  const range = (d: DayPeriod) => {
    const r = dayRange(d.from, d.to, tz);
    return { fromDate: d.from, toDate: d.to, fromUtc: r.from ?? null, toUtc: r.to ?? null, source: opts.source };
  };

  const open = await countOpenIncidents(ctx, opts.source);
  const receivedToday = await countIncidents(ctx, range({ from: p.today, to: p.today }), tz);
  const sla = await countClocks(ctx);
  const calls = await countCalls(ctx);

  // Last week is bucket 0, this week bucket 1 (split at this Monday's midnight, local time).
  const weeks = await complianceByDays(ctx, { ...range(p.lastWeek), toDate: p.thisWeek.to, toUtc: range(p.thisWeek).toUtc }, [p.lastWeek.from, p.thisWeek.from], [zonedToUtc(p.thisWeek.from, tz)], now, tz);
  const week = (d: DayPeriod, g: number): DashboardWeek => {
    const r = weeks.find((w) => w.g === g) ?? { n: 0, r_decided: 0, r_met: 0, s_decided: 0, s_met: 0 };
    return {
      from: d.from,
      to: d.to,
      incidents: r.n,
      responseCompliance: shareBp(r.r_met, r.r_decided),
      resolutionCompliance: shareBp(r.s_met, r.s_decided),
      link: `/reports/incident-times?${period(d)}&groupBy=week`,
    };
  };

  const month = range(p.month);
  const byReason = await countIncidentsBy(ctx, month, 'reason', tz);
  const total = byReason.reduce((s, r) => s + r.n, 0);
  const label = await catalogLabeller(ctx, 'reason-codes');

  return {
    generatedAt: now,
    timeZone: tz,
    today: p.today,
    incidents: {
      open: { value: open, link: '/incidents?view=open' },
      receivedToday: { value: receivedToday, link: `/reports/incidents?from=${p.today}&to=${p.today}` },
      atRisk: { value: sla.atRisk, link: '/incidents/sla?view=at-risk' },
      breached: { value: sla.breached, link: '/incidents/sla?view=breached' },
    },
    calls: { pendingNow: { value: calls.allPendingNow ?? calls.pendingNow, link: '/calls?view=now&everyone=1' } },
    compliance: { thisWeek: week(p.thisWeek, 1), lastWeek: week(p.lastWeek, 0) },
    topReasons: {
      ...p.month,
      total,
      items: topReasons(
        byReason.map((r) => ({ code: r.a, count: r.n })),
        total,
      ).map((r) => ({ ...r, label: label(r.code), link: `/reports/incidents?reasonCode=${encodeURIComponent(r.code)}&${period(p.month)}` })),
    },
  };
}
