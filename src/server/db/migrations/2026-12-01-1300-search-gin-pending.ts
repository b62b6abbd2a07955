import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * PostgreSQL: the full-text GIN index of `search_documents` keeps new entries in a pending list
 * (`fastupdate`) until it holds `gin_pending_list_limit` (4 MB by default) or VACUUM runs, and every
 * search reads the whole pending list. Documents are inserted all day (each call, incident, invoice)
 * while autovacuum waits for 20 % of 2,400,000 rows, so the list stays large: on the bench database
 * 85 pending pages took a one-term search from 0.03 to 0.74 ms of SQL, and every search paid it.
 * 64 kB (the smallest limit) keeps the batching of inserts and bounds that read to eight pages; the
 * insert that fills it merges it into the index. SQLite (FTS5) has no such list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!migrationKit(db).pg) return;
  await sql`alter index search_documents_tsv_idx set (gin_pending_list_limit = 64)`.execute(db);
  await sql`select gin_clean_pending_list('search_documents_tsv_idx'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!migrationKit(db).pg) return;
  await sql`alter index search_documents_tsv_idx reset (gin_pending_list_limit)`.execute(db);
}
