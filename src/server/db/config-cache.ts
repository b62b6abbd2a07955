/**
 * Short-lived in-memory copies of configuration that nearly every request reads and that changes
 * rarely: catalog entries (the default call status and type…), a user's preferences, names and
 * group membership. Registering a call read them with six statements before any work was done.
 *
 * - One cache per database (a process may hold several, as the tests do); reads inside a
 *   transaction go to the database, so a service sees its own uncommitted writes — unless the
 *   transaction writes no configuration and says so (`ctx.configDb`, an incident's intake).
 * - Writes in this process clear the cache at once and again after their transaction commits (a
 *   reader on another pooled connection may have read the old row in between).
 * - Entries live `ATIENDE_CONFIG_CACHE_MS` (5 s by default; 0 turns caching off), so several app
 *   servers on one database converge within that time after a change made on another one.
 * - A value whose read began before a clear is returned but not kept.
 * - The workers of one `serve --workers N` clear each other's caches (cluster.ts relays it).
 *
 * Cached values are shared between requests: callers must not mutate them (they are frozen).
 */
import { onPeerMessage, tellPeers } from '../cluster.ts';
import type { Ctx } from '../context.ts';

const TTL_MS = Number(process.env.ATIENDE_CONFIG_CACHE_MS ?? 5000);
const MAX_ENTRIES = 5000;

type Slot<V> = { value: V; until: number };

export type ConfigCache<V> = {
  /** The cached value for `key`, or what `load` reads (kept for the TTL). */
  get(ctx: Pick<Ctx, 'db' | 'configDb'>, key: string, load: () => Promise<V>): Promise<V>;
  /**
   * The cached values of several keys at once; the missing ones are read together by `loadMany`
   * (one statement for a page of rows instead of one per key). A key `loadMany` does not answer is
   * kept as `undefined` (no such row), as `get` keeps it.
   */
  getMany(ctx: Pick<Ctx, 'db'>, keys: Iterable<string>, loadMany: (missing: string[]) => Promise<Map<string, V>>): Promise<Map<string, V | undefined>>;
  /** Forget everything, now and once the caller's transaction has committed. */
  invalidate(ctx?: Pick<Ctx, 'afterCommit'>): void;
};

function deepFreeze<V>(v: V): V {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

/** Every cache of this process, cleared together when another worker says so. */
const clearers = new Set<() => void>();
const PEER_TOPIC = 'config-cache:clear';
onPeerMessage(PEER_TOPIC, () => {
  for (const clear of clearers) clear();
});

export function configCache<V>(ttlMs = TTL_MS): ConfigCache<V> {
  let perDb = new WeakMap<object, Map<string, Slot<V>>>();
  let generation = 0;
  const clearHere = () => {
    perDb = new WeakMap();
    generation++;
  };
  clearers.add(clearHere);
  const clear = () => {
    clearHere();
    tellPeers(PEER_TOPIC);
  };
  return {
    async get(ctx, key, load) {
      // In a transaction, the database unless the caller says it writes no configuration (configDb).
      const db = ctx.db.isTransaction ? ctx.configDb : ctx.db;
      if (ttlMs <= 0 || !db) return load();
      const now = Date.now();
      let slots = perDb.get(db);
      const hit = slots?.get(key);
      if (hit && hit.until > now) return hit.value;
      const started = generation;
      const value = deepFreeze(await load());
      if (started === generation) {
        slots = perDb.get(db);
        if (!slots) perDb.set(db, (slots = new Map()));
        if (slots.size >= MAX_ENTRIES) slots.clear();
        slots.set(key, { value, until: now + ttlMs });
      }
      return value;
    },
    async getMany(ctx, keys, loadMany) {
      const out = new Map<string, V | undefined>();
      const missing: string[] = [];
      const cached = ttlMs > 0 && !ctx.db.isTransaction;
      const now = Date.now();
      const slots = cached ? perDb.get(ctx.db) : undefined;
      for (const key of keys) {
        if (out.has(key)) continue;
        const hit = slots?.get(key);
        if (hit && hit.until > now) out.set(key, hit.value);
        else {
          out.set(key, undefined);
          missing.push(key);
        }
      }
      if (!missing.length) return out;
      const started = generation;
      const loaded = await loadMany(missing);
      let keep = cached && started === generation ? perDb.get(ctx.db) : undefined;
      if (cached && started === generation && !keep) perDb.set(ctx.db, (keep = new Map()));
      for (const key of missing) {
        const value = deepFreeze(loaded.get(key)) as V;
        out.set(key, value);
        if (keep) {
          if (keep.size >= MAX_ENTRIES) keep.clear();
          keep.set(key, { value, until: now + ttlMs });
        }
      }
      return out;
    },
    invalidate(ctx) {
      clear();
      ctx?.afterCommit.push(clear);
    },
  };
}
