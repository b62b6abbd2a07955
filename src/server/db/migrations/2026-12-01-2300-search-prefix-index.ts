import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * PostgreSQL: the full-text GIN index split in two partial ones, so that a short word prefix stops
 * costing one index entry per distinct word it starts.
 *
 * A prefix (`mari:*`) is read by walking every index entry that starts with it and adding each one's
 * documents to a bitmap. Customer and contact documents hold one unique word each per e-mail domain
 * (`javiermunozguerrero1`), so `mari:*` walks ~20,000 entries (maria, mariano… and every
 * `maria…` domain) for 22,351 documents: 7–20 ms, where the exact word `maria` takes 1.2 ms. Two
 * such prefixes in one search collect both (`jose mari` 10–18 ms): the tail of the search scenario.
 *
 * - Customers and contacts (413,000 documents of 2.6 M on the bench data, written rarely): a GIN
 *   index of `search_prefixes(tsv)`, every word plus its prefixes of 2 to 6 letters. A term of 2–6
 *   letters is then one exact entry (a posting list read at once, intersected without collecting:
 *   GIN's fast scan); a longer one still a prefix, over words that start with 6+ given letters.
 * - Every other document (calls, incidents, units…: the hot inserts): a GIN index of `tsv` as
 *   before, without the customers' and contacts' words, so the same number of index entries is
 *   written per call or incident as before.
 * Both keep the bounded pending list (2026-12-01-1300). Readers name the branch they need
 * (db/dialect.ts textMatch); the answers are the same rows in the same (table) order. On the bench
 * data (2.6 M documents) the two builds took ~2.5 and ~1.2 minutes on a loaded 2-core machine.
 * SQLite's FTS5 index is unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!migrationKit(db).pg) return;
  await sql`set local maintenance_work_mem = '256MB'`.execute(db);
  await sql`create or replace function search_prefixes(tsv tsvector) returns tsvector
    language sql immutable strict parallel safe as $$
      select array_to_tsvector(array(
        select left(w, n) from unnest(tsvector_to_array(tsv)) w, generate_series(2, least(length(w), 6)) n
        union all select w from unnest(tsvector_to_array(tsv)) w))
    $$`.execute(db);
  await sql`create index search_documents_prefix_idx on search_documents using gin (search_prefixes(tsv))
    with (gin_pending_list_limit = 64) where entity_type in ('customer', 'contact')`.execute(db);
  await sql`create index search_documents_other_tsv_idx on search_documents using gin (tsv)
    with (gin_pending_list_limit = 64) where entity_type not in ('customer', 'contact')`.execute(db);
  await sql`drop index search_documents_tsv_idx`.execute(db);
  // The statistics of the new index's expression (the planner's estimate of a prefix's documents).
  await sql`analyze search_documents`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!migrationKit(db).pg) return;
  await sql`create index search_documents_tsv_idx on search_documents using gin (tsv) with (gin_pending_list_limit = 64)`.execute(db);
  await sql`drop index search_documents_prefix_idx`.execute(db);
  await sql`drop index search_documents_other_tsv_idx`.execute(db);
  await sql`drop function search_prefixes(tsvector)`.execute(db);
}
