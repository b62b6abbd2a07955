/**
 * PostgreSQL named (server-side prepared) statements for the precompiled queries (precompiled.ts).
 * Kysely sends every query unnamed, so PostgreSQL parses, analyses and plans it again on each run:
 * for a one-row read by primary key that is most of the server's work. A precompiled query's SQL
 * text never changes, so it is registered here by text, and each pooled connection sends that text
 * as a named statement: parsed once per connection (pg keeps which names a connection has
 * prepared), then only bound and executed. Every other query stays unnamed.
 *
 * PostgreSQL re-plans a prepared statement by itself when a table it reads changes (DDL, ANALYZE);
 * after five runs it may keep a generic plan, which suits these queries: primary-key and foreign-key
 * look-ups, `id in (…)` lists and inserts, never a filter whose best plan depends on the value.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();

/** Registers a precompiled query's SQL text: from now on every connection runs it as a named statement. */
export function nameStatement(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `atiende_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** The statement name a registered SQL text runs under (undefined: sent unnamed). */
export function statementName(text: string): string | undefined {
  return names.get(text);
}

/** Makes a new pooled connection send registered texts as named statements (pool 'connect' event). */
export function useNamedStatements(client: pg.ClientBase): void {
  const query = client.query as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = function (this: pg.ClientBase, config: unknown, values?: unknown, callback?: unknown) {
    const name = typeof config === 'string' ? names.get(config) : undefined;
    if (name && typeof callback !== 'function') return query.call(this, { name, text: config, values: Array.isArray(values) ? values : [] });
    return query.call(this, config, values, callback);
  };
}

/**
 * Pipelined reads. A precompiled SELECT marked `pipelined` (precompiled.ts: a short read by key)
 * run on the database itself (not in a transaction) goes, as its named statement, to one of a few
 * connections kept apart from the pool and opened in pg's
 * pipeline mode: each request's read is written at once, behind the ones still running, instead of
 * checking out a pooled connection of its own. With several requests at once (the bench's 10
 * connections: ~5 per worker) one backend answers them back to back without sleeping between them,
 * and Node reads several answers per wake-up: measured with 5 reads at once, 110 → 72 µs of CPU per
 * by-id read (Node 60 → 44, PostgreSQL backend 50 → 27). Transactions, writes and every other
 * query keep the pool (a write's commit waits for its WAL flush and would hold up the reads
 * queued behind it), and so do reads not marked (a similar-cases probe or a search may take
 * milliseconds, and every read behind it would wait). The call inbox's page and badge counts are
 * marked (~0.4 ms of SQL each: the agents' hot path, 5 at once: Node 0.77 → 0.64 ms and backend
 * 0.57 → 0.45 ms per request); a by-id read queued behind one waits that long. Each read goes to
 * the connection with the fewest in flight.
 *
 * A connection that breaks (PostgreSQL restarted) fails the reads in flight on it, like a pooled
 * connection's (503 for those requests), and the next read opens a new one. Each is a separate
 * session, so nothing a transaction sets can be seen here; a committed write is seen by the reads
 * sent after its commit, as on any connection.
 */
type PipeSlot = { client?: pg.Client; connecting?: Promise<pg.Client>; inFlight: number };
type Pipe = { slots: PipeSlot[]; open: () => pg.Client; closed: boolean };
const pipes = new WeakMap<object, Pipe>();
const READ = /^\s*select\b/i;

/**
 * Sends the precompiled reads made on `db` (the root Kysely instance) through `size` pipelined
 * connections made by `open`; returns what closes them. `size` 0: no pipelined reads.
 */
export function usePipelinedReads(db: object, open: () => pg.Client, size: number): () => Promise<void> {
  if (size <= 0) return async () => {};
  const pipe: Pipe = { slots: Array.from({ length: size }, () => ({ inFlight: 0 })), open, closed: false };
  pipes.set(db, pipe);
  return async () => {
    pipe.closed = true;
    pipes.delete(db);
    await Promise.allSettled(
      pipe.slots.map(async (slot) => {
        const client = slot.client;
        slot.client = undefined;
        // One still connecting ends itself when it finds the pipe closed (connectSlot).
        await client?.end();
      }),
    );
  };
}

function connectSlot(pipe: Pipe, slot: PipeSlot): Promise<pg.Client> {
  if (!slot.connecting) {
    const client = pipe.open();
    const drop = () => {
      if (slot.client === client) slot.client = undefined;
    };
    // A lost connection: its reads in flight fail (pg rejects them), the next read opens another.
    client.on('error', drop);
    client.on('end', drop);
    slot.connecting = client.connect().then(
      () => {
        slot.connecting = undefined;
        if (pipe.closed) {
          void client.end();
          throw new Error('Client was closed and is not queryable');
        }
        slot.client = client;
        return client;
      },
      (error: unknown) => {
        slot.connecting = undefined;
        void client.end().catch(() => {});
        throw error;
      },
    );
  }
  return slot.connecting;
}

/**
 * Runs a registered SELECT on a pipelined connection of `db` and answers its rows, or answers
 * undefined when it does not go that way (no pipelined reads for `db`, a transaction, another query).
 */
export function pipelinedRead(db: object, text: string, values: readonly unknown[]): Promise<unknown[]> | undefined {
  const pipe = pipes.get(db);
  if (!pipe) return undefined;
  const name = names.get(text);
  if (!name || !READ.test(text)) return undefined;
  let slot = pipe.slots[0]!;
  for (const s of pipe.slots) if (s.inFlight < slot.inFlight || (s.inFlight === slot.inFlight && s.client && !slot.client)) slot = s;
  slot.inFlight += 1;
  const run = async () => {
    try {
      const client = slot.client ?? (await connectSlot(pipe, slot));
      return (await client.query({ name, text, values: values as unknown[] })).rows as unknown[];
    } finally {
      slot.inFlight -= 1;
    }
  };
  return run();
}
