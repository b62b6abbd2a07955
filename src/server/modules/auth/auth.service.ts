import { hash, randomBytes } from 'node:crypto';
import { cappedRole, type Role } from '../../../shared/roles.ts';
import { onPeerMessage, tellPeers } from '../../cluster.ts';
import type { Database } from '../../db/database.ts';
import { toBool } from '../../db/dialect.ts';
import { signalsOf } from '../../db/signals.ts';
import { AppError } from '../../errors.ts';
import type { Locale } from '../../i18n/messages.ts';
import type { Actor } from './actor.ts';
import * as repo from './auth.repository.ts';
import { verifyPassword } from './passwords.ts';

const SESSION_HOURS = 12;
// Sessions and tokens are looked up once per CACHE_MS per process, not on every request. Writes
// always look them up (`fresh`), so a session logged out or a token revoked on another app server
// can never change anything; reads may still be served for up to CACHE_MS there.
const CACHE_MS = 10_000;
const TOKEN_TOUCH_MS = 60_000;
/** Per-account login limit: failures in a row before the first wait, first wait, longest wait. */
export const LOCK_AFTER = 5;
const LOCK_FIRST_MS = 30_000;
const LOCK_MAX_MS = 15 * 60_000;

/** One account, however its name is typed: "  Admin " is "admin". */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function sha256(value: string): string {
  // The one-shot hash: the same digest as createHash('sha256').update(value).digest('hex'), without a Hash object per call.
  return hash('sha256', value, 'hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

type Cached = { actor: Actor; until: number; expiresAt?: string };

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(database: Database) {
  const { db } = database;
  const cache = new Map<string, Cached>();
  const tokenTouched = new Map<number, number>();

  // The workers of `serve --workers N` each keep identities; a logout, a revoked token or a changed
  // user in one worker drops them in the others too (cluster.ts relays it through the primary).
  const PEER_TOPIC = 'auth:forget';
  type Forget = { userId?: number; tokenId?: number; sessionId?: string };
  function forgetHere(f: Forget) {
    if (f.sessionId) cache.delete(`s:${f.sessionId}`);
    if (f.userId !== undefined || f.tokenId !== undefined) {
      for (const [key, value] of cache) if (value.actor.userId === f.userId || (f.tokenId !== undefined && value.actor.tokenId === f.tokenId)) cache.delete(key);
    }
  }
  // Other app servers on the same database (and other apps of this process) hear it through the
  // database's signals (LISTEN/NOTIFY on PostgreSQL): a password change, a demotion or a revoked
  // token takes effect on the very next request everywhere, reads included.
  const signals = signalsOf(database);
  async function forget(f: Forget) {
    forgetHere(f);
    tellPeers(PEER_TOPIC, f);
    try {
      await signals.publish(db, PEER_TOPIC, f);
    } catch {
      // Database away: the other servers' caches expire within CACHE_MS, and writes re-check anyway.
    }
  }
  const stopPeers = onPeerMessage(PEER_TOPIC, (arg) => forgetHere(arg as Forget));
  const stopSignals = signals.subscribe(PEER_TOPIC, (arg) => forgetHere(arg as Forget));

  function remember(key: string, value: Cached) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, value);
  }

  return {
    /**
     * Checks the password. The username is normalised (trimmed, lower case) for the lookup and for
     * the per-account limit: after LOCK_AFTER failures in a row the account (known or not) waits
     * 30 s, then twice as long after each further failure, up to 15 min, whatever address the
     * attempts come from. `onThrottled` is told once, when an existing account starts waiting.
     */
    async login(username: string, password: string, onThrottled?: (userId: number) => Promise<void>) {
      const key = normaliseUsername(username);
      const now = new Date();
      const failures = await repo.findLoginFailures(db, key);
      if (failures?.locked_until && failures.locked_until > now.toISOString()) {
        const retryAfter = Math.ceil((new Date(failures.locked_until).getTime() - now.getTime()) / 1000);
        throw new AppError('too_many_requests', { params: { retryAfter } });
      }
      const user = await repo.findUserByUsername(db, key);
      const ok = await verifyPassword(user?.password_hash, password);
      if (!user || !ok || !toBool(user.active)) {
        const n = await repo.addLoginFailure(db, key, now.toISOString());
        if (n >= LOCK_AFTER) {
          const waitMs = Math.min(LOCK_FIRST_MS * 2 ** (n - LOCK_AFTER), LOCK_MAX_MS);
          await repo.lockLogin(db, key, new Date(now.getTime() + waitMs).toISOString());
          if (n === LOCK_AFTER && user) await onThrottled?.(user.id);
        }
        throw new AppError('invalid_credentials');
      }
      if (failures) await repo.clearLoginFailures(db, key);
      const token = randomToken();
      const csrfToken = randomToken(24);
      const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
      await db.transaction().execute(async (trx) => {
        await repo.insertSession(trx, { id: sha256(token), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt });
        await repo.updateLastLogin(trx, user.id, now.toISOString());
      });
      return { token, csrfToken, userId: user.id, expiresAt };
    },

    async logout(actor: Actor) {
      if (!actor.sessionId) return;
      await repo.deleteSession(db, actor.sessionId);
      await forget({ sessionId: actor.sessionId });
    },

    /** Drops cached identities of a user on every app server (role change, deactivation, password change). */
    forgetUser(userId: number): Promise<void> {
      return forget({ userId });
    },

    forgetToken(tokenId: number): Promise<void> {
      return forget({ tokenId });
    },

    close() {
      stopPeers();
      stopSignals();
    },

    async fromSessionCookie(token: string, opts: { fresh?: boolean } = {}): Promise<Actor | undefined> {
      const id = sha256(token);
      const key = `s:${id}`;
      const nowMs = Date.now();
      const hit = opts.fresh ? undefined : cache.get(key);
      if (hit && hit.until > nowMs && hit.expiresAt && hit.expiresAt > new Date(nowMs).toISOString()) return hit.actor;
      const row = await repo.findSessionWithUser(db, id);
      if (!row || !toBool(row.active)) {
        cache.delete(key);
        return undefined;
      }
      const now = new Date(nowMs);
      if (row.expires_at <= now.toISOString()) {
        await repo.deleteSession(db, id);
        return undefined;
      }
      let expiresAt = row.expires_at;
      // Sliding expiry, written at most when half of the session has gone.
      if (new Date(row.expires_at).getTime() - nowMs < (SESSION_HOURS * 3600_000) / 2) {
        expiresAt = new Date(nowMs + SESSION_HOURS * 3600_000).toISOString();
        await repo.extendSession(db, id, expiresAt);
      }
      const actor: Actor = {
        userId: row.id,
        username: row.username,
        name: row.name,
        role: row.role as Role,
        language: (row.language as Locale) ?? 'es',
        timeZone: row.time_zone,
        via: 'session',
        sessionId: id,
        csrfToken: row.csrf_token,
      };
      remember(key, { actor, until: nowMs + CACHE_MS, expiresAt });
      return actor;
    },

    async fromBearer(token: string, opts: { fresh?: boolean } = {}): Promise<Actor | undefined> {
      const hash = sha256(token);
      const key = `t:${hash}`;
      const nowMs = Date.now();
      const hit = opts.fresh ? undefined : cache.get(key);
      if (hit && hit.until > nowMs) return hit.actor;
      const row = await repo.findTokenWithUser(db, hash);
      if (!row || row.revoked_at || !toBool(row.active)) {
        cache.delete(key);
        return undefined;
      }
      const actor: Actor = {
        userId: row.id,
        username: row.username,
        name: row.name,
        // A token never does more than its owner may do now (a demoted owner demotes the token).
        role: cappedRole(row.token_role as Role, row.owner_role as Role),
        language: (row.language as Locale) ?? 'es',
        timeZone: row.time_zone,
        via: 'token',
        tokenId: row.token_id,
      };
      if ((tokenTouched.get(row.token_id) ?? 0) + TOKEN_TOUCH_MS < nowMs) {
        tokenTouched.set(row.token_id, nowMs);
        await repo.touchToken(db, row.token_id, new Date(nowMs).toISOString());
      }
      remember(key, { actor, until: nowMs + CACHE_MS });
      return actor;
    },
  };
}
