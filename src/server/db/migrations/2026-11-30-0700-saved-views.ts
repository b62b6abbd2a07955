import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Saved views (issue 10): a user's named filters of a list. The name is unique per user and list;
 * the menu reads a user's views in (list, name, id) order, one index range.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await k.createTable('saved_views', {
    id: k.identity,
    user_id: k.fk('users', { notNull: true }),
    list: k.notNull('text'),
    name: k.notNull('text'),
    query: k.notNull('text'),
    ...k.stamps,
  }, { unique: ['saved_views_name_uq', ['user_id', 'list', 'name']], indexes: { saved_views_user_list_idx: ['user_id', 'list', 'name', 'id'] } });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_views').ifExists().execute();
}
