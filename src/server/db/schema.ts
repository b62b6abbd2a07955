/**
 * The database as Kysely sees it: each area declares its own tables in `<area>.tables.ts` (with the
 * column kinds of columns.ts) and this file only joins them into one `DB` type. A tables file never
 * imports this one.
 */
import type { ActivitiesTables } from '../modules/activities/activities.tables.ts';
import type { AuditTables } from '../modules/audit/audit.tables.ts';
import type { AuthTables } from '../modules/auth/auth.tables.ts';
import type { BillingTables } from '../modules/billing/billing.tables.ts';
import type { CallsTables } from '../modules/calls/calls.tables.ts';
import type { CatalogsTables } from '../modules/catalogs/catalogs.tables.ts';
import type { CustomersTables, MasterdataTables } from '../modules/customers/customers.tables.ts';
import type { IdempotencyTables } from '../modules/idempotency/idempotency.tables.ts';
import type { IncidentsTables } from '../modules/incidents/incidents.tables.ts';
import type { ProductsTables } from '../modules/products/products.tables.ts';
import type { ProjectsTables } from '../modules/projects/projects.tables.ts';
import type { ReportsTables } from '../modules/reports/reports.tables.ts';
import type { SavedViewsTables } from '../modules/saved-views/saved-views.tables.ts';
import type { SearchTables } from '../modules/search/search.tables.ts';
import type { SlaTables } from '../modules/sla/sla.tables.ts';
import type { UsersTables } from '../modules/users/users.tables.ts';

// A new area adds `& <Area>Tables` here (keep every line when merging).
export type DB = UsersTables &
  AuthTables &
  CatalogsTables &
  CustomersTables &
  MasterdataTables &
  ProductsTables &
  AuditTables &
  SearchTables &
  CallsTables &
  ProjectsTables &
  ActivitiesTables &
  SlaTables &
  IncidentsTables &
  ReportsTables &
  IdempotencyTables &
  BillingTables &
  SavedViewsTables;
