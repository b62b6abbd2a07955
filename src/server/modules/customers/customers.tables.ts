/**
 * Columns the master-data migration (2026-11-23-0001) adds to the foundation's tables; joined into
 * `DB` in db/schema.ts.
 */
export type MasterdataTables = {
  contacts: { name_folded: string };
  items: { search_folded: string };
  contracts: { search_folded: string };
};
