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
import { createRequire } from 'node:module';
import pg from 'pg';

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
/** A read: a SELECT, or a WITH whose statements only read (a data-modifying CTE keeps the pool). */
const SELECT = /^\s*select\b/i;
const WITH = /^\s*with\b/i;
const WRITES = /\b(insert|update|delete|merge)\b/i;
const isRead = (text: string) => SELECT.test(text) || (WITH.test(text) && !WRITES.test(text));

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
export function pipelinedRead(db: object, text: string, values: readonly unknown[], kind: 'key' | 'any' = 'any'): Promise<unknown[]> | undefined {
  const pipe = pipes.get(db);
  if (!pipe) return undefined;
  const name = names.get(text);
  if (!name || !isRead(text)) return undefined;
  // A read by key (a few rows by id, tens of µs of SQL) always goes to the first connection: the
  // reads of the requests handled in the same turn leave in one write and are answered back to back
  // by one backend (customer detail, 5 at once: Node 125 → 88–104 µs and backend 41 → 30–34 µs per
  // request against spreading them over two connections). Longer reads (pages) go to the connection
  // with the fewest in flight, so two backends work on them at once.
  let slot = pipe.slots[0]!;
  if (kind !== 'key') for (const s of pipe.slots) if (s.inFlight < slot.inFlight || (s.inFlight === slot.inFlight && s.client && !slot.client)) slot = s;
  slot.inFlight += 1;
  const run = async () => {
    try {
      const client = slot.client ?? (await connectSlot(pipe, slot));
      return await new Promise<unknown[]>((resolve, reject) => {
        (client.query as (q: object) => unknown)(new (PipedRead as unknown as PipedReadClass)(name, text, values, (error, rows) => (error ? reject(error) : resolve(rows!))));
      });
    } finally {
      slot.inFlight -= 1;
    }
  };
  return run();
}

/**
 * One pipelined read, as pg's own Query would run it (Parse once per connection, Bind, Execute,
 * Sync, in the text format), with less work per execution, for the by-id reads every request makes:
 * - the row description is asked for (Describe) only on the statement's first run on a connection:
 *   a named statement's columns cannot change on it (PostgreSQL refuses to run it instead: "cached
 *   plan must not change result type"), so later runs reuse the function built from it, which
 *   writes each row as one object literal (the keys in the columns' order, the type parsers of
 *   pg.types, a later column of the same name winning, as pg's Result does) instead of parsing
 *   the description and assigning the values one by one;
 * - no Query, EventEmitter, Result or promise chain of pg's per read: the callback answers;
 * - the messages of every read written in the same turn of the event loop leave in one write
 *   (the socket is corked until `setImmediate`): several requests' reads reach the backend in one
 *   packet, and it answers them back to back.
 * pg refuses custom query classes on a pipelined client (a cursor would keep a portal open across
 * round trips); this one is a Query to it (its prototype), and keeps no portal open.
 */
type Row = Record<string, unknown>;
type RowOf = (values: Array<string | null>) => Row;
type Field = { name: string; dataTypeID: number; format: string };
type PgConnection = {
  stream: { cork(): void; uncork(): void };
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(q: { text: string; name: string }): void;
  bind(q: { statement: string; values: readonly unknown[]; valueMapper: (v: unknown) => unknown }): void;
  describe(q: { type: 'P'; name: string }): void;
  execute(q: { portal: string }): void;
  sync(): void;
};
type Callback = (error: Error | null, rows?: Row[]) => void;
type PipedReadClass = new (name: string, text: string, values: readonly unknown[], callback: Callback) => object;
type PipedReadThis = {
  name: string;
  text: string;
  values: readonly unknown[];
  callback: Callback;
  answer: Row[];
  rowOf?: RowOf;
  failed?: Error;
  done: boolean;
  connection?: PgConnection;
};

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => unknown };
/** pg-types' parser for a type it leaves as text (the value as it came). */
const AS_TEXT = pg.types.getTypeParser(0 as never, 'text');
/** Per connection: the row function of each named statement described on it. */
const described = new WeakMap<object, Map<string, RowOf>>();
/** Connections corked until the end of this turn of the event loop. */
const corked = new Set<PgConnection['stream']>();

function rowFunction(fields: Field[]): RowOf {
  const parsers = fields.map((f) => pg.types.getTypeParser(f.dataTypeID, (f.format || 'text') as 'text'));
  if (fields.some((f) => f.format === 'binary' || f.name === '__proto__')) {
    // Not sent by this code (Bind asks for text); kept general as pg's Result is: every key defined
    // first from an object without prototype, so `__proto__` stays a column as in pg's rows.
    const empty: Row = Object.create(null);
    for (const f of fields) empty[f.name] = null;
    return (values) => {
      const row: Row = { ...empty };
      fields.forEach((f, i) => {
        const v = values[i];
        row[f.name] = v === null || v === undefined ? null : parsers[i]!(f.format === 'binary' ? (Buffer.from(v) as never) : v);
      });
      return row;
    };
  }
  const entries = fields.map((f, i) => `${JSON.stringify(f.name)}: ${parsers[i] === AS_TEXT ? `r[${i}]` : `r[${i}] === null ? null : p[${i}](r[${i}])`}`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- keys are column names, quoted by JSON.stringify
  const build = new Function('p', 'r', `return {${entries.join(', ')}};`) as (p: unknown[], r: Array<string | null>) => Row;
  return (values) => build(parsers, values);
}

function PipedRead(this: PipedReadThis, name: string, text: string, values: readonly unknown[], callback: Callback) {
  this.name = name;
  this.text = text;
  this.values = values;
  this.callback = callback;
  this.answer = [];
  this.done = false;
}
Object.setPrototypeOf(PipedRead.prototype, pg.Query.prototype);
Object.assign(PipedRead.prototype, {
  submit(this: PipedReadThis, connection: PgConnection): null {
    this.connection = connection;
    const stream = connection.stream;
    if (!corked.has(stream)) {
      corked.add(stream);
      stream.cork();
      setImmediate(() => {
        corked.delete(stream);
        stream.uncork();
      });
    }
    if (connection.parsedStatements[this.name] === undefined && connection.submittedNamedStatements[this.name] === undefined) {
      connection.parse({ text: this.text, name: this.name });
      connection.submittedNamedStatements[this.name] = this.text;
    }
    connection.bind({ statement: this.name, values: this.values, valueMapper: prepareValue });
    this.rowOf = described.get(connection)?.get(this.name);
    if (!this.rowOf) connection.describe({ type: 'P', name: '' });
    connection.execute({ portal: '' });
    connection.sync();
    return null;
  },
  handleRowDescription(this: PipedReadThis, msg: { fields: Field[] }) {
    this.rowOf = rowFunction(msg.fields);
    const connection = this.connection!;
    let byName = described.get(connection);
    if (!byName) described.set(connection, (byName = new Map()));
    byName.set(this.name, this.rowOf);
  },
  handleDataRow(this: PipedReadThis, msg: { fields: Array<string | null> }) {
    if (this.failed) return;
    try {
      this.answer.push(this.rowOf!(msg.fields));
    } catch (error) {
      this.failed = error as Error;
    }
  },
  handleCommandComplete() {},
  handleEmptyQuery() {},
  handleError(this: PipedReadThis, error: Error) {
    if (this.done) return;
    this.done = true;
    this.callback(this.failed ?? error);
  },
  handleReadyForQuery(this: PipedReadThis) {
    if (this.done) return;
    this.done = true;
    if (this.failed) this.callback(this.failed);
    else this.callback(null, this.answer);
  },
});
