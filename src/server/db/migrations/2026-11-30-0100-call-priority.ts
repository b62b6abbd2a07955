import { type Kysely, sql } from 'kysely';

/**
 * Calls gain a priority (issue 10): `priority_code` (priorities catalog; null on calls registered
 * before) and `priority_rank`, the priority's position in the catalog (its sort order) copied when
 * the priority is set, so "most urgent first" is an index range like every other list. Calls
 * without a priority rank 1,000,000 and come last. The inbox sorts pending calls by
 * (priority_rank, registered_at, id) — oldest first within a priority, the order they are served in —
 * with the same partial indexes per destination as the newest-first lists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calls').addColumn('priority_code', 'text').execute();
  await db.schema.alterTable('calls').addColumn('priority_rank', 'integer', (c) => c.notNull().defaultTo(1_000_000)).execute();
  const pending = sql<boolean>`finished_at is null`;
  await db.schema.createIndex('calls_pending_priority_idx').on('calls').columns(['priority_rank', 'registered_at', 'id', 'postponed_until']).where(pending).execute();
  await db.schema.createIndex('calls_pending_user_priority_idx').on('calls').columns(['to_user_id', 'priority_rank', 'registered_at', 'id', 'postponed_until']).where(pending).execute();
  await db.schema.createIndex('calls_pending_group_priority_idx').on('calls').columns(['to_group_id', 'priority_rank', 'registered_at', 'id', 'postponed_until']).where(pending).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('calls_pending_group_priority_idx').execute();
  await db.schema.dropIndex('calls_pending_user_priority_idx').execute();
  await db.schema.dropIndex('calls_pending_priority_idx').execute();
  await db.schema.alterTable('calls').dropColumn('priority_rank').execute();
  await db.schema.alterTable('calls').dropColumn('priority_code').execute();
}
