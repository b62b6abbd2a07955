/**
 * Reports and statistics: every report answers JSON, CSV and PDF under /reports/<name>, and users
 * may subscribe to a report (weekly or monthly e-mail with the PDF; the job below sends them).
 */
import { defineArea } from '../area.ts';
import { reportsErrors } from './reports.errors.ts';
import { reportsRoutes } from './reports.routes.ts';
import { sendDueReports } from './subscriptions.service.ts';

/** How often each server looks for subscriptions due (default 5 min; tests run it often). */
const CHECK_MS = Number(process.env.ATIENDE_REPORTS_CHECK_MS ?? 5 * 60_000);

export const reportsArea = defineArea({
  id: 'reports',
  routes: reportsRoutes,
  errors: reportsErrors,
  jobs: [{ name: 'scheduled-reports', everyMs: CHECK_MS, run: (ctx) => sendDueReports(ctx) }],
});
