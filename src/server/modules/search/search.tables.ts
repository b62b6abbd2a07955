/** Kysely row types of the search area (joined into `DB` in db/schema.ts). */
import type { Id } from '../../db/columns.ts';

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

export type SearchTables = {
  search_documents: SearchDocumentsTable;
  search_keys: SearchKeysTable;
};
