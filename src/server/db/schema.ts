/**
 * Row types of every table, as Kysely sees them. Booleans are `number | boolean` because SQLite
 * stores 0/1; timestamps and dates are strings in both engines (see dialect.ts). Each business
 * area declares its own tables in `<area>.tables.ts`; this file joins them into one `DB` type.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ActivitiesTables } from '../modules/activities/activities.tables.ts';
import type { BillingTables } from '../modules/billing/billing.tables.ts';
import type { CallsTables } from '../modules/calls/calls.tables.ts';
import type { IdempotencyTables } from '../modules/idempotency/idempotency.tables.ts';
import type { AuthTables } from '../modules/auth/auth.tables.ts';
import type { IncidentsTables } from '../modules/incidents/incidents.tables.ts';
import type { ProjectsTables } from '../modules/projects/projects.tables.ts';
import type { SlaTables } from '../modules/sla/sla.tables.ts';

export type Bool = ColumnType<boolean | number, boolean | undefined, boolean>;
export type Json = ColumnType<unknown, string, string>;
export type Id = Generated<number>;

export type UsersTable = {
  id: Id;
  username: string;
  name: string;
  email: string | null;
  password_hash: string;
  role: string;
  language: string;
  time_zone: string;
  active: Bool;
  default_to_user_id: number | null;
  default_to_group_id: number | null;
  default_call_type_code: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
};

export type GroupsTable = { id: Id; code: string; name: string; active: Bool; created_at: string; updated_at: string };
export type GroupMembersTable = { group_id: number; user_id: number };
export type SessionsTable = { id: string; user_id: number; csrf_token: string; created_at: string; expires_at: string };
export type ApiTokensTable = {
  id: Id;
  name: string;
  token_hash: string;
  prefix: string;
  role: string;
  user_id: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

export type CatalogEntriesTable = {
  id: Id;
  catalog: string;
  code: string;
  description_es: string;
  description_en: string;
  active: Bool;
  sort_order: number;
  parent_code: string | null;
  pending: Bool;
  is_default: Bool;
  default_pending: Bool;
  default_finished: Bool;
  attributes: Json;
  created_at: string;
  updated_at: string;
};

export type CustomersTable = {
  id: Id;
  code: string;
  name: string;
  name_folded: string;
  tax_id: string | null;
  address: Json | null;
  phones: Json;
  emails: Json;
  region_code: string | null;
  language: string;
  notes: string | null;
  active: Bool;
  created_at: string;
  updated_at: string;
  created_by: number | null;
};

export type ContactsTable = {
  id: Id;
  customer_id: number;
  name: string;
  position: string | null;
  phones: Json;
  emails: Json;
  notes: string | null;
  active: Bool;
  created_at: string;
  updated_at: string;
};

export type PhoneNumbersTable = { id: Id; normalized: string; customer_id: number; contact_id: number | null };

export type ItemsTable = {
  id: Id;
  code: string;
  description: string;
  kind: string;
  unit_price_cents: number;
  vat_rate: number;
  warranty_months: number;
  serialized: Bool;
  unit_type_code: string | null;
  active: Bool;
  created_at: string;
  updated_at: string;
};

export type ContractsTable = {
  id: Id;
  code: string;
  customer_id: number;
  description: string | null;
  service_type_code: string | null;
  priority_code: string | null;
  start_date: string;
  end_date: string;
  active: Bool;
  created_at: string;
  updated_at: string;
};

export type UnitsTable = {
  id: Id;
  serial_number: string;
  serial_folded: string;
  item_id: number;
  customer_id: number;
  sale_date: string;
  warranty_end: string | null;
  contract_id: number | null;
  region_code: string | null;
  notes: string | null;
  active: Bool;
  created_at: string;
  updated_at: string;
};

export type AuditLogTable = {
  id: Id;
  at: string;
  user_id: number | null;
  actor: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: Json | null;
};

export type SearchDocumentsTable = {
  id: Id;
  entity_type: string;
  entity_id: number;
  customer_id: number | null;
  title: string;
  subtitle: string | null;
  content: string;
  updated_at: string;
};
export type SearchKeysTable = { key: string; document_id: number };

export type CoreTables = {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  catalog_entries: CatalogEntriesTable;
  customers: CustomersTable;
  contacts: ContactsTable;
  phone_numbers: PhoneNumbersTable;
  items: ItemsTable;
  contracts: ContractsTable;
  units: UnitsTable;
  audit_log: AuditLogTable;
  search_documents: SearchDocumentsTable;
  search_keys: SearchKeysTable;
};

// Later areas add `& CallsTables`, `& ActivitiesTables`… here.
export type DB = CoreTables & CallsTables & ProjectsTables & import('../modules/customers/customers.tables.ts').MasterdataTables & ActivitiesTables & SlaTables & IncidentsTables & import('../modules/reports/reports.tables.ts').ReportsTables & IdempotencyTables & BillingTables & AuthTables;
