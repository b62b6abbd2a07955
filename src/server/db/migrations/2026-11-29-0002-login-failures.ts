import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/** Failed logins per account: the per-account login limit with growing delays (auth.service.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await db.schema
    .createTable('login_failures')
    .addColumn('username_key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', k.ts)
    .addColumn('last_failure_at', k.ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
}
