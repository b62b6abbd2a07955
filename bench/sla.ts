/**
 * The supervisor's SLA views at 1,000,000 incidents (2,000,000 clocks; bench/areas-data.ts): at
 * risk, breached and paused, all and mine, and the navigation badge counts.
 *
 *   node --import tsx bench/run.ts --engine sqlite --scenarios sla-at-risk
 *
 * One escalation sweep is measured by bench/sla-sweep.ts (it is a job, not a request).
 */
import type { Ctx } from '../src/server/context.ts';
import { SYSTEM_ACTOR } from '../src/server/modules/auth/actor.ts';
import { advanceSlaCounts } from '../src/server/modules/sla/sla.service.ts';
import { requireAreaData } from './incidents.ts';
import type { BenchRequest, Scenario } from './scenarios/types.ts';

export const slaScenarios: Scenario[] = [
  {
    name: 'sla-at-risk',
    title: 'SLA supervisor views: at risk, breached, paused (all and mine; first page of 50 and the next) and the badge counts',
    async requests(ctx) {
      await requireAreaData(ctx);
      // The bench server runs without background jobs; every app server runs the sla-counts job
      // (every 10 s), which moves the incidents time moved since their last write. One pass here,
      // as the job would have: the badge stays exact without it, but reads the rows it left.
      const moved = await advanceSlaCounts({ db: ctx.db, dialect: ctx.dialect, actor: SYSTEM_ACTOR, locale: 'es', config: undefined as never, afterCommit: [] } satisfies Ctx);
      console.log(`  sla-at-risk: the sla-counts job moved ${moved} incidents`);
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
