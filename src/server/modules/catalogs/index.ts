/** The configuration tables (call types, statuses, priorities, regions…). */
import { defineArea } from '../area.ts';
import { catalogsRoutes } from './catalogs.routes.ts';

export const catalogsArea = defineArea({
  id: 'catalogs',
  routes: catalogsRoutes,
});
