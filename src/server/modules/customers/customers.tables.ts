/** Kysely row types of the customers area (joined into `DB` in db/schema.ts). */
import type { Bool, Id, Json } from '../../db/columns.ts';

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

export type CustomersTables = {
  customers: CustomersTable;
  contacts: ContactsTable;
  phone_numbers: PhoneNumbersTable;
};

/**
 * Columns the master-data migration (2026-11-23-0001) adds to the foundation's tables; joined into
 * `DB` in db/schema.ts.
 */
export type MasterdataTables = {
  contacts: { name_folded: string };
  items: { search_folded: string };
  contracts: { search_folded: string };
};
