import type { Kysely } from 'kysely';

/** The customer timeline reads tasks and time entries newest first by creation time. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tasks_customer_created_idx').on('tasks').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('time_entries_customer_created_idx').on('time_entries').columns(['customer_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('time_entries_customer_created_idx').execute();
  await db.schema.dropIndex('tasks_customer_created_idx').execute();
}
