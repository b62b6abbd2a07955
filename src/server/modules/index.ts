import type { AppInstance, ModuleDeps } from '../http.ts';
import { activitiesRoutes } from './activities/activities.routes.ts';
import { agendaRoutes } from './agenda/agenda.routes.ts';
import { attachmentsRoutes } from './attachments/attachments.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { notifyRoutes } from './notify/notify.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { callsRoutes } from './calls/calls.routes.ts';
import { catalogsRoutes } from './catalogs/catalogs.routes.ts';
import { projectsRoutes } from './projects/projects.routes.ts';
import { customersRoutes } from './customers/customers.routes.ts';
import { productsRoutes } from './products/products.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { usersRoutes } from './users/users.routes.ts';

/** Every business area's routes, mounted under /api/v1. One line per area. */
export const apiModules: Array<(app: AppInstance, deps: ModuleDeps) => Promise<void>> = [
  authRoutes,
  usersRoutes,
  catalogsRoutes,
  auditRoutes,
  searchRoutes,
  projectsRoutes,
  callsRoutes,
  customersRoutes,
  productsRoutes,
  notifyRoutes, agendaRoutes, attachmentsRoutes, activitiesRoutes,
];
