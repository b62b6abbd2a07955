/**
 * Every difference between SQLite and PostgreSQL lives here: connection setup, value conversion,
 * locking and full-text search syntax. Repositories call these helpers instead of branching.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { type Expression, Kysely, type OperationNodeSource, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type RawBuilder, type SqliteDatabase as SqliteKyselyDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import { onPeerMessage, tellPeers } from '../cluster.ts';
import type { DatabaseConfig } from '../config.ts';
import type { DialectName, Queryable } from './handles.ts';
import { useNamedStatements, usePipelinedReads } from './pg-statements.ts';
import { ensurePrivateFile, makeSqliteFilesPrivate } from './private-files.ts';

export type { DialectName } from './handles.ts';

const requireHere = createRequire(import.meta.url);

// PostgreSQL hands back Date objects and strings for bigints; we want the same shapes as SQLite:
// ISO-8601 UTC strings for instants, YYYY-MM-DD for dates, numbers for bigint ids and cents.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1184, (v) => isoInstant(v, '+00'));
pg.types.setTypeParser(1114, (v) => isoInstant(v, ''));
pg.types.setTypeParser(1082, (v) => v);

/**
 * PostgreSQL's text of an instant — timestamptz in a UTC session (`2026-11-30 21:54:44.123456+00`,
 * zone '+00') or a timestamp (zone '') — as `new Date(…).toISOString()` writes it (milliseconds,
 * the rest of the fraction cut off), built from the text itself: Date's parser was ~0.9 µs of the
 * ~1 µs per value, and a page of 50 calls carries 150 of them. Any other form (another zone
 * offset, a year before 1000 or after 9999, BC, infinity, another DateStyle) goes through Date
 * as before.
 */
export function isoInstant(v: string, zone: '+00' | ''): string {
  const end = v.length - zone.length;
  if (
    (end === 19 || (end >= 21 && end <= 26 && v.charCodeAt(19) === 46)) &&
    v.charCodeAt(4) === 45 &&
    v.charCodeAt(10) === 32 &&
    v.charCodeAt(0) > 48 &&
    v.charCodeAt(0) <= 57 &&
    (zone === '' || v.endsWith(zone)) &&
    ISO_TEXT.test(v.slice(0, end))
  ) {
    const ms = end === 19 ? '000' : `${v.slice(20, Math.min(end, 23))}00`.slice(0, 3);
    return `${v.slice(0, 10)}T${v.slice(11, 19)}.${ms}Z`;
  }
  return new Date(zone ? v : `${v}Z`).toISOString();
}
const ISO_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$/;

/** better-sqlite3 refuses JS booleans and Dates; convert them at the one place values enter SQLite. */
function toSqliteValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/**
 * What Kysely sees of better-sqlite3: prepared statements are cached by their SQL (preparing is a
 * tenth of the CPU time of a simple request otherwise) and parameters are converted on the way in.
 * Kysely runs one query at a time on its single SQLite connection, so a cached statement is never
 * in use twice at once.
 *
 * Kysely opens transactions with a plain (deferred) BEGIN. Several processes write to one file
 * under `serve --workers N`: a deferred transaction that read first and then writes fails with
 * SQLITE_BUSY at once when another process wrote in between (the busy timeout cannot help it), so
 * transactions begin IMMEDIATE: they take the write lock first, waiting up to the busy timeout.
 */
type RowBuilder = (values: unknown[]) => Record<string, unknown>;

/**
 * A function that turns one row of a raw (array) result into the object better-sqlite3 would have
 * built, with the keys in the same order (a later column of the same name wins, as it does there).
 * better-sqlite3 builds each row object key by key; an object literal of fixed shape costs about
 * half as much CPU for wide rows (a page of 51 calls: 1.1 → 0.55 ms). Undefined when a column name
 * cannot be an object-literal key safely (`__proto__`): that statement keeps the native objects.
 */
function rowBuilder(names: string[]): RowBuilder | undefined {
  if (names.includes('__proto__')) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- keys are column names, quoted by JSON.stringify
  return new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as RowBuilder;
}

type CachedStatement = {
  reader: boolean;
  all(params: ReadonlyArray<unknown>): unknown[];
  run(params: ReadonlyArray<unknown>): SqliteDatabase.RunResult;
  iterate(params: ReadonlyArray<unknown>): IterableIterator<unknown>;
};

const DDL = /^\s*(create|alter|drop)\b/i;

/** A statement of the SQLite connection's cache, run synchronously (values converted as for Kysely). */
export type SqliteStatement = Pick<CachedStatement, 'all' | 'run'>;
type SqliteConnection = SqliteKyselyDatabase & { prepare(source: string): CachedStatement };
const sqliteConnections = new WeakMap<object, SqliteConnection>();

/**
 * SQLite: the database's one connection as Kysely runs it (same statement cache, same value
 * conversions), for a writer that runs a whole group of statements synchronously inside a
 * transaction it opened through Kysely (companions.ts): no building, compiling or awaiting between
 * the statements, so the write lock is held for the SQL alone. Pass the database, not a transaction
 * object; the caller must be inside that database's transaction (Kysely holds its one connection,
 * so nothing else runs in between). Undefined on PostgreSQL.
 */
export function sqliteStatementsOf(db: Queryable): { prepare(source: string): SqliteStatement } | undefined {
  return sqliteConnections.get(db);
}

function wrapSqlite(db: SqliteDatabase.Database, probe?: WriteProbe): SqliteConnection {
  const cache = new Map<string, CachedStatement>();
  const convert = (params: ReadonlyArray<unknown>) => params.map(toSqliteValue);
  const wrap = (st: SqliteDatabase.Statement): CachedStatement => {
    const names = st.reader ? st.columns().map((c) => c.name) : [];
    let width = names.length;
    let build = st.reader ? rowBuilder(names) : undefined;
    if (build) st.raw(true);
    const toRows = (rows: unknown[][]): unknown[] => {
      // A schema change makes SQLite re-prepare the statement (`select *` may gain a column).
      if (rows.length && rows[0]!.length !== width) {
        const now = st.columns().map((c) => c.name);
        width = now.length;
        build = rowBuilder(now)!;
      }
      const out = rows as unknown[];
      for (let i = 0; i < rows.length; i++) out[i] = build!(rows[i]!);
      return out;
    };
    return {
      reader: st.reader,
      all: build ? (params) => toRows(st.all(convert(params)) as unknown[][]) : (params) => st.all(convert(params)),
      run: (params) => st.run(convert(params)),
      iterate: build
        ? function* (params) {
            for (const row of st.iterate(convert(params)) as IterableIterator<unknown[]>) yield toRows([row])[0];
          }
        : (params) => st.iterate(convert(params)) as IterableIterator<unknown>,
    };
  };
  return {
    close: () => {
      if (probe) closeProbe(probe);
      db.close();
    },
    prepare(source: string) {
      let stmt = cache.get(source);
      if (!stmt) {
        // A statement prepared before a schema change would keep the old columns' names.
        if (DDL.test(source)) cache.clear();
        stmt = wrap(db.prepare(source === 'begin' ? 'begin immediate' : source));
        if (source === 'begin' && probe) {
          // Kysely's BEGIN of a transaction withWriteLock has already begun (it holds the connection meanwhile).
          const begin = stmt.run;
          stmt.run = (params) => {
            if (!probe.begun) return begin(params);
            probe.begun = false;
            return { changes: 0, lastInsertRowid: 0 };
          };
        }
        if (cache.size >= 1000) cache.delete(cache.keys().next().value as string);
        cache.set(source, stmt);
      }
      return stmt;
    },
  };
}

/**
 * SQLite, several processes on one file (`serve --workers N`): waiting for the write lock without
 * blocking the event loop. A BEGIN IMMEDIATE that finds another process writing waits in SQLite's
 * busy handler, which *sleeps* the thread (1, 2, 5, 10… ms): better-sqlite3 runs on the main thread,
 * so the whole process stood still — no request parsed, no validation read, no group gathering —
 * for as long as the other process wrote and fsync'd (measured: 24–33 ms per group at load 18, a
 * fifth of a registration's time). Write transactions of a file database therefore begin without
 * the busy timeout and, while another process holds the lock, try again on the next timer tick (or
 * when the holder says it is free), the event loop going on meanwhile (withWriteLock). PostgreSQL
 * and in-memory SQLite: plain transactions.
 */
type WriteProbe = {
  file: string;
  main: SqliteDatabase.Database;
  closed: boolean;
  /** withWriteLock's own BEGIN IMMEDIATE, prepared once. */
  begin?: SqliteDatabase.Statement;
  /** withWriteLock began the transaction Kysely is about to begin: its BEGIN is skipped once. */
  begun?: boolean;
  /** The write-ahead log, opened for fsync on first use. */
  walFd?: number;
  /** The fsync running now, and the one queued behind it (it covers every commit made meanwhile). */
  syncing?: Promise<void>;
  queued?: Promise<void>;
  /** Group transactions so far, the thread that checkpoints the log instead (see checkpointing), its last nudge. */
  groups?: number;
  checkpointer?: Worker;
  nudgedAt?: number;
  /** The thread's RESTART checkpoint in progress (see checkpointing): this process's groups wait for it. */
  restarting?: Promise<void>;
  restarted?: () => void;
};
const writeProbes = new WeakMap<object, WriteProbe>();

function closeProbe(probe: WriteProbe) {
  probe.closed = true;
  probe.checkpointer?.postMessage('close');
  probe.checkpointer = undefined;
  const fd = probe.walFd;
  probe.walFd = undefined;
  // After any fsync still running on it.
  if (fd !== undefined) void Promise.allSettled([probe.syncing, probe.queued]).then(() => fs.close(fd, () => {}));
}

/**
 * Group commit with the fsync off the event loop (SQLite on disk). With `synchronous=FULL` a COMMIT
 * in WAL mode writes the transaction's frames to the log and fsyncs it — on the main thread
 * (better-sqlite3 is synchronous), so the whole process stood still for every fsync of a group
 * (~11 ms per group measured on the bench machine, holding SQLite's write lock all along). A group
 * writer instead runs its transaction through `transactionDeferringSync`: that one transaction runs with
 * `synchronous=NORMAL` (its COMMIT writes the frames to the log without an fsync and releases the
 * write lock at once; SQLite refuses to change the setting inside a transaction, so it is set just
 * before BEGIN) and the connection is back to FULL right after it, before any other statement of
 * the process, so no other transaction ever commits without its fsync. The writer then awaits
 * `syncCommitted(db)` — an fsync of the log file on libuv's thread pool — before it answers any
 * request of the group. Durability is unchanged: a request is answered only after an fsync that
 * started after its COMMIT, and the log is replayed in order, so a later commit can never survive a
 * crash that loses an earlier one. Meanwhile the event loop parses,
 * validates and gathers the next group, which may already commit; one fsync covers every commit
 * made before it started. (Other processes may read a committed row a few milliseconds before its
 * fsync ends; PostgreSQL shows a commit only after its WAL flush. No answer depends on that.)
 *
 * PostgreSQL and in-memory SQLite: a plain transaction, and `syncCommitted` resolves at once.
 */
export async function transactionDeferringSync<D, T>(db: Kysely<D>, fn: (trx: Transaction<D>) => Promise<T>, opts: { wakePeers?: boolean } = {}): Promise<T> {
  const probe = writeProbes.get(db);
  if (!probe || probe.closed) return db.transaction().execute(fn);
  return withWriteLock(db, probe, fn, true, opts.wakePeers ?? false);
}

/**
 * A write transaction (BEGIN IMMEDIATE) that waits for another process's write lock without blocking
 * the event loop (see withWriteLock); `fn` runs once the lock is this process's. PostgreSQL and
 * in-memory SQLite: a plain transaction.
 */
export async function writeTransaction<D, T>(db: Kysely<D>, fn: (trx: Transaction<D>) => Promise<T>): Promise<T> {
  const probe = writeProbes.get(db);
  if (!probe || probe.closed) return db.transaction().execute(fn);
  return withWriteLock(db, probe, fn, false, false);
}

/**
 * How long a write transaction waits for the write lock held by another process before it fails
 * with SQLITE_BUSY (a 503): the 2 s the old probe waited plus the 5 s busy timeout its BEGIN then
 * had, so a CLI, a backup or a migration holding the lock is waited for at least as long as before.
 */
export const writeLockWaitMs = { value: 7_000 };

const isBusy = (error: unknown) => Boolean((error as { code?: string } | null)?.code?.startsWith('SQLITE_BUSY'));

/**
 * The write lock taken without sleeping (SQLite file). The transaction's BEGIN IMMEDIATE runs with
 * the busy timeout off: when another process holds the lock it fails at once (SQLITE_BUSY, nothing
 * begun, `fn` not run), Kysely's connection is given back (this process's reads go on) and the BEGIN
 * is tried again at the next timer tick, or at once when the holder says at its COMMIT that the lock
 * is free (WRITE_FREE) — up to writeLockWaitMs, then its SQLITE_BUSY is the error. The BEGIN is the
 * probe: nothing takes the lock only to give it back. Before, a second connection took and gave back
 * the lock to find it free and the real BEGIN followed with the 5 s busy timeout; a peer's probe or
 * BEGIN landing between the two (woken by WRITE_FREE at the same instant the holder began its next
 * group) made the loser *sleep* in SQLite's busy handler (≥ 1 ms, the whole event loop stopped).
 * Once begun, the busy timeout is back at 5 s for the rest of the transaction. `fn` runs only with the
 * lock held, so a group writer that takes its requests inside `fn` gathers those that arrived while it
 * waited. A RESTART checkpoint of this process's thread is waited for first (see checkpointing).
 */
async function withWriteLock<D, T>(db: Kysely<D>, probe: WriteProbe, fn: (trx: Transaction<D>) => Promise<T>, deferSync: boolean, wakePeers: boolean): Promise<T> {
  // The bound counts from the first BEGIN that found another process's lock: time queued behind this
  // process's own connection (Kysely's one connection, its other transactions) is not a wait for the lock.
  let busySince = 0;
  let toldAt = 0;
  for (;;) {
    if (probe.restarting) await probe.restarting;
    let busy = false;
    // The connection is held from before BEGIN to after COMMIT (Kysely runs every statement of this
    // process through it), so no other statement runs while the settings below are changed, and the
    // BEGIN Kysely sends next is this transaction's.
    const result = await db.connection().execute(async (conn) => {
      const main = probe.main;
      const begin = (probe.begin ??= main.prepare('begin immediate'));
      // Past the wait's bound: this try's SQLITE_BUSY is the error.
      const last = busySince !== 0 && Date.now() - busySince >= writeLockWaitMs.value;
      // SQLite refuses to change it inside a transaction: set just before BEGIN.
      if (deferSync) main.pragma('synchronous = NORMAL');
      let begun = false;
      try {
        // Tried here, not through Kysely's transaction: a try that finds the lock held costs one failed
        // statement, not a transaction's machinery and its rejected promises (a worker waiting 2 s:
        // 128–157 against 166–172 µs of CPU per ms waited). Kysely's BEGIN is then skipped (probe.begun).
        // (A pragma takes effect when prepared: db.pragma prepares it each time.)
        main.pragma('busy_timeout = 0');
        try {
          begin.run();
        } catch (error) {
          if (!last && isBusy(error)) {
            busy = true;
            return undefined as T;
          }
          throw error;
        } finally {
          main.pragma('busy_timeout = 5000');
        }
        begun = probe.begun = true;
        return await conn.transaction().execute((trx) => {
          // The lock is this process's: a peer letting a turn pass for it may go on (giveWay).
          if (toldAt) tellPeers(WRITE_TAKEN);
          return fn(trx);
        });
      } finally {
        if (probe.begun) {
          // Kysely never sent its BEGIN (it failed before): the transaction begun here ends here.
          probe.begun = false;
          if (main.inTransaction) main.exec('rollback');
        }
        if (deferSync) main.pragma('synchronous = FULL');
        if (begun && wakePeers) tellLockFree();
      }
    });
    if (!busy) return result;
    busySince ||= Date.now();
    if (Date.now() - toldAt > 50) {
      tellPeers(WRITE_WAIT);
      toldAt = Date.now();
    }
    await nextTry();
  }
}

/**
 * Checkpoints off the event loop too. SQLite copies the log back into the database file when it
 * passes 1,000 pages, inside the COMMIT that crossed the mark, with two fsyncs (log, then database) —
 * on the main thread again, every few groups (a registration dirties ~20 pages of its 15 indexes).
 * After `checkpointing.after` group transactions (a busy server, not a test's few writes) the
 * process's connection stops checkpointing by itself (`wal_autocheckpoint = 0`) and a worker thread
 * with its own connection runs `wal_checkpoint(PASSIVE)` — which never blocks writers or readers —
 * when nudged after a group's fsync (at most every `everyMs`). If the thread cannot start, the
 * connection keeps checkpointing by itself. On close the connection checkpoints as always.
 *
 * A PASSIVE checkpoint alone lets the log grow without end under sustained writes: SQLite starts the
 * log over only when a writer begins after a checkpoint has copied every frame, and with groups
 * committed every few milliseconds a new frame is always appended before the copy ends. Measured on
 * the bench file: the log grew ~100 MB per second of intakes (550 MB in a 10 s run) until the load
 * stopped, every append extending the file (block allocation in each fsync) and every page read
 * searching a longer log index. So once the log passes `restartFrames` frames the thread runs a
 * RESTART checkpoint: it waits for the writer in turn (up to `restartWaitMs`), copies the few frames
 * the PASSIVE one left and waits for the readers of the old frames, and the next writer starts the
 * log over from its beginning. This process's groups wait for it as for another process's group
 * (withWriteLock); other processes' groups wait at their BEGIN. `journal_size_limit`
 * (openSqlite) then gives back what a burst grew the file beyond that.
 */
export const checkpointing = { after: 50, everyMs: 50, restartFrames: 16_384, restartWaitMs: 200, restartRetryMs: 1_000, readerBehindFrames: 4_096 };

const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
db.pragma('cache_size = 64');
let restartAfter = 0;
let busyRestarts = 0;
// The log's end at the last RESTART: until a writer starts the log over, nudges queued meanwhile find it unchanged.
let restartedAt = -1;
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const passive = db.pragma('wal_checkpoint(PASSIVE)')[0];
    // A reader of a much older snapshot (a long report, an export, a backup's VACUUM INTO; here or in another
    // process) kept the PASSIVE one from copying more than readerBehindFrames frames: a RESTART would hold the write
    // lock for restartWaitMs waiting for it, again at every nudge while it reads (60 groups took 2.5 s instead of
    // 0.1-0.3 s). A short read pins a few groups' frames at most. And after two RESTARTs in a row that found the lock
    // or a reader busy (a reader of the newest snapshot), none for restartRetryMs.
    const behind = passive.log - passive.checkpointed;
    if (passive.log < message.restartFrames || passive.log === restartedAt || behind > message.readerBehindFrames || Date.now() < restartAfter) return parentPort.postMessage(passive);
    // This process's groups wait for it (withWriteLock): only other processes' writers are waited for.
    parentPort.postMessage({ restarting: true });
    db.pragma('busy_timeout = ' + message.restartWaitMs);
    try {
      const restart = db.pragma('wal_checkpoint(RESTART)')[0];
      // One busy RESTART may be a group holding the lock longer than restartWaitMs (a loaded machine): try again at
      // the next nudge. Two in a row: a reader holds the log; wait restartRetryMs.
      busyRestarts = restart.busy ? busyRestarts + 1 : 0;
      if (!restart.busy) restartedAt = restart.log;
      if (busyRestarts >= 2) {
        busyRestarts = 0;
        restartAfter = Date.now() + message.restartRetryMs;
      }
      parentPort.postMessage({ ...restart, restart: true });
    } finally {
      db.pragma('busy_timeout = 0');
    }
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;

function nudgeCheckpointer(probe: WriteProbe) {
  probe.groups = (probe.groups ?? 0) + 1;
  if (probe.closed || probe.groups < checkpointing.after) return;
  if (!probe.checkpointer) {
    try {
      const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file: probe.file, driver: requireHere.resolve('better-sqlite3') } });
      worker.unref();
      worker.on('error', () => {
        // Back to checkpointing on the connection itself.
        if (probe.checkpointer === worker) probe.checkpointer = undefined;
        probe.groups = Number.NEGATIVE_INFINITY;
        if (!probe.closed) probe.main.pragma('wal_autocheckpoint = 1000');
      });
      worker.on('message', (message: { restarting?: boolean }) => {
        if (message.restarting) {
          // One wait at a time: the thread posts its result after each RESTART, in order.
          if (probe.restarting) return;
          probe.restarting = new Promise<void>((resolve) => {
            // Not unref'd: a process whose only pending work is a group waiting here (a CLI) must not exit meanwhile.
            const timer = setTimeout(() => done(), checkpointing.restartWaitMs + 50);
            const done = () => {
              clearTimeout(timer);
              if (probe.restarted === done) probe.restarting = probe.restarted = undefined;
              resolve();
            };
            probe.restarted = done;
          });
        } else if (probe.restarted) {
          probe.restarted();
          // The RESTART checkpoint held the write lock: a peer waiting for it may go.
          tellLockFree();
        }
      });
      probe.checkpointer = worker;
      probe.main.pragma('wal_autocheckpoint = 0');
    } catch {
      probe.groups = Number.NEGATIVE_INFINITY;
      return;
    }
  }
  const now = Date.now();
  if (now - (probe.nudgedAt ?? 0) < checkpointing.everyMs) return;
  probe.nudgedAt = now;
  probe.checkpointer.postMessage({ restartFrames: checkpointing.restartFrames, restartWaitMs: checkpointing.restartWaitMs, restartRetryMs: checkpointing.restartRetryMs, readerBehindFrames: checkpointing.readerBehindFrames });
}

/** Resolves once every COMMIT this process made before the call is on disk (transactionDeferringSync). */
export function syncCommitted(db: Queryable): Promise<void> {
  const probe = writeProbes.get(db);
  if (!probe || probe.closed) return Promise.resolve();
  // A queued fsync has not started yet: it covers this caller's commits too.
  if (probe.queued) return probe.queued;
  if (!probe.syncing) return startSync(probe);
  // The running fsync may have started before this caller's COMMIT: one more after it.
  const queued = probe.syncing.then(
    () => undefined,
    () => undefined,
  ).then(() => {
    probe.queued = undefined;
    return startSync(probe);
  });
  probe.queued = queued;
  return queued;
}

function startSync(probe: WriteProbe): Promise<void> {
  const run: Promise<void> = new Promise<void>((resolve, reject) => {
    const sync = (fd: number) => fs.fsync(fd, (error) => (error ? reject(error) : resolve()));
    if (probe.walFd !== undefined) return sync(probe.walFd);
    fs.open(`${probe.file}-wal`, 'r', (error, fd) => {
      if (error) return reject(error);
      if (!probe.closed) return sync((probe.walFd = fd));
      fs.fsync(fd, (e) => fs.close(fd, () => (e ? reject(e) : resolve())));
    });
  }).finally(() => {
    if (probe.syncing === run) probe.syncing = undefined;
    nudgeCheckpointer(probe);
  });
  probe.syncing = run;
  return run;
}

/**
 * Fairness between the workers of `serve --workers N`: SQLite hands the lock to whoever asks first
 * after it is freed, and a busy process asks again within microseconds of its own commit, so the
 * other one (polling every millisecond) could wait seconds. A waiting worker (its BEGIN found the lock
 * held) tells its peers (through the primary, cluster.ts); a worker told so lets one turn pass before
 * its next group (until the waiter says its transaction has begun, at most 5 ms). Hints only: a lost
 * message costs a wait, never a write.
 *
 * The wake-up: a waiting worker tries its BEGIN again every timer tick (setTimeout(1): 1.1–1.5 ms
 * apart), so after the holder's COMMIT the lock lay free ~0.5–1 ms on average before the waiter
 * took it — at every handoff, and under load the two workers hand it over after almost every group.
 * A group writer whose peers said they waited in the last 100 ms tells them at its COMMIT
 * (WRITE_FREE, through the primary; `transactionDeferringSync(…, { wakePeers: true })`); a waiter told
 * so tries its BEGIN at once instead of at its next tick. The tick stays: a message lost or late costs
 * the tick, as before. Only the intakes' group writer (group-commit.ts) tells: their groups hold the
 * lock ~1 ms per intake and the lock is what caps them. Call registrations (companions.ts) hold it
 * ~0.5 ms per group and are capped by CPU: each hint costs the primary ~50–60 µs, and a waiter that
 * takes the lock sooner writes smaller groups (CPU per registration over HTTP 1,547/1,611 →
 * 1,772/1,816 µs when they told too, load ~9).
 */
const WRITE_WAIT = 'sqlite-write-wait';
const WRITE_TAKEN = 'sqlite-write-taken';
const WRITE_FREE = 'sqlite-write-free';
let peerWaitsUntil = 0;
/** When a peer last said it waited for the lock (not reset when it takes it: it will wait again). */
let peerWaitedAt = Number.NEGATIVE_INFINITY;
const givingWay = new Set<() => void>();
const waitingForFree = new Set<() => void>();
onPeerMessage(WRITE_WAIT, () => {
  peerWaitsUntil = Date.now() + 100;
  peerWaitedAt = Date.now();
});
onPeerMessage(WRITE_TAKEN, () => {
  peerWaitsUntil = 0;
  for (const done of [...givingWay]) done();
});
onPeerMessage(WRITE_FREE, () => {
  for (const done of [...waitingForFree]) done();
});

/** After a group's COMMIT (or rollback): the write lock is free; a peer that waited lately tries it at once. */
function tellLockFree() {
  if (Date.now() - peerWaitedAt < 100) tellPeers(WRITE_FREE);
}

/** Resolves after `ms`, or sooner when a peer's message calls one of `wakers` (the waits below). */
function waitOrWake(wakers: Set<() => void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wakers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    wakers.add(done);
  });
}

/** The next timer tick, or sooner when a peer says it has just given the write lock back. */
const nextTry = () => waitOrWake(waitingForFree, 1);

/** One turn for a waiting peer: until it says it has the lock, at most 5 ms. */
const giveWay = () => waitOrWake(givingWay, 5);

/**
 * Where a group writer gathers before it writes (SQLite file with peers): while this process's
 * thread runs a RESTART checkpoint, and one turn for a peer that said it waits (giveWay). The wait
 * for another process's write lock itself is the transaction's BEGIN (withWriteLock), which a group
 * writer should let take its requests. Resolves at once elsewhere, and while this process's own
 * connection is in a transaction (Kysely's connection queue hands it over in turn).
 */
export async function whenWriteLockFree(db: Queryable): Promise<void> {
  const probe = writeProbes.get(db);
  if (!probe || probe.closed || probe.main.inTransaction) return;
  if (probe.restarting) await probe.restarting;
  if (peerWaitsUntil > Date.now()) await giveWay();
}

/** Which database a server uses, as its start-up line says it. */
export function describeDatabase(config: DatabaseConfig): string {
  return config.dialect === 'sqlite' ? `SQLite ${path.resolve(config.file)}` : 'PostgreSQL';
}

export function openSqlite(file: string): SqliteDatabase.Database {
  // Owner-only files whatever the umask (private-files.ts).
  const onDisk = file !== ':memory:' && file !== '';
  if (onDisk) ensurePrivateFile(file);
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  if (onDisk) makeSqliteFilesPrivate(file);
  // FULL: an acknowledged commit survives a power cut (NORMAL in WAL mode may lose the last ones).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // The log file is cut back to 64 MB when it starts over (see checkpointing): a burst does not keep its size.
  db.pragma('journal_size_limit = 67108864');
  // Read pages straight from the OS page cache instead of copying them through read(): about a
  // quarter less CPU for lists that touch many rows (the call inbox reads 50 calls and 7 joins).
  // 2 GB less 64 KB: the most this build of SQLite maps (SQLITE_MAX_MMAP_SIZE); a larger value is
  // cut to it. The map covers the start of the file (the older rows and index pages).
  db.pragma('mmap_size = 2147418112');
  if (onDisk) optimizeSqlite(db);
  return db;
}

/**
 * Table statistics for SQLite's planner, as SQLite recommends for long-lived connections: `PRAGMA
 * optimize=0x10002` when a connection opens (ANALYZE every table whose row count changed tenfold
 * since its statistics, or that has an index without them) and after a schema change (migrate).
 * Usually a no-op. Without statistics the planner takes the wrong index for some reports (the
 * activities and time reports read the whole period instead of a covering range). A connection that
 * finds the file locked by another process's write skips it: statistics are never worth a failed start.
 */
export function optimizeSqlite(db: SqliteDatabase.Database): void {
  try {
    db.pragma('optimize = 0x10002');
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
  }
}

export function createKysely<DB>(config: DatabaseConfig): { db: Kysely<DB>; dialect: DialectName; pool?: pg.Pool; sqlite?: SqliteDatabase.Database } {
  if (config.dialect === 'sqlite') {
    const raw = openSqlite(config.file);
    const onDisk = config.file !== ':memory:' && config.file !== '';
    const probe: WriteProbe | undefined = onDisk ? { file: config.file, main: raw, closed: false } : undefined;
    const connection = wrapSqlite(raw, probe);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: connection }) });
    sqliteConnections.set(db, connection);
    if (probe) writeProbes.set(db, probe);
    return { db, dialect: 'sqlite', sqlite: raw };
  }
  const connection = {
    connectionString: config.url,
    // While PostgreSQL is down a request waits at most this long for a connection, then gets a 503.
    connectionTimeoutMillis: 5_000,
    // Unordered reads with a LIMIT ("the first matches" of a search) return the same rows every
    // time: a sequential scan of a large table otherwise starts wherever another scan of it is.
    options: '-c synchronize_seqscans=off',
  };
  const pool = new pg.Pool({ ...connection, max: Number(process.env.ATIENDE_PG_POOL ?? 10) });
  // A connection lost while PostgreSQL restarts or fails over emits 'error': on an idle client the
  // pool re-emits it, on a checked-out client the client itself does. An 'error' event without a
  // listener ends the process, so both are handled: the broken client is dropped (pg-pool never
  // hands out a client that is no longer queryable), its query rejects (a 503 for the request), and
  // the next checkout opens a new connection — the server reconnects by itself.
  pool.on('error', (error) => logConnectionError(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => logConnectionError(error));
    // The precompiled queries as named statements: parsed and planned once per connection.
    useNamedStatements(client);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // Precompiled reads outside transactions on a few pipelined connections (pg-statements.ts);
  // ATIENDE_PG_PIPELINES=0 sends them through the pool like every other query.
  const closePipes = usePipelinedReads(db, () => new pg.Client({ ...connection, pipeline: true } as pg.ClientConfig), Number(process.env.ATIENDE_PG_PIPELINES ?? 2));
  // Kysely's destroy() ends the pool: the pipelined connections end with it.
  const endPool = pool.end.bind(pool) as () => Promise<void>;
  (pool as { end: unknown }).end = async () => {
    await closePipes();
    return endPool();
  };
  return { db, dialect: 'postgres', pool };
}

let lastConnectionLog = 0;
let suppressed = 0;
/** One line per 5 s at most: a restart breaks every pooled connection at once. */
function logConnectionError(error: Error) {
  const now = Date.now();
  if (now - lastConnectionLog < 5_000) {
    suppressed += 1;
    return;
  }
  lastConnectionLog = now;
  console.error(`PostgreSQL connection lost: ${error.message}${suppressed ? ` (and ${suppressed} more)` : ''}`);
  suppressed = 0;
}

const UNAVAILABLE_CODES = new Set([
  // Node socket errors while connecting or talking to PostgreSQL
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections,
  // connection_exception family, read-only standby after a failover
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '25006',
  // SQLite: the file stayed locked past busy_timeout
  'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED',
]);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end/i;

/**
 * True when `error` says the database cannot be reached right now (restart, failover, locked file)
 * rather than that the request was wrong: the API answers 503 with Retry-After instead of 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  // Connecting to "localhost" tries ::1 and 127.0.0.1: both refusals arrive as one AggregateError.
  return error instanceof AggregateError && error.errors.some(isDatabaseUnavailable);
}

export function toBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}

/** JSON columns: jsonb in PostgreSQL (parsed by pg), text in SQLite. Always write a string. */
export function toJson(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
export function fromJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return v as T;
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Case- and accent-insensitive text the search index and "contains" filters compare against. */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Full-text match on the `search_documents` index. SQLite: FTS5 table `search_fts` (external
 * content, rowid = search_documents.id). PostgreSQL: generated tsvector column `tsv` with GIN.
 * `terms` are already folded and contain only [a-z0-9]; each is matched as a prefix.
 */
function ftsQuery(dialect: DialectName, terms: string[], opts: { wholeWordsAbove?: number } = {}): string {
  const above = opts.wholeWordsAbove ?? Infinity;
  return dialect === 'sqlite' ? terms.map((t) => (t.length > above ? `"${t}"` : `"${t}"*`)).join(' ') : terms.map((t) => `${t}:*`).join(' & ');
}

/**
 * PostgreSQL: the document types found through the prefix index (migration 2026-12-01-2300): their
 * words and their prefixes of 2 to PREFIX_MAX letters, `search_prefixes(tsv)`; every other type
 * through the GIN index of `tsv` itself. Both partial indexes' predicates are written in full in
 * every match so that the planner uses them.
 */
const PREFIX_TYPES = ['customer', 'contact'];
const PREFIX_MAX = 6;
const inPrefixTypes = sql<boolean>`sd.entity_type in ('customer', 'contact')`;
const notInPrefixTypes = sql<boolean>`sd.entity_type not in ('customer', 'contact')`;

/** The terms as a query of the prefix index: a term of 2–6 letters is one of its words, a longer or shorter one a prefix. */
function prefixIndexQuery(terms: string[]): string {
  return terms.map((t) => (t.length >= 2 && t.length <= PREFIX_MAX ? t : `${t}:*`)).join(' & ');
}

/**
 * PostgreSQL: documents holding every term as a word prefix, through both partial indexes (one
 * BitmapOr). `entityType` keeps one branch only.
 *
 * `search_prefixes()` costs ~10 µs a row, so no read may check it on rows one by one (a sequential
 * read, a filter): it stays in index conditions only, or comes after a cheaper check of the whole
 * query, `ts_match_vq` (@@ as a function: no index answers it; ~1 µs), which the planner runs first,
 * so that it is built for matching customers and contacts only (`checked`, or a customer or contact
 * type). That check lowers the planner's estimate of the matches (it counts it as a third), so it
 * is not added where a sequential read must stay possible.
 * `others`: the other types' index is asked these terms only (the rare ones: see firstMatchesPlan);
 * every term is then checked on what it returns.
 */
function textMatch(terms: string[], opts: { others?: string[]; entityType?: string; checked?: boolean } = {}): RawBuilder<boolean> {
  const prefixes = sql<boolean>`${inPrefixTypes} and search_prefixes(sd.tsv) @@ to_tsquery('simple', ${prefixIndexQuery(terms)})`;
  const others = sql<boolean>`${notInPrefixTypes} and sd.tsv @@ to_tsquery('simple', ${ftsQuery('postgres', opts.others ?? terms)})`;
  const check = sql<boolean>`ts_match_vq(sd.tsv, to_tsquery('simple', ${ftsQuery('postgres', terms)}))`;
  if (opts.entityType !== undefined) return PREFIX_TYPES.includes(opts.entityType) ? sql<boolean>`${prefixes} and ${check}` : others;
  const either = sql<boolean>`((${prefixes}) or (${others}))`;
  if (opts.others) return sql<boolean>`${either} and (${inPrefixTypes} or ${check})`;
  return opts.checked ? sql<boolean>`${either} and ${check}` : either;
}

/**
 * `sd.id` matches: for filters that need every match (a list sorted by another key). With
 * `entityType` (the caller keeps that type only) PostgreSQL reads that type's index only.
 */
export function fullTextCondition(dialect: DialectName, terms: string[], entityType?: string): RawBuilder<boolean> {
  const q = ftsQuery(dialect, terms);
  if (dialect === 'sqlite') return sql<boolean>`sd.id in (select rowid from search_fts where search_fts match ${q})`;
  return textMatch(terms, { entityType });
}

export type TextSource = { from: RawBuilder<unknown>; where: RawBuilder<boolean> };

/**
 * FROM and WHERE for "the first matches": on SQLite the scan is driven from the FTS index (CROSS
 * JOIN keeps that order) so a LIMIT stops it early instead of collecting every match of a common
 * prefix first. The documents are aliased `sd`.
 */
export function fullTextSource(dialect: DialectName, terms: string[], opts: { wholeWordsAbove?: number } = {}): TextSource {
  const q = ftsQuery(dialect, terms, opts);
  if (dialect === 'sqlite') {
    return { from: sql`search_fts cross join search_documents sd on sd.id = search_fts.rowid`, where: sql<boolean>`search_fts match ${q}` };
  }
  return { from: sql`search_documents sd`, where: textMatch(terms) };
}

/** PostgreSQL: share of documents a term prefix counts as common from (see firstMatchesPlan). */
const COMMON_PREFIX = 0.01;
/**
 * PostgreSQL: table pages the bounded first read looks at (256 pages = 2 MB, ~5,000 documents of the
 * bench), from the first page on, in the table's order (the order the full query returns them in).
 */
let probePages = 256;
/** The probe's size in pages; tests set a small one to have common terms exceed it. Returns the previous size. */
export function setSearchProbePages(pages: number): number {
  const previous = probePages;
  probePages = Math.max(1, Math.floor(pages));
  return previous;
}
/**
 * PostgreSQL: share of documents from which a single prefix below COMMON_PREFIX is still probed
 * first ("jose", "mari": 0.6–0.7 %, 15,000–22,000 documents, 10–13 ms of GIN bitmap that cannot
 * stop at the LIMIT; mostly names, which crowd the table's first pages: the probe fills 100 there in
 * ~1.5 ms). A probe that does not fill costs ~3 ms before the full query.
 */
let singleProbeShare = 0.005;
/** The single-prefix probe's threshold; tests set 0 to have every single prefix probed first. Returns the previous one. */
export function setSearchSingleProbeShare(share: number): number {
  const previous = singleProbeShare;
  singleProbeShare = share;
  return previous;
}
const FREQUENCIES_TTL_MS = 10 * 60_000;
const frequencies = new WeakMap<object, { until: number; lexemes: Promise<Array<[string, number]>> }>();

/** Reads the statistics again on the next search (after an ANALYZE that should count at once: tests). */
export function forgetTermStatistics(db: Queryable): void {
  frequencies.delete(db);
}

/**
 * The share of documents holding each frequent word, from PostgreSQL's own statistics of the
 * `tsv` column (its most common elements, kept by ANALYZE/autovacuum); read once per 10 minutes.
 */
function lexemeFrequencies(db: Queryable): Promise<Array<[string, number]>> {
  const hit = frequencies.get(db);
  if (hit && hit.until > Date.now()) return hit.lexemes;
  const lexemes = sql<{ elems: string[] | null; freqs: number[] | null }>`
    select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs from pg_stats
    where schemaname = current_schema() and tablename = 'search_documents' and attname = 'tsv'`
    .execute(db)
    .then(({ rows }) => {
      const { elems, freqs } = rows[0] ?? { elems: null, freqs: null };
      const found = (elems ?? []).map((e, i): [string, number] => [e, Number(freqs?.[i] ?? 0)]);
      // No statistics yet (a new database before its first ANALYZE): ask again next time.
      if (!found.length) frequencies.delete(db);
      return found;
    })
    .catch(() => {
      frequencies.delete(db);
      return [] as Array<[string, number]>;
    });
  frequencies.set(db, { until: Date.now() + FREQUENCIES_TTL_MS, lexemes });
  return lexemes;
}

/**
 * The ways to read "the first matches" of `terms`, in the order to try them: each but the last
 * answers only when it fills the caller's LIMIT (what it finds are matches of the whole query too,
 * so the answer is the same kind: the first matches, no ranking).
 *
 * - SQLite: long terms first as whole words (FTS5 reads a whole word lazily and stops at the LIMIT;
 *   a prefix longer than its 2–4-letter prefix indexes first merges every matching term), then the
 *   prefixes.
 * - PostgreSQL: a GIN bitmap scan cannot stop at the LIMIT, and a prefix term collects every
 *   document of every word it starts (27,804 for "comu prop": 40–270 ms). The planner estimates two
 *   terms as independent, so for "comu prop" it expects 2,743 matches and picks the bitmap. Using
 *   the column statistics: when every term is common, a bounded read of the table's first 256 pages
 *   (~5,000 documents) in table order (the order the full query returns them in) with the match as a
 *   filter (stops at the LIMIT; at most 256 pages when it fails), then the full query; when some terms are rare, the index is asked for the rare ones only and the whole
 *   query is checked on what it returns (a common prefix is never collected). A single prefix just
 *   under "common" (singleProbeShare) is probed first too, unless the search is limited to some
 *   types (`typed`: the probe's first pages would hold few of them).
 */
export async function firstMatchesPlan(db: Queryable, dialect: DialectName, terms: string[], opts: { typed?: boolean } = {}): Promise<TextSource[]> {
  if (dialect === 'sqlite') {
    const prefix = fullTextSource(dialect, terms);
    return terms.some((t) => t.length > 4) ? [fullTextSource(dialect, terms, { wholeWordsAbove: 4 }), prefix] : [prefix];
  }
  const full = fullTextSource(dialect, terms);
  const lexemes = await lexemeFrequencies(db);
  const share = (term: string) => lexemes.reduce((sum, [lexeme, f]) => (lexeme.startsWith(term) ? sum + f : sum), 0);
  const rare = terms.filter((t) => share(t) < COMMON_PREFIX);
  const q = ftsQuery(dialect, terms);
  // A TID range scan: it always starts at the first page. A sequential scan with a LIMIT (the
  // first version of this probe) may start wherever another scan of the table is
  // (synchronize_seqscans), so the same query found different matches from one run to the next.
  const probe = (): TextSource => ({
    from: sql`(select id, entity_type, entity_id, customer_id, title, subtitle, tsv from search_documents where ctid < ${sql.lit(`(${probePages},0)`)}::tid) sd`,
    where: sql<boolean>`ts_match_vq(sd.tsv, to_tsquery('simple', ${q}))`,
  });
  if (rare.length === terms.length) return terms.length === 1 && opts.typed !== true && share(terms[0]) >= singleProbeShare ? [probe(), full] : [full];
  // Every term common. One: the table read from its first page on, checking each document (a
  // common word's matches are met early; the plan PostgreSQL chose for it with one index too).
  // Several: both indexes, every term checked on what they return.
  if (rare.length === 0)
    return [probe(), terms.length === 1 ? { from: sql`search_documents sd`, where: sql<boolean>`ts_match_vq(sd.tsv, to_tsquery('simple', ${q}))` } : { from: sql`search_documents sd`, where: textMatch(terms, { checked: true }) }];
  // ts_match_vq is @@ as a function: the planner cannot use the index for it, only for the rare terms.
  // The prefix index's branch asks every term (whole entries intersected without collecting a prefix).
  return [{ from: sql`search_documents sd`, where: textMatch(terms, { others: rare }) }];
}

/**
 * The rows of a child table that refer to the row being read, as one JSON array in a scalar subquery
 * of the parent's statement (a call's notes and postponements in the call's own read: one statement
 * instead of three). Each row an object keyed by `columns`, ordered by `orderBy`:
 * `json_agg(json_build_object(…) order by …)` on PostgreSQL (`[]` when none),
 * `json_group_array(json_object(…) order by …)` on SQLite. Read the value with `fromJsonRows`.
 */
export function jsonRows(
  db: Queryable,
  child: { table: string; columns: readonly string[]; key: string; equals: Expression<unknown>; orderBy: string },
): RawBuilder<unknown> {
  const pairs = sql.join(child.columns.map((c) => sql`${sql.lit(c)}, j.${sql.id(c)}`));
  const from = sql`from ${sql.table(child.table)} j where j.${sql.id(child.key)} = ${child.equals}`;
  const order = sql`order by j.${sql.id(child.orderBy)}`;
  if (dialectOf(db) === 'postgres') return sql`(select coalesce(json_agg(json_build_object(${pairs}) ${order}), '[]'::json) ${from})`;
  return sql`(select json_group_array(json_object(${pairs}) ${order}) ${from})`;
}

/**
 * The rows of a `jsonRows` column, as a read of the table itself would have answered them: SQLite
 * hands the array as text; PostgreSQL parses it, but writes a timestamptz into JSON in its own form
 * (`2026-11-30T21:54:44.123456+00:00`), so the `instants` columns are turned into the ISO-8601 UTC
 * strings the type parser above gives for a column.
 */
export function fromJsonRows<T>(db: Queryable, value: unknown, instants: readonly string[] = []): T[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Array<Record<string, unknown>>;
  if (instants.length && dialectOf(db) === 'postgres') {
    for (const row of rows) {
      for (const c of instants) {
        const v = row[c];
        if (typeof v === 'string') row[c] = new Date(v).toISOString();
      }
    }
  }
  return rows as T[];
}

/** `FOR UPDATE` on PostgreSQL; SQLite serialises writers, so it needs no row lock. */
export function forUpdate<T extends { forUpdate(): T }>(dialect: DialectName, qb: T): T {
  return dialect === 'postgres' ? qb.forUpdate() : qb;
}

/** Case-insensitive LIKE: SQLite's LIKE already is (for ASCII); PostgreSQL needs ILIKE. */
export function ilike(dialect: DialectName): 'like' | 'ilike' {
  return dialect === 'postgres' ? 'ilike' : 'like';
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * The row-picking subquery of a claim (`UPDATE … WHERE id = (SELECT id … LIMIT 1) RETURNING *`):
 * on PostgreSQL `FOR UPDATE SKIP LOCKED`, so concurrent claimers on several app servers pass over a
 * row another one is taking instead of waiting for it and taking it too; SQLite serialises writers,
 * so the single UPDATE statement is already atomic there.
 */
export function skipLocked<T extends { forUpdate(): T; skipLocked(): T }>(dialect: DialectName, qb: T): T {
  return dialect === 'postgres' ? qb.forUpdate().skipLocked() : qb;
}

/**
 * Runs `fn` inside a SAVEPOINT of the open transaction `db`: if it throws, only its own writes are
 * undone and the error is rethrown; the outer transaction goes on. Same syntax on both engines.
 */
export async function withSavepoint<T>(db: Queryable, name: string, fn: () => Promise<T>): Promise<T> {
  if (!db.isTransaction) throw new Error('withSavepoint needs an open transaction');
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad savepoint name ${name}`);
  await sql`savepoint ${sql.raw(name)}`.execute(db);
  try {
    const result = await fn();
    await sql`release savepoint ${sql.raw(name)}`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(db);
    await sql`release savepoint ${sql.raw(name)}`.execute(db);
    throw error;
  }
}

/**
 * Whole seconds from one instant to another (null when either is null): julianday arithmetic on
 * SQLite's ISO text, epoch arithmetic on PostgreSQL's timestamptz. Reports aggregate durations
 * in SQL with it.
 */
export function secondsBetweenSql(db: Queryable, from: Expression<unknown>, to: Expression<unknown>): RawBuilder<number | null> {
  if (dialectOf(db) === 'sqlite') return sql<number | null>`cast(round((julianday(${to}) - julianday(${from})) * 86400) as integer)`;
  return sql<number | null>`cast(round(extract(epoch from (${to} - ${from}))) as bigint)`;
}

/**
 * Whole milliseconds from one instant to another (null when either is null), exact for the
 * millisecond instants the app stores: SQLite keeps julianday as integer milliseconds, so the
 * difference rounds back to them; PostgreSQL's epoch is exact. For comparisons that must agree with
 * `Date.parse` arithmetic to the millisecond (a gap of exactly N days).
 */
export function millisecondsBetweenSql(db: Queryable, from: Expression<unknown>, to: Expression<unknown>): RawBuilder<number | null> {
  if (dialectOf(db) === 'sqlite') return sql<number | null>`cast(round((julianday(${to}) - julianday(${from})) * 86400000) as integer)`;
  return sql<number | null>`cast(round(extract(epoch from (${to} - ${from})) * 1000) as bigint)`;
}

/** A text column ordered by code point (as SQLite's binary collation does; PostgreSQL's database collation would not): `collate "C"` there. */
export function binaryOrderSql(db: Queryable, ref: string): RawBuilder<unknown> {
  return dialectOf(db) === 'sqlite' ? sql`${sql.ref(ref)}` : sql`${sql.ref(ref)} collate "C"`;
}

/** Which engine a query runner speaks, read from the runner itself (for helpers that need no ctx). */
export function dialectOf(db: Queryable): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Locks the rows a SELECT reads until the transaction ends: `FOR UPDATE` on PostgreSQL, so two app
 * servers taking the same row (a chain head, a counter) queue one behind the other; SQLite has one
 * writer at a time, so the open write transaction already excludes everyone else.
 */
export function lockRows<T extends { forUpdate(): T }>(db: Queryable, qb: T): T {
  return forUpdate(dialectOf(db), qb);
}

/**
 * Inside a transaction, makes writers of `table` wait until it ends (readers go on), so a recount
 * from the table sees every change and none happens before it commits: `LOCK TABLE … IN SHARE MODE`
 * on PostgreSQL; SQLite's transactions already begin IMMEDIATE (one writer at a time).
 */
export async function lockAgainstWrites(db: Queryable, table: string): Promise<void> {
  if (!db.isTransaction) throw new Error('lockAgainstWrites needs an open transaction');
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`bad table name ${table}`);
  if (dialectOf(db) === 'postgres') await sql`lock table ${sql.raw(table)} in share mode`.execute(db);
}

/**
 * Inside a transaction, makes other transactions that lock any of the same keys wait until it ends:
 * PostgreSQL transaction-level advisory locks (taken in sorted order, so two writers never wait on
 * each other crosswise); SQLite's transactions already begin IMMEDIATE (one writer at a time).
 */
export async function lockKeys(db: Queryable, keys: string[]): Promise<void> {
  if (dialectOf(db) !== 'postgres' || keys.length === 0) return;
  if (!db.isTransaction) throw new Error('lockKeys needs an open transaction');
  for (const key of [...new Set(keys)].sort()) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

/** `FOR UPDATE SKIP LOCKED` on PostgreSQL for a claim, read from the runner (see skipLocked). */
export function claimRows<T extends { forUpdate(): T; skipLocked(): T }>(db: Queryable, qb: T): T {
  return skipLocked(dialectOf(db), qb);
}

/**
 * Like fullTextSource, but a document matches when it has ANY of the terms (each as a prefix):
 * "cases sharing some word", driven from the full-text index so a LIMIT stops the scan early. The
 * caller keeps `entityType`'s documents only (on PostgreSQL only that type's index is read).
 */
export function fullTextAnySource(dialect: DialectName, terms: string[], entityType: string): { from: RawBuilder<unknown>; where: RawBuilder<boolean> } {
  const q = dialect === 'sqlite' ? terms.map((t) => `"${t}"*`).join(' OR ') : terms.map((t) => `${t}:*`).join(' | ');
  if (dialect === 'sqlite') {
    return { from: sql`search_fts cross join search_documents sd on sd.id = search_fts.rowid`, where: sql<boolean>`search_fts match ${q}` };
  }
  // PostgreSQL: the matches collected through the GIN index first (OFFSET 0 keeps the subquery
  // apart): under a small LIMIT the planner otherwise reads the table in physical order, filtering
  // (4.3 s cold for "pierde presi": 1,397,041 customer, contact and unit documents before the first incident).
  // The type's own partial index (see textMatch); the prefix index's query for customers and contacts.
  const match = PREFIX_TYPES.includes(entityType)
    ? sql<boolean>`${inPrefixTypes} and ts_match_vq(sd.tsv, to_tsquery('simple', ${q})) and search_prefixes(sd.tsv) @@ to_tsquery('simple', ${terms.map((t) => (t.length >= 2 && t.length <= PREFIX_MAX ? t : `${t}:*`)).join(' | ')})`
    : sql<boolean>`${notInPrefixTypes} and sd.tsv @@ to_tsquery('simple', ${q})`;
  return { from: sql`(select sd.id, sd.entity_type, sd.entity_id from search_documents sd where ${match} and sd.entity_type = ${entityType} offset 0) sd`, where: sql<boolean>`true` };
}

/**
 * Runs data-changing statements whose results nobody reads (upserts of counters…) in one round trip
 * on PostgreSQL — all but the last as data-modifying CTEs of the last, which see the same snapshot,
 * so they must touch different rows — and one after another on SQLite (in-process, no round trip).
 */
export async function executeTogether(db: Queryable, queries: Array<{ execute(): Promise<unknown> } & OperationNodeSource>): Promise<void> {
  if (queries.length === 0) return;
  if (dialectOf(db) !== 'postgres') {
    for (const q of queries) await q.execute();
    return;
  }
  await togetherOnPostgres(db, queries);
}

/** PostgreSQL's limit on the parameters of one statement (a 16-bit count in its wire protocol). */
export const PG_MAX_PARAMETERS = 65_535;

/**
 * The statements as CTEs of one statement, compiled once; a statement that would bind more than
 * PostgreSQL takes (a summary rebuilt in one go: tens of thousands of rows) is split in halves, run
 * one after the other in the same transaction.
 */
async function togetherOnPostgres(db: Queryable, queries: Array<{ execute(): Promise<unknown> } & OperationNodeSource>): Promise<void> {
  if (queries.length === 1) {
    await queries[0]!.execute();
    return;
  }
  const ctes = queries.slice(0, -1).map((q, k) => sql`${sql.raw(`w${k}`)} as (${q})`);
  const compiled = sql`with ${sql.join(ctes)} ${queries[queries.length - 1]}`.compile(db);
  if (compiled.parameters.length <= PG_MAX_PARAMETERS) {
    await db.executeQuery(compiled);
    return;
  }
  const half = Math.ceil(queries.length / 2);
  await togetherOnPostgres(db, queries.slice(0, half));
  await togetherOnPostgres(db, queries.slice(half));
}

/** A column of `updateFromValues`: its name and its PostgreSQL type (for the casts of the VALUES list). */
export type ValuesColumn = { name: string; pgType: 'bigint' | 'integer' | 'text' | 'timestamptz' | 'boolean' };

/**
 * Many rows of one table updated in one statement, each with its own values, only the columns
 * named: `WITH v(k…, c…) AS (VALUES (…), (…)) UPDATE t SET c = v.c … FROM v WHERE t.k = v.k`, in
 * chunks of `chunk` rows. Both engines read that text (SQLite ≥ 3.33 has UPDATE … FROM); a bound
 * parameter in a VALUES list is untyped text on PostgreSQL, so there each value is cast to its
 * column's type, and SQLite (whose CAST would change the stored text) gets the bare values.
 * Returns how many rows were updated.
 */
export async function updateFromValues(
  db: Queryable,
  table: string,
  keys: ValuesColumn[],
  set: ValuesColumn[],
  rows: Array<Record<string, unknown>>,
  chunk = 500,
): Promise<number> {
  if (rows.length === 0) return 0;
  const postgres = dialectOf(db) === 'postgres';
  const columns = [...keys, ...set];
  const value = (c: ValuesColumn, v: unknown) => (postgres ? sql`cast(${v ?? null} as ${sql.raw(c.pgType)})` : sql`${v ?? null}`);
  let updated = 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r) => sql`(${sql.join(columns.map((c) => value(c, r[c.name])))})`);
    const r = await sql`with v (${sql.join(columns.map((c) => sql.id(c.name)))}) as (values ${sql.join(values)})
      update ${sql.table(table)} set ${sql.join(set.map((c) => sql`${sql.id(c.name)} = v.${sql.id(c.name)}`))}
      from v where ${sql.join(
        keys.map((k) => sql`${sql.table(table)}.${sql.id(k.name)} = v.${sql.id(k.name)}`),
        sql` and `,
      )}`.execute(db);
    updated += Number(r.numAffectedRows ?? 0);
  }
  return updated;
}

/**
 * "`lower <= at < upper`" as one condition an index can answer whole: on PostgreSQL the range
 * `[least(lower, upper), upper)` holding `at` (a GiST expression index of the same range answers it:
 * the running clocks' spans, migration 2026-12-01-2200); `least` keeps the range valid whatever the
 * row holds, so callers check both ends again. SQLite has no such index: undefined, the caller reads
 * its own way.
 */
export function spanHolds(db: Queryable, lower: RawBuilder<unknown>, upper: RawBuilder<unknown>, at: string): RawBuilder<boolean> | undefined {
  return dialectOf(db) === 'postgres' ? sql<boolean>`tstzrange(least(${lower}, ${upper}), ${upper}) @> cast(${at} as timestamptz)` : undefined;
}

/**
 * `INDEXED BY <index>` after a table name on SQLite, nothing on PostgreSQL: for a read whose best
 * index SQLite's planner cannot see (it prefers an index that yields the ORDER BY even when the
 * other range is a hundred times narrower); PostgreSQL's statistics choose by themselves.
 */
export function indexedBy(db: Queryable, index: string): RawBuilder<unknown> {
  return dialectOf(db) === 'sqlite' ? sql`indexed by ${sql.id(index)}` : sql``;
}

/**
 * A boolean written into the SQL text (not bound): `1`/`0` on SQLite, `true`/`false` on
 * PostgreSQL, so a partial index declared `where is_open = 1` / `= true` is seen by the planner.
 */
export function boolLiteral(db: Queryable, value: boolean): RawBuilder<unknown> {
  return dialectOf(db) === 'sqlite' ? sql.lit(value ? 1 : 0) : sql.lit(value);
}
