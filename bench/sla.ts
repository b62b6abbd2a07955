/**
 * The supervisor's SLA views at 1,000,000 incidents (2,000,000 clocks; bench/areas-data.ts): at
 * risk, breached and paused, all and mine, and the navigation badge counts.
 *
 *   node --import tsx bench/run.ts --engine sqlite --scenarios sla-at-risk
 *
 * One escalation sweep is measured by bench/sla-sweep.ts (it is a job, not a request).
 */
import { requireAreaData } from './incidents.ts';
import type { BenchRequest, Scenario } from './scenarios/types.ts';

export const slaScenarios: Scenario[] = [
  {
    name: 'sla-at-risk',
    title: 'SLA supervisor views: at risk, breached, paused (all and mine; first page of 50 and the next) and the badge counts',
    async requests(ctx) {
      await requireAreaData(ctx);
      const firsts = ['/api/v1/incidents/sla?view=at-risk&limit=50', '/api/v1/incidents/sla?view=at-risk&mine=true&limit=50', '/api/v1/incidents/sla?view=breached&limit=50', '/api/v1/incidents/sla?view=paused&limit=50'];
      const out: BenchRequest[] = [];
      for (const first of firsts) {
        out.push({ path: first });
        const res = await ctx.get(first);
        if (res.body?.nextCursor) out.push({ path: `${first}&cursor=${encodeURIComponent(res.body.nextCursor)}` });
      }
      // The badge is asked for on every screen: as often as the lists.
      for (let i = 0; i < 3; i++) out.push({ path: '/api/v1/incidents/sla/counts' });
      return out;
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'SLA at-risk list p99 < 20 ms at 1,000,000 incidents', met: result.latency.p99 < 20, measured: `${result.latency.p99} ms` };
    },
  },
];
