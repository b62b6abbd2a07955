/**
 * Bulk loading for the benchmark generator: multi-row INSERT statements in batches inside
 * transactions, on the raw driver of each engine (better-sqlite3 prepared statements, pg
 * parameterised queries), which is what makes a million rows a matter of a minute or two.
 */
import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/server/config.ts';
import { openSqlite } from '../../src/server/db/dialect.ts';

export type Bulk = {
  engine: 'sqlite' | 'postgres';
  /** A boolean as the engine stores it. */
  bool(v: boolean): boolean | number;
  /** A JSON value as the engine's column takes it (text in SQLite, jsonb input text in PostgreSQL). */
  json(v: unknown): string;
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Drops the secondary indexes of these (empty) tables and returns the statements that recreate
   * them exactly as the migrations made them: building an index once after loading is much faster
   * than maintaining it row by row. Indexes that back a constraint stay.
   */
  dropIndexes(tables: string[]): Promise<string[]>;
  close(): Promise<void>;
};

export async function openBulk(config: DatabaseConfig): Promise<Bulk> {
  return config.dialect === 'sqlite' ? sqliteBulk(openSqlite(config.file)) : pgBulk(config.url);
}

function sqliteBulk(db: SqliteDatabase.Database): Bulk {
  // The data is regenerated at will: no fsync per batch while loading.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const statements = new Map<string, SqliteDatabase.Statement>();
  const statement = (table: string, columns: string[], n: number) => {
    const key = `${table}|${columns.join(',')}|${n}`;
    let st = statements.get(key);
    if (!st) {
      const row = `(${columns.map(() => '?').join(',')})`;
      st = db.prepare(`insert into ${table} (${columns.join(',')}) values ${Array.from({ length: n }, () => row).join(',')}`);
      statements.set(key, st);
    }
    return st;
  };
  return {
    engine: 'sqlite',
    bool: (v) => (v ? 1 : 0),
    json: (v) => JSON.stringify(v),
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        statement(table, columns, chunk.length).run(chunk.flat() as unknown[]);
      }
    },
    async transaction(fn) {
      db.exec('begin');
      try {
        const r = await fn();
        db.exec('commit');
        return r;
      } catch (e) {
        db.exec('rollback');
        throw e;
      }
    },
    async exec(sql) {
      db.exec(sql);
    },
    async query(sql, params = []) {
      const st = db.prepare(sql);
      return (st.reader ? st.all(...params) : (st.run(...params), [])) as never;
    },
    async dropIndexes(tables) {
      const rows = db
        .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(',')})`)
        .all(...tables) as Array<{ name: string; sql: string }>;
      for (const r of rows) db.exec(`drop index ${r.name}`);
      return rows.map((r) => r.sql);
    },
    async close() {
      db.pragma('synchronous = FULL');
      db.close();
    },
  };
}

async function pgBulk(url: string): Promise<Bulk> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  return {
    engine: 'postgres',
    bool: (v) => v,
    json: (v) => JSON.stringify(v),
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.min(1000, Math.floor(60_000 / columns.length)));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        let p = 0;
        const values = chunk.map(() => `(${columns.map(() => `$${++p}`).join(',')})`).join(',');
        await client.query(`insert into ${table} (${columns.join(',')}) values ${values}`, chunk.flat());
      }
    },
    async transaction(fn) {
      await client.query('begin');
      try {
        const r = await fn();
        await client.query('commit');
        return r;
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    },
    async exec(sql) {
      await client.query(sql);
    },
    async query(sql, params = []) {
      let i = 0;
      // The same "?" placeholders as SQLite.
      const text = sql.replace(/\?/g, () => `$${++i}`);
      return (await client.query(text, params)).rows;
    },
    async dropIndexes(tables) {
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(
        `select i.indexname, i.indexdef from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = any($1)
            and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
        [tables],
      );
      for (const r of rows) await client.query(`drop index ${r.indexname}`);
      return rows.map((r) => r.indexdef);
    },
    async close() {
      await client.end();
    },
  };
}
