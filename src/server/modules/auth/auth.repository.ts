import type { Queryable } from '../../db/database.ts';
import { type Params, precompiled } from '../../db/precompiled.ts';

/** By the normalised username (trimmed, lower case): "Admin " and "admin" are one account. */
export function findUserByUsername(db: Queryable, usernameKey: string) {
  return db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['username']), '=', usernameKey)).executeTakeFirst();
}

export function findLoginFailures(db: Queryable, usernameKey: string) {
  return db.selectFrom('login_failures').selectAll().where('username_key', '=', usernameKey).executeTakeFirst();
}

/** Counts one more failure (atomically) and returns the new count. */
export async function addLoginFailure(db: Queryable, usernameKey: string, at: string): Promise<number> {
  const row = await db
    .insertInto('login_failures')
    .values({ username_key: usernameKey, failures: 1, locked_until: null, last_failure_at: at })
    .onConflict((oc) => oc.column('username_key').doUpdateSet((eb) => ({ failures: eb('login_failures.failures', '+', 1), last_failure_at: at })))
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function lockLogin(db: Queryable, usernameKey: string, until: string): Promise<void> {
  await db.updateTable('login_failures').set({ locked_until: until }).where('username_key', '=', usernameKey).execute();
}

export async function clearLoginFailures(db: Queryable, usernameKey: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username_key', '=', usernameKey).execute();
}

export function findUserById(db: Queryable, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSession(db: Queryable, row: { id: string; user_id: number; csrf_token: string; created_at: string; expires_at: string }) {
  await db.insertInto('sessions').values(row).execute();
}

/** The user a session or an API token acts for, as every request reads it (the role apart: a token has its own). */
const ACTOR_COLUMNS = ['users.id', 'users.username', 'users.name', 'users.language', 'users.time_zone', 'users.active'] as const;

export function findSessionWithUser(db: Queryable, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.csrf_token', 'sessions.expires_at', 'users.role', ...ACTOR_COLUMNS])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export async function extendSession(db: Queryable, id: string, expiresAt: string) {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Queryable, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of the user, except `exceptId` (the one that asked) when given. */
export async function deleteUserSessions(db: Queryable, userId: number, exceptId?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function deleteExpiredSessions(db: Queryable, now: string) {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

// Read on every request made with an API token: built and compiled once (db/precompiled.ts).
const tokenWithUser = precompiled((db, p: Params<{ hash: string }>) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.role as token_role', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'users.role as owner_role', ...ACTOR_COLUMNS])
    .where('api_tokens.token_hash', '=', p('hash')),
  { pipelined: 'key' },
);

export function findTokenWithUser(db: Queryable, hash: string) {
  return tokenWithUser.takeFirst(db, { hash });
}

export async function touchToken(db: Queryable, id: number, at: string) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function updateLastLogin(db: Queryable, userId: number, at: string) {
  await db.updateTable('users').set({ last_login_at: at }).where('id', '=', userId).execute();
}

export function listTokens(db: Queryable) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.prefix', 'api_tokens.role', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'users.username'])
    .orderBy('api_tokens.id', 'desc')
    .execute();
}

export function insertToken(db: Queryable, row: { name: string; token_hash: string; prefix: string; role: string; user_id: number; created_at: string }) {
  return db.insertInto('api_tokens').values(row).returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

/** True when the token was active and is now revoked. */
export async function revokeToken(db: Queryable, id: number, at: string): Promise<boolean> {
  const res = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function tokenExists(db: Queryable, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('api_tokens').select('id').where('id', '=', id).executeTakeFirst());
}
