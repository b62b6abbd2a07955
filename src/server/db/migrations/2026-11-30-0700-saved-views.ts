import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Saved views (issue 10): a user's named filters of a list. The name is unique per user and list;
 * the menu reads a user's views in (list, name, id) order, one index range.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await k.id(db.schema.createTable('saved_views'))
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addUniqueConstraint('saved_views_name_uq', ['user_id', 'list', 'name'])
    .execute();
  await db.schema.createIndex('saved_views_user_list_idx').on('saved_views').columns(['user_id', 'list', 'name', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_views').ifExists().execute();
}
