/** Kysely row types of the incidents area (joined into `DB` in db/schema.ts). */
import type { Bool, Id } from '../../db/columns.ts';

export type IncidentCountersTable = { year: number; last_number: number };

export type IncidentsTable = {
  id: Id;
  number: string;
  year: number;
  seq: number;
  received_at: string;
  registered_at: string;
  registered_by: number | null;
  origin_code: string | null;
  customer_id: number;
  contact_name: string | null;
  contact_address: string | null;
  contact_phone: string | null;
  contact_fax: string | null;
  contact_email: string | null;
  unit_id: number | null;
  serial_number: string | null;
  item_id: number | null;
  under_warranty: Bool;
  warranty_end: string | null;
  under_contract: Bool;
  contract_id: number | null;
  contract_code: string | null;
  contract_end: string | null;
  region_code: string | null;
  service_type_code: string | null;
  unit_type_code: string | null;
  case_type: string;
  reason_code: string | null;
  specific_reason_code: string | null;
  symptom: string;
  diagnosis: string | null;
  solution: string | null;
  resolution_code: string | null;
  specific_resolution_code: string | null;
  estimated_close_date: string | null;
  owner_user_id: number | null;
  owner_group_id: number | null;
  status_code: string;
  priority_code: string;
  stage: string;
  is_open: Bool;
  first_response_at: string | null;
  diagnosed_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  response_due_at: string | null;
  resolution_due_at: string | null;
  invoice_id: number | null;
  source_type: string | null;
  source_id: number | null;
  updated_at: string;
};

export type IncidentEventsTable = {
  id: Id;
  incident_id: number;
  type_code: string;
  text: string;
  at: string;
  user_id: number | null;
  from_call_id: number | null;
  counts_as_response: Bool;
};

export type IncidentSuppliesTable = {
  id: Id;
  incident_id: number;
  item_id: number;
  description: string;
  quantity_milli: number;
  unit_price_cents: number;
  cost_cents: number;
  vat_rate_bp: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
};

export type IncidentChangesTable = {
  id: Id;
  incident_id: number;
  at: string;
  user_id: number | null;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  note: string | null;
};

export type IncidentsTables = {
  incident_counters: IncidentCountersTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_supplies: IncidentSuppliesTable;
  incident_changes: IncidentChangesTable;
};
