import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/** First answers to Idempotency-Key requests, kept 24 h (modules/idempotency). */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', k.ref, (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_type', 'text', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('expires_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
