/**
 * The SLA area: service calendars (business hours, Spanish holidays), contracts' service levels,
 * incidents' response and resolution clocks on business time (moved by the incident hooks), the
 * supervisor's lists, and the escalation job.
 */
import type { AppInstance } from '../../http.ts';
import { defineArea } from '../area.ts';
import { calendarsRoutes } from './calendars.routes.ts';
import { calendarExists } from './calendars.service.ts';
import { slaErrors } from './sla.errors.ts';
import { slaRoutes } from './sla.routes.ts';
import { advanceSlaCounts, onIncidentChanged, onIncidentCreated, onIncidentCreating, onIncidentEvent, sweepEscalations } from './sla.service.ts';

export const slaArea = defineArea({
  id: 'sla',
  routes: async (app: AppInstance) => {
    await calendarsRoutes(app);
    await slaRoutes(app);
  },
  errors: slaErrors,
  hooks: {
    incidents: { incidentCreating: onIncidentCreating, incidentCreated: onIncidentCreated, incidentChanged: onIncidentChanged, incidentEvent: onIncidentEvent },
    catalogs: { references: { serviceCalendarId: calendarExists } },
  },
  jobs: [
    { name: 'sla-escalation', everyMs: Number(process.env.ATIENDE_SLA_SWEEP_MS ?? 30_000), run: sweepEscalations },
    // The badge counters: incidents whose warning or deadline came since their last write moved to
    // their phase now, and the counter rows folded (sla.service.ts advanceSlaCounts).
    { name: 'sla-counts', everyMs: Number(process.env.ATIENDE_SLA_COUNTS_MS ?? 10_000), run: advanceSlaCounts },
  ],
});
