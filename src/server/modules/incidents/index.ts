/** The incidents area (spec section 5): routes, error codes, timeline and unit-history feeds. */
import { defineArea } from '../area.ts';
import { incidentErrors } from './incidents.errors.ts';
import { incidentFeeds } from './incidents.feeds.ts';
import { incidentsRoutes } from './incidents.routes.ts';
import { assertIncidentExists, createIncidentAction } from './incidents.service.ts';

export const incidentsArea = defineArea({
  id: 'incidents',
  routes: incidentsRoutes,
  errors: incidentErrors,
  feeds: incidentFeeds,
  attachmentOwners: { incident: { assertExists: assertIncidentExists } },
  // Solution types may open an incident from a technical activity.
  hooks: { activities: { automaticActions: { create_incident: createIncidentAction } } },
});
