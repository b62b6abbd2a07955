/**
 * Reports and statistics: every report answers JSON, CSV and PDF under /reports/<name>, and users
 * may subscribe to a report (weekly or monthly e-mail with the PDF; the job below sends them).
 * The summary tables the reports read at scale are kept by the incident and call hooks below, inside each
 * incident's transaction and after the SLA area's (areas run their hooks in `areas` order). A database
 * migrated with incidents already in it reads the source rows until `atiende reports rebuild` has run
 * (no job builds them behind the operator's back: at 1,000,000 incidents it takes minutes of writes).
 */
import type { GroupBatch } from '../../context.ts';
import { atGroupEnd } from '../../db/group-commit.ts';
import { defineArea } from '../area.ts';
import { reportsErrors } from './reports.errors.ts';
import { reportsRoutes } from './reports.routes.ts';
import { sendDueReports } from './subscriptions.service.ts';
import { refreshIncidentSummaries, refreshSerialGaps } from './summaries.service.ts';
import { callChangedSummary, callCreatedCompanions } from './call-summaries.service.ts';
import { incidentSuppliesSummary, supplyChangedSummary, unitChangedSummary } from './root-summaries.service.ts';

/** The summaries of new incidents: facts, daily sums and serial gaps (both diff what is stored, so any order is safe). */
const newIncidentSummaries: GroupBatch<number> = {
  name: 'reports:new-incidents',
  run: async (ctx, ids) => {
    await refreshIncidentSummaries(ctx, ids);
    await refreshSerialGaps(ctx, ids);
  },
};

/** How often each server looks for subscriptions due (default 5 min; tests run it often). */
const CHECK_MS = Number(process.env.ATIENDE_REPORTS_CHECK_MS ?? 5 * 60_000);

export const reportsArea = defineArea({
  id: 'reports',
  routes: reportsRoutes,
  errors: reportsErrors,
  hooks: {
    incidents: {
      incidentCreated: async (ctx, incident) => {
        // Within a group of intakes (group commit), once for the whole group before its COMMIT: the
        // daily sums of the group's intakes added up, their facts and serial gaps in one statement each.
        if (!atGroupEnd(ctx, newIncidentSummaries, incident.id)) await newIncidentSummaries.run(ctx, [incident.id]);
        await incidentSuppliesSummary(ctx, null, incident);
      },
      incidentChanged: async (ctx, { before, after }) => {
        await refreshIncidentSummaries(ctx, [after.id]);
        await refreshSerialGaps(ctx, [after.id]);
        await incidentSuppliesSummary(ctx, before, after);
      },
      supplyChanged: supplyChangedSummary,
      incidentClosed: (ctx, incident) => refreshIncidentSummaries(ctx, [incident.id]),
      incidentEvent: (ctx, { incident }) => refreshIncidentSummaries(ctx, [incident.id]),
      incidentEvents: (ctx, events) => refreshIncidentSummaries(ctx, [...new Set(events.map((e) => e.incident.id))]),
    },
    calls: { created: callCreatedCompanions, changed: callChangedSummary },
    units: { changed: unitChangedSummary },
  },
  jobs: [
    { name: 'scheduled-reports', everyMs: CHECK_MS, run: (ctx) => sendDueReports(ctx) },
  ],
});
