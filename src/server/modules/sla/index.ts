/**
 * The SLA area: service calendars (business hours, Spanish holidays), contracts' service levels,
 * and the business clock that turns them into deadlines.
 */
import type { AppInstance } from '../../http.ts';
import { defineArea } from '../area.ts';
import { calendarsRoutes } from './calendars.routes.ts';
import { slaErrors } from './sla.errors.ts';

export const slaArea = defineArea({
  id: 'sla',
  routes: async (app: AppInstance) => {
    await calendarsRoutes(app);
  },
  errors: slaErrors,
});
