/**
 * Reports at 1,000,000 incidents and 1,000,000 calls (bench/areas-data.ts): each report over one
 * year's period with no other filter, as JSON, one scenario per report so each has its own p99.
 * Reports are asked for by a few supervisors, not by every agent at once: these scenarios run with
 * 2 connections (`connections` below), the figure that matters being the time of one report.
 * They run as the bench supervisor (`bench-supervisor`, in the bench agent's groups).
 *
 *   node --import tsx bench/run.ts --engine sqlite --scenarios reports-incidents,reports-root-causes,reports-calls,reports-activities,reports-time,reports-incident-times,reports-billing,reports-dashboard
 *   node --import tsx bench/explain.ts --engine sqlite --scenarios reports-incidents,…   (one request at a time)
 */
import { requireAreaData } from './incidents.ts';
import type { Scenario } from './scenarios/types.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function yearPeriod(): string {
  const now = Date.now();
  return `from=${day(now - 364 * 86_400_000)}&to=${day(now)}`;
}

function report(name: string, title: string, path: () => string): Scenario {
  return {
    name: `reports-${name}`,
    title,
    connections: 2,
    // What a supervisor runs (the billing report and the dashboard refuse an agent).
    role: 'supervisor',
    async requests(ctx) {
      await requireAreaData(ctx);
      return [{ path: path() }];
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: `${name} report p99 < 1 s (one year, 1,000,000 incidents / calls)`, met: result.latency.p99 < 1000, measured: `${result.latency.p99} ms` };
    },
  };
}

export const reportsScenarios: Scenario[] = [
  report('incidents', 'Incident report: one year, default columns (GET /reports/incidents)', () => `/api/v1/reports/incidents?${yearPeriod()}`),
  report('root-causes', 'Root-cause statistics: one year (GET /reports/root-causes)', () => `/api/v1/reports/root-causes?${yearPeriod()}`),
  report('calls', 'Calls report: one year (GET /reports/calls)', () => `/api/v1/reports/calls?${yearPeriod()}`),
  report('activities', 'Technical activities report: one year (GET /reports/activities)', () => `/api/v1/reports/activities?${yearPeriod()}`),
  report('time', 'Time report: one year (GET /reports/time)', () => `/api/v1/reports/time?${yearPeriod()}`),
  report('incident-times', 'Incident time analysis: one year by month (GET /reports/incident-times)', () => `/api/v1/reports/incident-times?${yearPeriod()}`),
  report('billing', 'Billing report: invoiced, collected, outstanding per month and overdue by age, one year (GET /reports/billing)', () => `/api/v1/reports/billing?${yearPeriod()}`),
  {
    ...report('dashboard', "Supervisor's dashboard (GET /reports/dashboard)", () => '/api/v1/reports/dashboard'),
    // The dashboard's goal is at the run's connections (10 by default), not a report's 2.
    connections: undefined,
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'dashboard p99 < 200 ms (1,000,000 incidents, run connections)', met: result.latency.p99 < 200, measured: `${result.latency.p99} ms` };
    },
  },
];
