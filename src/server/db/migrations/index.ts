import type { Migration } from 'kysely';
import * as foundation from './2026-11-22-0001-foundation.ts';
import * as calls from './2026-11-22-0010-calls.ts';
import * as projects from './2026-11-22-0020-projects.ts';
import * as projectsTimeline from './2026-11-22-0021-projects-timeline.ts';
import * as activities from './2026-11-22-0030-activities.ts';
import * as masterdata from './2026-11-23-0001-masterdata.ts';
import * as idempotency from './2026-11-29-0001-idempotency.ts';
import * as loginFailures from './2026-11-29-0002-login-failures.ts';
import * as incidents from './2026-11-29-0001-incidents.ts';
import * as starterConfiguration from './2026-11-29-0001-starter-configuration.ts';
import * as serviceCalendars from './2026-11-29-1200-service-calendars.ts';
import * as slaClocks from './2026-11-29-1210-sla-clocks.ts';
import * as reports from './2026-11-29-1400-reports.ts';
import * as billing from './2026-11-29-1500-billing.ts';
import * as slaAtRiskIndex from './2026-11-30-0001-sla-at-risk-index.ts';
import * as reportCoveringIndexes from './2026-11-30-0500-report-covering-indexes.ts';
import * as callPriority from './2026-11-30-0100-call-priority.ts';
import * as invoicesTimelineIndex from './2026-11-30-0200-invoices-timeline-index.ts';
import * as savedViews from './2026-11-30-0700-saved-views.ts';
import * as slaIncidentState from './2026-11-30-0700-sla-incident-state.ts';
import * as reportSummaries from './2026-11-30-0900-report-summaries.ts';
import * as reportCallSummaries from './2026-12-01-0900-report-call-summaries.ts';
import * as callInboxCounts from './2026-12-01-1000-call-inbox-counts.ts';
import * as incidentInboxIndexes from './2026-12-01-1000-incident-inbox-indexes.ts';
import * as searchGinPending from './2026-12-01-1300-search-gin-pending.ts';
import * as reportRootCauseIndexes from './2026-12-01-1400-report-root-cause-indexes.ts';
import * as activityTimeReportIndexes from './2026-12-01-1500-activity-time-report-indexes.ts';
import * as slaCounts from './2026-12-01-1600-sla-counts.ts';
import * as reportSerialGaps from './2026-12-01-1700-report-serial-gaps.ts';
import * as reportSuppliesUnits from './2026-12-01-1900-report-supplies-units.ts';
import * as slaOwnerWarnIndexes from './2026-12-01-2000-sla-owner-warn-indexes.ts';
import * as reportOpenCount from './2026-12-01-2100-report-open-count.ts';
import * as slaAtRiskSpan from './2026-12-01-2200-sla-at-risk-span.ts';
import * as callIndexTrim from './2026-12-02-0100-call-index-trim.ts';
import * as searchPrefixIndex from './2026-12-01-2300-search-prefix-index.ts';
import * as intakeUnreadIndexes from './2026-12-02-0200-intake-unread-indexes.ts';
import * as slaClockOwnerIndexes from './2026-12-02-0300-sla-clock-owner-indexes.ts';

/**
 * The migration list, oldest first, the same for both engines. Imported statically so it works
 * the same under tsx, Vitest and any bundler. Add one line per new dated file.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-22-0001-foundation': foundation,
  '2026-11-22-0010-calls': calls,
  '2026-11-22-0020-projects': projects,
  '2026-11-22-0021-projects-timeline': projectsTimeline,
  '2026-11-22-0030-activities': activities,
  '2026-11-23-0001-masterdata': masterdata,
  '2026-11-29-0001-idempotency': idempotency,
  '2026-11-29-0002-login-failures': loginFailures,
  '2026-11-29-0001-incidents': incidents,
  '2026-11-29-0001-starter-configuration': starterConfiguration,
  '2026-11-29-1200-service-calendars': serviceCalendars,
  '2026-11-29-1210-sla-clocks': slaClocks,
  '2026-11-29-1400-reports': reports,
  '2026-11-29-1500-billing': billing,
  '2026-11-30-0001-sla-at-risk-index': slaAtRiskIndex,
  '2026-11-30-0100-call-priority': callPriority,
  '2026-11-30-0200-invoices-timeline-index': invoicesTimelineIndex,
  '2026-11-30-0500-report-covering-indexes': reportCoveringIndexes,
  '2026-11-30-0700-saved-views': savedViews,
  '2026-11-30-0700-sla-incident-state': slaIncidentState,
  '2026-11-30-0900-report-summaries': reportSummaries,
  '2026-12-01-0900-report-call-summaries': reportCallSummaries,
  '2026-12-01-1000-call-inbox-counts': callInboxCounts,
  '2026-12-01-1000-incident-inbox-indexes': incidentInboxIndexes,
  '2026-12-01-1300-search-gin-pending': searchGinPending,
  '2026-12-01-1400-report-root-cause-indexes': reportRootCauseIndexes,
  '2026-12-01-1500-activity-time-report-indexes': activityTimeReportIndexes,
  '2026-12-01-1600-sla-counts': slaCounts,
  '2026-12-01-1700-report-serial-gaps': reportSerialGaps,
  '2026-12-01-1900-report-supplies-units': reportSuppliesUnits,
  '2026-12-01-2000-sla-owner-warn-indexes': slaOwnerWarnIndexes,
  '2026-12-01-2100-report-open-count': reportOpenCount,
  '2026-12-01-2200-sla-at-risk-span': slaAtRiskSpan,
  '2026-12-01-2300-search-prefix-index': searchPrefixIndex,
  '2026-12-02-0100-call-index-trim': callIndexTrim,
  '2026-12-02-0200-intake-unread-indexes': intakeUnreadIndexes,
  '2026-12-02-0300-sla-clock-owner-indexes': slaClockOwnerIndexes,
};
