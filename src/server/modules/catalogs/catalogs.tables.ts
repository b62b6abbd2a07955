/** Kysely row types of the catalogs area (joined into `DB` in db/schema.ts). */
import type { Bool, Id, Json } from '../../db/columns.ts';

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

export type CatalogsTables = {
  catalog_entries: CatalogEntriesTable;
};
