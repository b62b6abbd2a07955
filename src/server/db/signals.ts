/**
 * Signals between app servers that share one database: "forget what you cached about user 7".
 * Every app in this process that uses the same `Database` hears a signal at once (an in-process
 * emitter); on PostgreSQL the other app servers hear it too, through LISTEN/NOTIFY on a dedicated
 * connection that reconnects by itself after a restart. (The workers of `serve --workers N` also
 * relay through the primary: cluster.ts.) A signal sent inside a transaction — `publish(ctx.db…)` —
 * reaches the other servers when it commits, never before.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database, Queryable } from './handles.ts';

const CHANNEL = 'atiende_signals';

type Envelope = { origin: string; topic: string; payload: unknown };

export type Signals = {
  /** Sends `payload` to every subscriber of `topic` here and on the other app servers. */
  publish(db: Queryable, topic: string, payload: unknown): Promise<void>;
  subscribe(topic: string, fn: (payload: unknown) => void): () => void;
};

const buses = new WeakMap<Database, Signals & { close(): Promise<void> }>();

export function signalsOf(database: Database): Signals {
  let bus = buses.get(database);
  if (!bus) buses.set(database, (bus = createSignals(database)));
  return bus;
}

/** Stops listening (called by Database.destroy). */
export async function closeSignals(database: Database): Promise<void> {
  await buses.get(database)?.close();
  buses.delete(database);
}

function createSignals(database: Database): Signals & { close(): Promise<void> } {
  // This bus's own notifications come back from PostgreSQL too; its local subscribers had them already.
  const origin = randomUUID();
  const local = new EventEmitter();
  local.setMaxListeners(0);
  let listener: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed || database.dialect !== 'postgres' || !database.url) return;
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => {
      // Lost (restart, failover): listen again shortly; signals sent meanwhile are missed, and
      // the identity caches they protect expire within seconds anyway.
      if (listener === client) listener = undefined;
      client.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), 1_000);
    });
    client.on('notification', (msg) => {
      try {
        const env = JSON.parse(msg.payload ?? '') as Envelope;
        if (env.origin !== origin) local.emit(env.topic, env.payload);
      } catch {
        // not ours
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      if (closed) await client.end();
      else listener = client;
    } catch {
      client.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), 1_000);
    }
  };
  const ready = connect();

  return {
    async publish(db, topic, payload) {
      local.emit(topic, payload);
      if (database.dialect !== 'postgres') return;
      const env: Envelope = { origin, topic, payload };
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(env)})`.execute(db);
    },
    subscribe(topic, fn) {
      local.on(topic, fn);
      return () => local.off(topic, fn);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await ready;
      await listener?.end().catch(() => {});
    },
  };
}
