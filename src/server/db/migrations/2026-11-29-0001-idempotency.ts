import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/** First answers to Idempotency-Key requests, kept 24 h (modules/idempotency). */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await k.createTable('idempotency_keys', {
    key_hash: k.primaryKey('text'),
    request_hash: k.notNull('text'),
    user_id: k.notNull(k.ref),
    response_status: k.notNull('integer'),
    response_type: k.notNull('text'),
    response_body: k.notNull('text'),
    location: 'text',
    created_at: k.notNull(k.ts),
    expires_at: k.notNull(k.ts),
  }, { indexes: { idempotency_keys_expires_idx: ['expires_at'] } });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
