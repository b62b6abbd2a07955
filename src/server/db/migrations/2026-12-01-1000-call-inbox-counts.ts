import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * The call inbox's badge without counting calls (issue 16): `call_inbox_counts` holds, per
 * destination (`dest`: `u:<user id>` or `g:<group id>`), how many calls addressed to it are pending
 * (no finish stamp), as rows of +n/−n written in the call's own transaction and summed on read
 * (calls/inbox-counts.ts). Rows are only ever inserted by writers — no counter row is updated, so
 * concurrent registrations and changes never wait for one another nor deadlock — and a background
 * job folds each destination's rows into one. What is pending *now* is that sum less the calls
 * postponed to a moment still to come, counted on two small partial indexes holding only pending
 * postponed calls. Filled here from the calls; `atiende calls recount` recomputes it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = migrationKit(db);
  await t
    .id(db.schema.createTable('call_inbox_counts'))
    .addColumn('dest', 'text', (c) => c.notNull())
    .addColumn('pending', t.int, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_inbox_counts_dest_idx').on('call_inbox_counts').columns(['dest', 'pending']).execute();
  const postponed = sql<boolean>`finished_at is null and postponed_until is not null`;
  await db.schema.createIndex('calls_postponed_user_idx').on('calls').columns(['to_user_id', 'postponed_until']).where(postponed).execute();
  await db.schema.createIndex('calls_postponed_group_idx').on('calls').columns(['to_group_id', 'postponed_until']).where(postponed).execute();
  await sql`insert into call_inbox_counts (dest, pending)
    select 'u:' || to_user_id, count(*) from calls where finished_at is null and to_user_id is not null group by to_user_id
    union all
    select 'g:' || to_group_id, count(*) from calls where finished_at is null and to_group_id is not null group by to_group_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('calls_postponed_group_idx').execute();
  await db.schema.dropIndex('calls_postponed_user_idx').execute();
  await db.schema.dropTable('call_inbox_counts').execute();
}
