/** Kysely row types of the products area (joined into `DB` in db/schema.ts). */
import type { Bool, Id } from '../../db/columns.ts';

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

export type ProductsTables = {
  items: ItemsTable;
  contracts: ContractsTable;
  units: UnitsTable;
};
