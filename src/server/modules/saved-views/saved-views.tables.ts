/** Kysely row types of the saved-views area (joined into `DB` in db/schema.ts). */
import type { Id } from '../../db/columns.ts';

/** A user's named filters of one list: the list's query string as the address bar holds it. */
export type SavedViewsTable = {
  id: Id;
  user_id: number;
  list: string;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
};

export type SavedViewsTables = { saved_views: SavedViewsTable };
