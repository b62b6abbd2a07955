import type { AppInstance, ModuleDeps } from '../http.ts';
import { activitiesArea } from './activities/index.ts';
import { agendaArea } from './agenda/index.ts';
import type { Area } from './area.ts';
import { attachmentsArea } from './attachments/index.ts';
import { auditArea } from './audit/index.ts';
import { authArea } from './auth/index.ts';
import { billingArea } from './billing/index.ts';
import { callsArea } from './calls/index.ts';
import { catalogsArea } from './catalogs/index.ts';
import { customersArea } from './customers/index.ts';
import { incidentsArea } from './incidents/index.ts';
import { notifyArea } from './notify/index.ts';
import { productsArea } from './products/index.ts';
import { projectsArea } from './projects/index.ts';
import { reportsArea } from './reports/index.ts';
import { searchArea } from './search/index.ts';
import { slaArea } from './sla/index.ts';
import { usersArea } from './users/index.ts';
import { idempotencyArea } from './idempotency/index.ts';
import { intakeArea } from './intake/index.ts';
import { savedViewsArea } from './saved-views/index.ts';

/**
 * Every business area, one line each. New areas export their `Area` from `modules/<area>/index.ts`
 * (see area.ts) and add it here; the app mounts routes under /api/v1, registers error texts and
 * feeds, and starts the jobs from this list.
 */
export const areas: Area[] = [
  authArea,
  usersArea,
  catalogsArea,
  auditArea,
  searchArea,
  projectsArea,
  callsArea,
  customersArea,
  productsArea,
  notifyArea,
  agendaArea,
  attachmentsArea,
  activitiesArea,
  idempotencyArea,
  incidentsArea,
  slaArea,
  billingArea,
  reportsArea,
  intakeArea,
  savedViewsArea,
];

/** Every business area's routes, mounted under /api/v1. */
export const apiModules: Array<(app: AppInstance, deps: ModuleDeps) => Promise<void>> = areas.flatMap((a) => (a.routes ? [a.routes] : []));
