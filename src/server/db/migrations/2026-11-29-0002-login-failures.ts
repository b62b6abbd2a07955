import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/** Failed logins per account: the per-account login limit with growing delays (auth.service.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await k.createTable('login_failures', {
    username_key: k.primaryKey('text'),
    failures: k.notNull('integer'),
    locked_until: k.ts,
    last_failure_at: k.notNull(k.ts),
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
}
