import type { Queryable } from '../../db/database.ts';
import type { IdempotencyKeysTable } from './idempotency.tables.ts';

export function findKey(db: Queryable, keyHash: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

/**
 * Claims the key inside the request's transaction. A concurrent request with the same key waits on
 * the primary key (PostgreSQL) or for the single writer (SQLite) and then fails as a duplicate, so
 * the work is done once; the row becomes visible with the answer, at the same commit as the work.
 */
export async function insertClaim(db: Queryable, row: IdempotencyKeysTable): Promise<void> {
  await db.insertInto('idempotency_keys').values(row).execute();
}

export async function storeAnswer(db: Queryable, keyHash: string, answer: Pick<IdempotencyKeysTable, 'response_status' | 'response_type' | 'response_body' | 'location'>): Promise<void> {
  await db.updateTable('idempotency_keys').set(answer).where('key_hash', '=', keyHash).execute();
}

export async function deleteExpiredKey(db: Queryable, keyHash: string, now: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('key_hash', '=', keyHash).where('expires_at', '<=', now).execute();
}

export async function deleteKey(db: Queryable, keyHash: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('key_hash', '=', keyHash).execute();
}

/** Removes up to `limit` expired keys; returns how many. */
export async function purgeExpired(db: Queryable, now: string, limit = 1000): Promise<number> {
  const res = await db
    .deleteFrom('idempotency_keys')
    .where('key_hash', 'in', db.selectFrom('idempotency_keys').select('key_hash').where('expires_at', '<=', now).limit(limit))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
