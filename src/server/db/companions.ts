/**
 * A new record with its companion rows (its audit entry, its search document and keys…), written
 * the same way on both engines by one call: `insertWithCompanions(db, 'calls', row, (id) => [...])`.
 * The companions are built by their own areas (`auditCompanion`, `documentCompanion`) from the new
 * id; the caller's area never branches on the engine.
 *
 * Inside an open transaction the rows are plain inserts in it. Outside one, the records asked for at
 * the same moment are **group-committed**: one durable commit covers all of them, and each caller
 * is answered only after that commit (so an answered record survives a crash exactly as with one
 * commit per request; only the number of fsyncs drops):
 * - SQLite: one IMMEDIATE transaction whose rows are written synchronously on the connection's
 *   cached statements (the write lock held for the SQL alone), one COMMIT whose fsync runs off the
 *   event loop (dialect.ts transactionDeferringSync): the next group is written meanwhile, and the
 *   callers are answered after the fsync. If a record fails, nothing of the group is kept and it is
 *   written again with each record in its own SAVEPOINT (a failing one is undone alone and its
 *   caller gets its own error).
 * - PostgreSQL: the ids come from the tables' sequences, drawn ahead in blocks per process (most
 *   groups draw none: `takeIds`), then every row of the group goes in ONE statement of data-modifying
 *   CTEs (multi-row inserts, atomic by itself: one commit, one WAL flush). If that statement fails,
 *   each record of the group is retried alone, so only the failing one's caller gets the error.
 * While a group is being written the next one gathers, so under load groups grow by themselves.
 */
import { type Kysely, sql } from 'kysely';
import { dialectOf, type SqliteStatement, sqliteStatementsOf, syncCommitted, transactionDeferringSync, whenWriteLockFree, withSavepoint } from './dialect.ts';
import { groupTaker } from './group-queue.ts';
import type { Queryable } from './handles.ts';
import { nameStatement } from './pg-statements.ts';
import { type Params, precompiledBy } from './precompiled.ts';
import type { DB } from './schema.ts';

type TableName = keyof DB & string;
type Row = Record<string, unknown>;

/**
 * A row written with a new record; `dependents` are rows that need the companion's own new id.
 * `merge`: a counter row added to rather than inserted (`insert … on conflict (conflict) do update
 * set a = a + excluded.a` for each `add` column). The merge rows of one table go in one statement
 * (in key order, so writers lock alike), summed first when a group holds the same key twice.
 */
export type Companion = {
  table: TableName;
  row: Row;
  dependents?: (id: number) => { table: TableName; rows: Row[] } | undefined;
  merge?: { conflict: string[]; add: string[] };
};

type Job = {
  table: TableName;
  row: Row;
  companions: (id: number) => Companion[];
  resolve: (id: number) => void;
  reject: (error: unknown) => void;
};

type Lane = { queue: Job[]; inFlight: number; max: number };

/**
 * Groups written at once per database. SQLite: 2 (one connection; the next group is written while the
 * last one's fsync runs off the event loop). PostgreSQL: 1 — a group's statement has a fixed cost
 * (six inserts, their triggers and foreign keys: ~0.4–0.5 ms of backend for one call, about twice a
 * call's share of a four-call group), and with a second group free to start, most groups held one call
 * under load; the records arriving while a group is written wait for it and go together in the next.
 * A lone record still goes at once. (Each worker process has its own lane: two workers, two groups.)
 */
const maxInFlight = (db: Queryable) => (dialectOf(db) === 'postgres' ? 1 : 2);
const lanes = new WeakMap<object, Lane>();

/** Inserts `row` into `table` and the companions built from its new id; answers the id. */
export function insertWithCompanions(db: Queryable, table: TableName, row: Row, companions: (id: number) => Companion[]): Promise<number> {
  if (db.isTransaction) return insertOne(db, table, row, companions);
  return new Promise<number>((resolve, reject) => {
    let lane = lanes.get(db);
    if (!lane) lanes.set(db, (lane = { queue: [], inFlight: 0, max: maxInFlight(db) }));
    lane.queue.push({ table, row, companions, resolve, reject });
    if (lane.queue.length === 1 && lane.inFlight < lane.max) schedule(db as Kysely<DB>, lane);
  });
}

function schedule(db: Kysely<DB>, lane: Lane) {
  lane.inFlight++;
  // The rest of this turn's requests join the group before it is written.
  // SQLite: while another process writes, the group keeps gathering (dialect.ts whenWriteLockFree).
  setImmediate(async () => {
    // SQLite: a peer waiting for the write lock gets its turn first; the group is taken once its
    // transaction has begun, so the records arriving while another process writes join it (dialect.ts withWriteLock).
    await whenWriteLockFree(db);
    let freed = false;
    // SQLite frees the lane at its COMMIT (the fsync runs off the event loop while the next group
    // gathers and writes); PostgreSQL when the group's statement is done.
    const free = () => {
      if (freed) return;
      freed = true;
      lane.inFlight--;
      if (lane.queue.length && lane.inFlight < lane.max) schedule(db, lane);
    };
    const pgJobs = dialectOf(db) === 'postgres' ? lane.queue.splice(0) : undefined;
    const write = !pgJobs ? writeGroupSqlite(db, lane, free) : pgJobs.length ? writeGroupPg(db, pgJobs) : Promise.resolve();
    void write.finally(free);
  });
}

type InsertShape = { table: TableName; columns: string[]; returning: boolean };

/** One INSERT per table and set of columns, built and compiled once (db/precompiled.ts). */
const insertOf = precompiledBy(
  (shape: InsertShape) => (db, p: Params<Row>) => {
    const q = (db as unknown as Kysely<any>).insertInto(shape.table).values(Object.fromEntries(shape.columns.map((c) => [c, p(c)])));
    return shape.returning ? q.returning('id') : q;
  },
  (shape) => `${shape.table}|${shape.returning ? 'id' : ''}|${shape.columns.join(',')}`,
);

const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Inserts one row (answering its new id when asked): precompiled when every value is a plain scalar. */
async function insertRow(db: Queryable, table: TableName, row: Row, returning: boolean): Promise<number | undefined> {
  const columns = Object.keys(row).filter((c) => row[c] !== undefined);
  if (columns.every((c) => isScalar(row[c]))) {
    const rows = (await insertOf({ table, columns, returning }).all(db, row)) as Array<{ id?: unknown }>;
    return returning ? Number(rows[0]!.id) : undefined;
  }
  if (!returning) {
    await (db as Kysely<any>).insertInto(table).values(row).execute();
    return undefined;
  }
  const { id } = await (db as Kysely<any>).insertInto(table).values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

/** The merge companions summed per table and key, each table's rows in key order. */
function mergedRows(companions: Companion[]): Array<{ table: TableName; merge: NonNullable<Companion['merge']>; rows: Row[] }> {
  const byTable = new Map<TableName, { merge: NonNullable<Companion['merge']>; rows: Map<string, Row> }>();
  for (const c of companions) {
    if (!c.merge) continue;
    let t = byTable.get(c.table);
    if (!t) byTable.set(c.table, (t = { merge: c.merge, rows: new Map() }));
    const key = JSON.stringify(c.merge.conflict.map((k) => c.row[k]));
    const had = t.rows.get(key);
    if (!had) t.rows.set(key, { ...c.row });
    else for (const a of c.merge.add) had[a] = Number(had[a]) + Number(c.row[a]);
  }
  return [...byTable.entries()].map(([table, t]) => ({
    table,
    merge: t.merge,
    rows: [...t.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r),
  }));
}

/** `insert … on conflict do update set a = a + excluded.a` of merge rows (one statement). */
function mergeInsert(db: Kysely<any>, table: TableName, merge: NonNullable<Companion['merge']>, rows: Row[]) {
  return db
    .insertInto(table)
    .values(rows)
    .onConflict((oc) => oc.columns(merge.conflict as never).doUpdateSet(Object.fromEntries(merge.add.map((a) => [a, sql`${sql.ref(`${table}.${a}`)} + ${sql.ref(`excluded.${a}`)}`]))));
}

type MergeShape = { table: TableName; columns: string[]; conflict: string[]; add: string[]; rows: number };

/** The merge insert of `rows` rows of one table, built and compiled once per shape; values named `${row}|${column}`. */
const mergeOf = precompiledBy(
  (shape: MergeShape) => (db, p: Params<Row>) =>
    mergeInsert(
      db as unknown as Kysely<any>,
      shape.table,
      { conflict: shape.conflict, add: shape.add },
      Array.from({ length: shape.rows }, (_, i) => Object.fromEntries(shape.columns.map((c) => [c, p(`${i}|${c}`)]))),
    ),
  (shape) => `${shape.table}|${shape.rows}|${shape.columns.join(',')}|${shape.conflict.join(',')}|${shape.add.join(',')}`,
);

/** A value the synchronous SQLite path cannot bind as it is (not a plain scalar): the group is written the usual way. */
class NotPlain extends Error {}

/** SQLite, synchronously on the connection's cached statements: one row inserted (its new id when asked). */
function insertRowSync(conn: { prepare(source: string): SqliteStatement }, db: Queryable, table: TableName, row: Row, returning: boolean): number | undefined {
  const columns = Object.keys(row).filter((c) => row[c] !== undefined);
  if (!columns.every((c) => isScalar(row[c]))) throw new NotPlain();
  const q = insertOf({ table, columns, returning }).compile(db, row);
  const statement = conn.prepare(q.sql);
  if (!returning) {
    statement.run(q.parameters);
    return undefined;
  }
  return Number((statement.all(q.parameters) as Array<{ id: unknown }>)[0]!.id);
}

/** SQLite, synchronously: the merge companions, summed per table and key, one statement per table. */
function mergeSync(conn: { prepare(source: string): SqliteStatement }, db: Queryable, merges: Companion[]): void {
  for (const m of mergedRows(merges)) {
    const columns = Object.keys(m.rows[0]!);
    const params: Row = {};
    m.rows.forEach((r, i) => {
      for (const c of columns) {
        if (!isScalar(r[c])) throw new NotPlain();
        params[`${i}|${c}`] = r[c];
      }
    });
    const q = mergeOf({ table: m.table, columns, conflict: m.merge.conflict, add: m.merge.add, rows: m.rows.length }).compile(db, params);
    conn.prepare(q.sql).run(q.parameters);
  }
}

/**
 * `insertOne` on SQLite without awaiting between statements. The merge companions (counters) are
 * handed to `merges` when given — the caller adds them up with the rest of its group's in one
 * statement per table — and otherwise written here, first, as `insertOne` does.
 */
function insertOneSync(conn: { prepare(source: string): SqliteStatement }, db: Queryable, table: TableName, row: Row, companions: (id: number) => Companion[], merges?: Companion[]): number {
  const newId = insertRowSync(conn, db, table, row, true)!;
  const all = companions(newId);
  if (merges) for (const c of all) if (c.merge) merges.push(c);
  if (!merges) mergeSync(conn, db, all);
  for (const c of all) {
    if (c.merge) continue;
    if (!c.dependents) {
      insertRowSync(conn, db, c.table, c.row, false);
      continue;
    }
    const dep = c.dependents(insertRowSync(conn, db, c.table, c.row, true)!);
    if (dep) for (const r of dep.rows) insertRowSync(conn, db, dep.table, r, false);
  }
  return newId;
}

/** One record, row by row, on the given connection or transaction. */
async function insertOne(db: Queryable, table: TableName, row: Row, companions: (id: number) => Companion[]): Promise<number> {
  const newId = (await insertRow(db, table, row, true))!;
  const all = companions(newId);
  for (const m of mergedRows(all)) await mergeInsert(db as Kysely<any>, m.table, m.merge, m.rows).execute();
  for (const c of all) {
    if (c.merge) continue;
    if (!c.dependents) {
      await insertRow(db, c.table, c.row, false);
      continue;
    }
    const inserted = { id: await insertRow(db, c.table, c.row, true) };
    const dep = c.dependents(Number(inserted.id));
    if (dep && dep.rows.length) await (db as Kysely<any>).insertInto(dep.table).values(dep.rows).execute();
  }
  return newId;
}

/** A record of a group written all at once failed (its error is the cause) or could not be bound as it is (NotPlain). */
class GroupFailed extends Error {}

type Outcome = { ok: true; id: number } | { ok: false; error: unknown };

/**
 * SQLite, the common case: every record of the group at once, synchronously, without a savepoint
 * per record. The write lock, which the other workers wait for, is held for the SQL only: no query
 * building, compiling or awaiting per row, no savepoint to release per record (a registration's
 * rows took ~0.6 ms of CPU under the lock the usual way, of which ~0.1 ms releasing its savepoint).
 * If any record fails (or holds a value the statements cannot bind as it is), the whole transaction
 * is rolled back and undefined answered: nothing of the group was written, and it is written again
 * record by record (`writeEach`), so only the failing one's caller gets the error.
 */
async function writeAllAtOnce(db: Kysely<DB>, conn: { prepare(source: string): SqliteStatement }, take: () => Job[]): Promise<Outcome[] | undefined> {
  let jobs: Job[] = [];
  try {
    return await transactionDeferringSync(db, async (trx) => {
      jobs = take();
      // The group's counters (a registration adds to 4 report rows and its inbox's count) are
      // added up across the group: one statement per table, a row per key, not a row per record.
      const merges: Companion[] = [];
      const outcomes = jobs.map((job): Outcome => {
        try {
          return { ok: true, id: insertOneSync(conn, trx, job.table, job.row, job.companions, merges) };
        } catch (error) {
          throw new GroupFailed('a record of the group failed', { cause: error });
        }
      });
      try {
        mergeSync(conn, trx, merges);
      } catch (error) {
        throw new GroupFailed('the counters of the group failed', { cause: error });
      }
      return outcomes;
    });
  } catch (error) {
    if (!(error instanceof GroupFailed)) throw error;
    // A lone record that failed (and was not merely unbindable): its error is the answer.
    if (jobs.length === 1 && !(error.cause instanceof NotPlain)) return [{ ok: false, error: error.cause }];
    return undefined;
  }
}

/** Each record of the group in its own savepoint: a failing one is undone alone and its caller gets its own error. */
async function writeEach(db: Kysely<DB>, take: () => Job[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  await transactionDeferringSync(db, async (trx) => {
    const jobs = take();
    if (jobs.length === 1) {
      const [job] = jobs;
      outcomes.push({ ok: true, id: await insertOne(trx, job.table, job.row, job.companions) });
      return;
    }
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i];
      try {
        outcomes.push({ ok: true, id: await withSavepoint(trx, `companion_${i}`, () => insertOne(trx, job.table, job.row, job.companions)) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
  });
  return outcomes;
}

async function writeGroupSqlite(db: Kysely<DB>, lane: Lane, committed: () => void): Promise<void> {
  // Taken once the group's transaction has begun (a group that finds the queue empty writes nothing).
  const group = groupTaker(lane.queue);
  let outcomes: Outcome[] | undefined;
  try {
    const conn = sqliteStatementsOf(db);
    if (conn) outcomes = await writeAllAtOnce(db, conn, group.take);
    if (!outcomes) {
      if (conn) await whenWriteLockFree(db);
      outcomes = await writeEach(db, group.take);
    }
    committed();
    if (group.taken()?.length) await syncCommitted(db);
  } catch (error) {
    // One record alone failed, or the BEGIN, the COMMIT or its fsync failed: none of it is answered as saved.
    for (const job of group.failed()) job.reject(error);
    return;
  }
  const jobs = group.taken();
  if (!jobs) return;
  jobs.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) job.resolve(outcome.id);
    else job.reject(outcome.error);
  });
}

async function writeGroupPg(db: Kysely<DB>, jobs: Job[]): Promise<void> {
  try {
    const ids = await writeStatementPg(db, jobs);
    jobs.forEach((job, i) => job.resolve(ids[i]));
  } catch (error) {
    if (jobs.length === 1) {
      jobs[0].reject(error);
      return;
    }
    // Nothing of the group was saved (one statement): each record alone, so only a failing one fails.
    await Promise.all(jobs.map((job) => writeStatementPg(db, [job]).then(([id]) => job.resolve(id), job.reject)));
  }
}

/** Draws `count` ids from the identity sequence of each table, in one round trip. */
async function drawIds(db: Kysely<DB>, wanted: Map<TableName, number>): Promise<Map<TableName, number[]>> {
  const tables = [...wanted.keys()];
  const max = Math.max(...wanted.values());
  const cols = tables.map(
    (t, i) => sql`case when n <= ${wanted.get(t)} then nextval(pg_get_serial_sequence(${t}, 'id')) end as ${sql.ref(`t${i}`)}`,
  );
  // Its text depends only on the number of tables (names and counts are bound): a named statement,
  // parsed and planned once per connection (pg-statements.ts), not on every group.
  const query = sql<Record<string, string | number | null>>`select ${sql.join(cols)} from generate_series(1, ${max}) as n order by n`.compile(db);
  nameStatement(query.sql);
  const { rows } = await db.executeQuery(query);
  return new Map(tables.map((t, i) => [t, rows.map((r) => r[`t${i}`]).filter((v) => v !== null).map(Number)]));
}

/**
 * Ids drawn ahead from each table's sequence, per database handle (PostgreSQL). A group took two
 * round trips just for its ids (the records', then their search documents'), as many as its one
 * statement of rows: each round trip costs the Node process and the backend ~0.1 ms of CPU
 * together, for a group of ~3 calls. Drawn a block at a time instead, most groups draw none.
 * The ids stay unique (the sequence hands each out once) and each process's are increasing; those
 * of two processes interleave by blocks, as nothing orders by id alone across records written at
 * once (lists order by their instant, the id only breaking ties). Ids drawn and never used (a
 * process that stops, a group that fails) are gaps, as a rolled-back insert leaves.
 */
const ID_BLOCK = 64;
const idPools = new WeakMap<object, Map<TableName, number[]>>();

/** `count` ids of each table wanted, from the process's blocks (drawn, with every low block topped up, in one round trip when short). */
async function takeIds(db: Kysely<DB>, wanted: Map<TableName, number>): Promise<Map<TableName, number[]>> {
  let pool = idPools.get(db);
  if (!pool) idPools.set(db, (pool = new Map()));
  for (;;) {
    const short = new Map<TableName, number>();
    for (const [t, n] of wanted) {
      const have = pool.get(t)?.length ?? 0;
      if (have < n) short.set(t, n - have + ID_BLOCK);
    }
    if (!short.size) break;
    for (const [t, ids] of pool) if (!short.has(t) && ids.length < ID_BLOCK / 2) short.set(t, ID_BLOCK);
    const drawn = await drawIds(db, short);
    // Another group may have taken from the blocks meanwhile: checked again above.
    for (const [t, ids] of drawn) {
      const have = pool.get(t);
      if (have) have.push(...ids);
      else pool.set(t, ids);
    }
  }
  return new Map([...wanted].map(([t, n]) => [t, pool.get(t)!.splice(0, n)]));
}

/** Every row of the group in one statement; answers the new ids in the jobs' order. */
async function writeStatementPg(db: Kysely<DB>, jobs: Job[]): Promise<number[]> {
  const mains = new Map<TableName, number>();
  for (const job of jobs) mains.set(job.table, (mains.get(job.table) ?? 0) + 1);
  const mainIds = await takeIds(db, mains);
  const ids = jobs.map((job) => mainIds.get(job.table)!.shift()!);

  const rowsByTable = new Map<TableName, Row[]>();
  const add = (table: TableName, row: Row) => {
    let rows = rowsByTable.get(table);
    if (!rows) rowsByTable.set(table, (rows = []));
    rows.push(row);
  };
  const withDependents: Companion[] = [];
  const merges: Companion[] = [];
  jobs.forEach((job, i) => {
    add(job.table, { ...job.row, id: ids[i] });
    for (const c of job.companions(ids[i])) {
      if (c.merge) merges.push(c);
      else if (c.dependents) withDependents.push(c);
      else add(c.table, c.row);
    }
  });
  if (withDependents.length) {
    const wanted = new Map<TableName, number>();
    for (const c of withDependents) wanted.set(c.table, (wanted.get(c.table) ?? 0) + 1);
    const drawn = await takeIds(db, wanted);
    for (const c of withDependents) {
      const id = drawn.get(c.table)!.shift()!;
      add(c.table, { ...c.row, id });
      const dep = c.dependents!(id);
      if (dep) for (const r of dep.rows) add(dep.table, r);
    }
  }

  // Parents first (the foreign keys of one statement are checked at its end, but keep the order
  // readable): every table once, as a multi-row insert.
  const entries = [...rowsByTable.entries()];
  const merged = mergedRows(merges);
  const pre = groupShapeOf(merged, entries);
  if (pre) {
    await groupStatementOf(pre.shape).all(db, pre.params as unknown as Row);
    return ids;
  }
  let q: any = db;
  merged.forEach((m, i) => {
    q = q.with(`m${i}`, (w: Kysely<any>) => mergeInsert(w, m.table, m.merge, m.rows));
  });
  entries.slice(0, -1).forEach(([table, rows], i) => {
    q = q.with(`w${i}`, (w: Kysely<any>) => w.insertInto(table).values(rows));
  });
  const [lastTable, lastRows] = entries[entries.length - 1];
  await q.insertInto(lastTable).values(lastRows).execute();
  return ids;
}

type TablePart = { table: TableName; columns: string[]; rows: number };
type GroupShape = { merges: Array<TablePart & { conflict: string[]; add: string[] }>; inserts: TablePart[] };

/**
 * Rows of `t` as placeholders named by their position in the group's flat list of values (from
 * `start`: each row's columns in order, row after row), the order groupShapeOf lists them in.
 */
const placeholderRows = (p: Params<Row>, start: number, t: TablePart) =>
  Array.from({ length: t.rows }, (_, r) => Object.fromEntries(t.columns.map((c, k) => [c, p(String(start + r * t.columns.length + k))])));

/**
 * The group's statement (writeStatementPg: its merges and inserts as data-modifying CTEs), built and
 * compiled once per shape (tables, columns, row counts) instead of by Kysely for every group, and
 * run as a named statement (planned once per connection). Its parameters are the group's values as
 * one array (groupShapeOf), each placeholder named by its index in it.
 */
const groupStatementOf = precompiledBy(
  (s: GroupShape) => (db, p: Params<Row>) => {
    let q: any = db;
    let start = 0;
    const next = (t: TablePart) => {
      const at = start;
      start += t.rows * t.columns.length;
      return at;
    };
    s.merges.forEach((m, i) => {
      const at = next(m);
      q = q.with(`m${i}`, (w: Kysely<any>) => mergeInsert(w, m.table, { conflict: m.conflict, add: m.add }, placeholderRows(p, at, m)));
    });
    s.inserts.slice(0, -1).forEach((t, i) => {
      const at = next(t);
      q = q.with(`w${i}`, (w: Kysely<any>) => w.insertInto(t.table).values(placeholderRows(p, at, t)));
    });
    const last = s.inserts[s.inserts.length - 1];
    return q.insertInto(last.table).values(placeholderRows(p, next(last), last));
  },
  (s) => JSON.stringify(s),
);

/**
 * The group's shape and values for groupStatementOf (every value in one array: each part's rows in
 * turn, each row's columns in order), or undefined (written through Kysely as built) when a table's
 * rows do not all have the same columns or a value is not a plain scalar.
 */
function groupShapeOf(
  merged: Array<{ table: TableName; merge: NonNullable<Companion['merge']>; rows: Row[] }>,
  entries: Array<[TableName, Row[]]>,
): { shape: GroupShape; params: unknown[] } | undefined {
  const params: unknown[] = [];
  const part = (table: TableName, rows: Row[]): TablePart | undefined => {
    const first = rows[0];
    const columns: string[] = [];
    for (const c in first) if (first[c] !== undefined) columns.push(c);
    for (const row of rows) {
      let n = 0;
      for (const c in row) if (row[c] !== undefined) n++;
      if (n !== columns.length) return undefined;
      for (const c of columns) {
        const v = row[c];
        if (v === undefined || !isScalar(v)) return undefined;
        params.push(v);
      }
    }
    return { table, columns, rows: rows.length };
  };
  const shape: GroupShape = { merges: [], inserts: [] };
  for (const m of merged) {
    const t = part(m.table, m.rows);
    if (!t) return undefined;
    shape.merges.push({ ...t, conflict: m.merge.conflict, add: m.merge.add });
  }
  for (const [table, rows] of entries) {
    const t = part(table, rows);
    if (!t) return undefined;
    shape.inserts.push(t);
  }
  return { shape, params };
}
