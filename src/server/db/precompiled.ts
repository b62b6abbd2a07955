/**
 * Queries built and compiled once, then run with new parameters. Kysely builds an operation tree
 * and compiles it to SQL on every execution; for the hottest reads and writes (a call's detail, the
 * rows of an inbox page, the inserts of a registration) that was more CPU than the database itself
 * (`node --cpu-prof`: building and compiling 20–25 % of a call detail, the SQL 8 %).
 *
 *   const byId = precompiled((db, p: Params<{ id: number }>) => db.selectFrom('calls').selectAll().where('id', '=', p('id')));
 *   const row = await byId.takeFirst(ctx.db, { id: 7 });
 *
 * The builder runs once per engine with placeholder values (`p(name)`); the compiled SQL is kept
 * and each later run binds the real values in their places, so the SQL text and the prepared
 * statement (dialect.ts caches SQLite's by text) are the same every time. Only scalar parameters
 * can be placeholders: a list whose length varies (`in (…)`) is a different query per length
 * (`precompiledBy`). Works on the database and inside a transaction alike (the rows are what the
 * built query would answer: no plugins are installed on our Kysely instances).
 */
import { CompiledQuery, type Compilable, type Kysely, sql } from 'kysely';
import { dialectOf, executeTogether, updateFromValues, type ValuesColumn } from './dialect.ts';
import { nameStatement, pipelinedRead } from './pg-statements.ts';
import type { DialectName, Queryable } from './handles.ts';
import type { DB } from './schema.ts';

const MARK = '\u0000atiende-param:';

/** The placeholder of a named parameter, typed as the value it stands for. */
export type Params<P> = <K extends keyof P & string>(name: K) => P[K];

type Slot = { name: string } | { value: unknown };
/** `positional`: every slot a placeholder named by its own index ("0", "1", …), so an array of values binds as it is. */
type Compiled = { sql: string; slots: Slot[]; positional: boolean };

export type Precompiled<P, O> = {
  /** Every row the query answers. */
  all(db: Queryable, params: P): Promise<O[]>;
  /** The first row, or undefined. */
  takeFirst(db: Queryable, params: P): Promise<O | undefined>;
  /** The SQL and bound parameters (for tests and EXPLAIN). */
  compile(db: Queryable, params: P): CompiledQuery<O>;
};

/**
 * `pipelined`: a short read by key (a row by id, the children of one row, a list of ids) that on
 * PostgreSQL, outside a transaction, goes to a pipelined connection (pg-statements.ts) instead of a
 * pooled one. Only for reads that take well under a millisecond: every read queued behind one on
 * its connection waits for it. `'key'`: a read of a few rows by key (tens of µs of SQL), sent on the
 * first pipelined connection always, with the other key reads of the same moment (pg-statements.ts).
 */
export type PrecompiledOptions = { pipelined?: boolean | 'key' };

export function precompiled<P extends Record<string, unknown>, O>(build: (db: Kysely<DB>, p: Params<P>) => Compilable<O>, opts: PrecompiledOptions = {}): Precompiled<P, O> {
  const byDialect = new Map<DialectName, Compiled>();
  const kind = opts.pipelined === 'key' ? 'key' : 'any';
  const placeholder = ((name: string) => `${MARK}${name}`) as Params<P>;
  const compiledFor = (db: Queryable): Compiled => {
    const dialect = dialectOf(db);
    let c = byDialect.get(dialect);
    if (!c) {
      const q = build(db as Kysely<DB>, placeholder).compile();
      if (q.sql.includes(MARK)) throw new Error('precompiled: a parameter was written into the SQL text instead of bound');
      const slots = q.parameters.map((v): Slot => (typeof v === 'string' && v.startsWith(MARK) ? { name: v.slice(MARK.length) } : { value: v }));
      // PostgreSQL: sent as a named statement, parsed and planned once per connection (pg-statements.ts).
      if (dialect === 'postgres') nameStatement(q.sql);
      const positional = slots.length > 0 && slots.every((s, i) => 'name' in s && s.name === String(i));
      byDialect.set(dialect, (c = { sql: q.sql, slots, positional }));
    }
    return c;
  };
  const compile = (db: Queryable, params: P): CompiledQuery<O> => {
    const c = compiledFor(db);
    // Values given as an array in placeholder order (companions.ts: a group's ~70 values per record)
    // bind as they are, without a keyed look-up per value.
    if (c.positional && Array.isArray(params) && params.length === c.slots.length) {
      const missing = (params as unknown[]).indexOf(undefined);
      if (missing >= 0) throw new Error(`precompiled: parameter ${missing} missing`);
      return CompiledQuery.raw(c.sql, params as unknown[]) as CompiledQuery<O>;
    }
    const values = c.slots.map((s) => {
      if (!('name' in s)) return s.value;
      const v = params[s.name];
      if (v === undefined) throw new Error(`precompiled: parameter ${s.name} missing`);
      return v;
    });
    return CompiledQuery.raw(c.sql, values) as CompiledQuery<O>;
  };
  return {
    compile,
    async all(db, params) {
      const q = compile(db, params);
      // PostgreSQL, outside a transaction: a pipelined read goes to a pipelined connection (pg-statements.ts).
      const piped = opts.pipelined ? pipelinedRead(db, q.sql, q.parameters, kind) : undefined;
      return piped ? ((await piped) as O[]) : (await db.executeQuery(q)).rows;
    },
    async takeFirst(db, params) {
      const q = compile(db, params);
      const piped = opts.pipelined ? pipelinedRead(db, q.sql, q.parameters, kind) : undefined;
      return piped ? ((await piped)[0] as O | undefined) : (await db.executeQuery(q)).rows[0];
    },
  };
}

/**
 * A family of precompiled queries told apart by a shape key (a list's length, a row's columns):
 * each shape is built and compiled once. `limit` bounds how many shapes are kept.
 */
export function precompiledBy<K, P extends Record<string, unknown>, O>(
  build: (shape: K) => (db: Kysely<DB>, p: Params<P>) => Compilable<O>,
  keyOf: (shape: K) => string,
  limit = 200,
  opts: PrecompiledOptions = {},
): (shape: K) => Precompiled<P, O> {
  const shapes = new Map<string, Precompiled<P, O>>();
  return (shape) => {
    const key = keyOf(shape);
    let q = shapes.get(key);
    if (!q) {
      if (shapes.size >= limit) shapes.delete(shapes.keys().next().value as string);
      shapes.set(key, (q = precompiled(build(shape), opts)));
    }
    return q;
  };
}

type Row = Record<string, unknown>;
/**
 * On a conflict of `conflict`'s keys: `replace` sets every other column from `excluded` (a row replaced
 * whole by key); `add` adds `excluded`'s value to the stored one (`c = t.c + excluded.c`: counters).
 */
export type OnConflictMode = 'replace' | 'add';
type RowsShape = { table: string; columns: string[]; rows: number; conflict: string[] | null; mode: OnConflictMode };

/** The most rows one precompiled insert binds (a group of intakes writes tens); more go through Kysely as built. */
const MAX_PRECOMPILED_ROWS = 100;

/** `insert into t (cols) values (…)×n [on conflict (keys) do update set c = excluded.c | c = t.c + excluded.c, …]`, compiled once per shape. */
const rowsInsertOf = precompiledBy(
  (s: RowsShape) => (db, p: Params<Row>) => {
    const values = Array.from({ length: s.rows }, (_, i) => Object.fromEntries(s.columns.map((c) => [c, p(`${i}:${c}`)])));
    return withConflict((db as unknown as Kysely<any>).insertInto(s.table).values(values), s);
  },
  (s) => `${s.table}|${s.rows}|${s.conflict?.join(',') ?? ''}|${s.mode}|${s.columns.join(',')}`,
  // Every table, column list and row count a group's end writes (up to MAX_PRECOMPILED_ROWS each) stays compiled.
  2000,
);

/** The ON CONFLICT clause of a shape, the same whether built once (precompiled) or per call. */
function withConflict<Q extends { onConflict: (f: (oc: any) => any) => Q }>(q: Q, s: Pick<RowsShape, 'table' | 'columns' | 'conflict' | 'mode'>): Q {
  if (!s.conflict) return q;
  const keys = s.conflict;
  const rest = s.columns.filter((c) => !keys.includes(c));
  return q.onConflict((oc) =>
    oc.columns(keys).doUpdateSet((eb: any) => Object.fromEntries(rest.map((c) => [c, s.mode === 'add' ? sql`${sql.ref(`${s.table}.${c}`)} + ${sql.ref(`excluded.${c}`)}` : eb.ref(`excluded.${c}`)]))),
  );
}

const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Inserts rows that all have the same columns (an intake's clocks, its SLA state row), or with
 * `conflict` replaces the row of the same key (`on conflict (keys) do update set` every other column
 * from `excluded`; with `mode: 'add'` each other column becomes the stored value plus `excluded`'s:
 * the summaries' counters): the same SQL as the Kysely query written out, built and compiled once per
 * table, column list and row count. Rows of other shapes, more than 100 rows, or values other than
 * plain scalars go through Kysely as usual (the same SQL, built for the call).
 */
export async function insertRowsPrecompiled(db: Queryable, table: keyof DB & string, rows: Row[], conflict?: string[], mode: OnConflictMode = 'replace'): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).filter((c) => rows[0][c] !== undefined);
  const sameShape = rows.every((r) => Object.keys(r).filter((c) => r[c] !== undefined).length === columns.length && columns.every((c) => isScalar(r[c])));
  if (!sameShape || rows.length > MAX_PRECOMPILED_ROWS) {
    await withConflict((db as unknown as Kysely<any>).insertInto(table).values(rows), { table, columns, conflict: conflict ?? null, mode }).execute();
    return;
  }
  const params: Row = {};
  rows.forEach((r, i) => {
    for (const c of columns) params[`${i}:${c}`] = r[c];
  });
  await rowsInsertOf({ table, columns, rows: rows.length, conflict: conflict ?? null, mode }).all(db, params);
}

/** One table's rows for `insertRowsTogether`. */
export type RowsWrite = { table: keyof DB & string; rows: Row[]; conflict?: string[]; mode?: OnConflictMode };

/**
 * Several tables' row writes: PostgreSQL sends them as one statement (`built()`, dialect.ts
 * executeTogether: one round trip); SQLite runs statements one after the other anyway, so there,
 * when each write has at most 100 rows (a group of intakes' summaries), each goes through
 * `insertRowsPrecompiled` (the same SQL as the built one, compiled once per row count).
 */
export async function insertRowsTogether(db: Queryable, writes: RowsWrite[], built: () => Parameters<typeof executeTogether>[1]): Promise<void> {
  if (dialectOf(db) === 'sqlite' && writes.every((w) => w.rows.length <= MAX_PRECOMPILED_ROWS)) {
    for (const w of writes) await insertRowsPrecompiled(db, w.table, w.rows, w.conflict, w.mode);
    return;
  }
  await executeTogether(db, built());
}

type ValuesShape = { table: string; keys: ValuesColumn[]; set: ValuesColumn[]; rows: number };

/** `with v (…) as (values (…)×n) update t set … from v where t.k = v.k`, as dialect.ts updateFromValues writes it, compiled once per shape. */
const updateFromValuesOf = precompiledBy(
  (s: ValuesShape) => (db, p: Params<Row>) => {
    const postgres = dialectOf(db) === 'postgres';
    const columns = [...s.keys, ...s.set];
    const value = (c: ValuesColumn, v: unknown) => (postgres ? sql`cast(${v} as ${sql.raw(c.pgType)})` : sql`${v}`);
    const values = Array.from({ length: s.rows }, (_, i) => sql`(${sql.join(columns.map((c) => value(c, p(`${i}:${c.name}`))))})`);
    const q = sql`with v (${sql.join(columns.map((c) => sql.id(c.name)))}) as (values ${sql.join(values)})
      update ${sql.table(s.table)} set ${sql.join(s.set.map((c) => sql`${sql.id(c.name)} = v.${sql.id(c.name)}`))}
      from v where ${sql.join(
        s.keys.map((k) => sql`${sql.table(s.table)}.${sql.id(k.name)} = v.${sql.id(k.name)}`),
        sql` and `,
      )}`;
    return { compile: () => q.compile(db) } as Compilable<unknown>;
  },
  (s) => `${s.table}|${s.rows}|${s.keys.map((c) => `${c.name}:${c.pgType}`).join(',')}|${s.set.map((c) => `${c.name}:${c.pgType}`).join(',')}`,
  500,
);

/**
 * dialect.ts `updateFromValues` (several rows updated by key in one statement) compiled once per
 * table, columns and row count, for up to 100 rows of scalars (a group of intakes' deadlines); more
 * go to `updateFromValues` as built.
 */
export async function updateFromValuesPrecompiled(db: Queryable, table: keyof DB & string, keys: ValuesColumn[], set: ValuesColumn[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = [...keys, ...set];
  if (rows.length > MAX_PRECOMPILED_ROWS || !rows.every((r) => columns.every((c) => isScalar(r[c.name] ?? null)))) {
    await updateFromValues(db, table, keys, set, rows);
    return;
  }
  const params: Row = {};
  rows.forEach((r, i) => {
    for (const c of columns) params[`${i}:${c.name}`] = r[c.name] ?? null;
  });
  await updateFromValuesOf({ table, keys, set, rows: rows.length }).all(db, params);
}
