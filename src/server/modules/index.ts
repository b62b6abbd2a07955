import type { AppInstance, ModuleDeps } from '../http.ts';
import { activitiesRoutes } from './activities/activities.routes.ts';
import { agendaRoutes } from './agenda/agenda.routes.ts';
import type { Area } from './area.ts';
import { attachmentsRoutes } from './attachments/attachments.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { billingArea } from './billing/index.ts';
import { callsRoutes } from './calls/calls.routes.ts';
import { catalogsRoutes } from './catalogs/catalogs.routes.ts';
import { customersRoutes } from './customers/customers.routes.ts';
import { incidentsArea } from './incidents/index.ts';
import { notifyRoutes } from './notify/notify.routes.ts';
import { productsRoutes } from './products/products.routes.ts';
import { projectsRoutes } from './projects/projects.routes.ts';
import { reportsArea } from './reports/index.ts';
import { searchRoutes } from './search/search.routes.ts';
import { slaArea } from './sla/index.ts';
import { usersRoutes } from './users/users.routes.ts';
import { idempotencyArea } from './idempotency/index.ts';
import { intakeArea } from './intake/index.ts';

/**
 * Every business area, one line each. New areas export their `Area` from `modules/<area>/index.ts`
 * (see area.ts) and add it here; the app mounts routes under /api/v1, registers error texts and
 * feeds, and starts the jobs from this list.
 */
export const areas: Area[] = [
  { id: 'auth', routes: authRoutes },
  { id: 'users', routes: usersRoutes },
  { id: 'catalogs', routes: catalogsRoutes },
  { id: 'audit', routes: auditRoutes },
  { id: 'search', routes: searchRoutes },
  { id: 'projects', routes: projectsRoutes },
  { id: 'calls', routes: callsRoutes },
  { id: 'customers', routes: customersRoutes },
  { id: 'products', routes: productsRoutes },
  { id: 'notify', routes: notifyRoutes },
  { id: 'agenda', routes: agendaRoutes },
  { id: 'attachments', routes: attachmentsRoutes },
  { id: 'activities', routes: activitiesRoutes },
  idempotencyArea,
  incidentsArea,
  slaArea,
  billingArea,
  reportsArea,
  intakeArea,
];

/** Every business area's routes, mounted under /api/v1. */
export const apiModules: Array<(app: AppInstance, deps: ModuleDeps) => Promise<void>> = areas.flatMap((a) => (a.routes ? [a.routes] : []));
