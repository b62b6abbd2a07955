import { createHash } from 'node:crypto';
import type { Ctx } from '../../context.ts';
import type { Queryable } from '../../db/database.ts';
import * as repo from './idempotency.repository.ts';
import type { IdempotencyKeysTable } from './idempotency.tables.ts';

/** How long the first answer to a key is kept and replayed. */
export const KEY_TTL_MS = 24 * 3600_000;

/** The header's value: visible ASCII, 1–255 characters (a UUID is the usual choice). */
export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** JSON with object keys sorted, so the same data always hashes the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** One key is scoped to who calls, the method and the route pattern. */
export function scopeHash(userId: number, method: string, route: string, key: string): string {
  return sha256(JSON.stringify([userId, method, route, key]));
}

/** The path parameters, query and body (or, for an upload, what its route says identifies it). */
export function requestHash(request: { params?: unknown; query?: unknown; body?: unknown; idempotencyInput?: unknown }): string {
  return sha256(stableJson({ params: request.params ?? null, query: request.query ?? null, body: request.idempotencyInput ?? request.body ?? null }));
}

export type StoredAnswer = IdempotencyKeysTable;

/** The stored first answer for this scope, if it has not expired. */
export async function findAnswer(db: Queryable, scope: string, now: string): Promise<StoredAnswer | undefined> {
  const row = await repo.findKey(db, scope);
  return row && row.expires_at > now ? row : undefined;
}

/** Claims the key in the request's transaction (throws a unique violation when it is taken). */
export async function claimKey(trx: Queryable, input: { scope: string; requestHash: string; userId: number; now: Date }): Promise<void> {
  const now = input.now.toISOString();
  await repo.deleteExpiredKey(trx, input.scope, now);
  await repo.insertClaim(trx, {
    key_hash: input.scope,
    request_hash: input.requestHash,
    user_id: input.userId,
    response_status: 0,
    response_type: '',
    response_body: '',
    location: null,
    created_at: now,
    expires_at: new Date(input.now.getTime() + KEY_TTL_MS).toISOString(),
  });
}

export async function storeAnswer(trx: Queryable, scope: string, answer: { status: number; type: string; body: string; location: string | null }): Promise<void> {
  await repo.storeAnswer(trx, scope, { response_status: answer.status, response_type: answer.type, response_body: answer.body, location: answer.location });
}

export async function releaseKey(trx: Queryable, scope: string): Promise<void> {
  await repo.deleteKey(trx, scope);
}

export async function purgeExpiredKeys(ctx: Ctx, now: string): Promise<number> {
  let total = 0;
  for (let n = await repo.purgeExpired(ctx.db, now); n > 0; n = await repo.purgeExpired(ctx.db, now)) total += n;
  return total;
}
