/**
 * Migrates a fresh SQLite file and a fresh PostgreSQL database and writes, per engine, what the
 * migrations did: every statement they ran with its parameters (instants masked), the schema
 * (SQLite: `sqlite_master` by type and name; PostgreSQL: `pg_dump --schema-only`) and the rows they
 * wrote (instants masked). Diff two runs to show a change to the migrations changes nothing:
 *
 *   node --import tsx scripts/migration-schema-dump.ts /tmp/before postgres://postgres@127.0.0.1:5432/postgres
 *   (change the migrations)
 *   node --import tsx scripts/migration-schema-dump.ts /tmp/after postgres://postgres@127.0.0.1:5432/postgres
 *   diff -r /tmp/before /tmp/after
 *
 * The PostgreSQL database is a new one (`migration_dump_<pid>`) created and dropped on the server of
 * the URL given; without a URL only SQLite is dumped.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/server/db/migrator.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const mask = (v: unknown): unknown => (typeof v === 'string' && INSTANT.test(v) ? '<instant>' : v instanceof Date ? '<instant>' : v);
// The `pragma optimize` after the migrations, and Kysely's own migration bookkeeping (its times), are not the migrations'.
const bookkeeping = /schema_migrations|pragma optimize/;

function statementLog(lines: string[]) {
  return (event: LogEvent) => {
    const { sql: text, parameters } = event.query;
    if (bookkeeping.test(text)) return;
    lines.push(`${event.level === 'error' ? 'ERROR ' : ''}${text}\n  ${JSON.stringify(parameters.map(mask))}`);
  };
}

async function rows(db: Kysely<any>, tables: string[]): Promise<string> {
  const out: string[] = [];
  for (const table of tables.sort()) {
    if (table === 'schema_migrations' || table === 'schema_migrations_lock') continue;
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    const lines = result.rows.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, v instanceof Buffer ? `<${v.length} bytes>` : mask(v)]))).sort();
    out.push(`## ${table} (${lines.length})`, ...lines);
  }
  return `${out.join('\n')}\n`;
}

async function migrationNames(db: Kysely<any>): Promise<string> {
  const r = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return `${r.rows.map((x) => x.name).join('\n')}\n`;
}

async function dumpSqlite(outDir: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-dump-'));
  const file = path.join(dir, 'fresh.db');
  const raw = new SqliteDatabase(file);
  const log: string[] = [];
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }), log: statementLog(log) });
  try {
    await migrateToLatest(db);
    fs.writeFileSync(path.join(outDir, 'sqlite.statements.sql'), `${log.join('\n')}\n`);
    const schema = raw.prepare(`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_stat%' order by type, name`).all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
    fs.writeFileSync(path.join(outDir, 'sqlite.schema.sql'), schema.map((s) => `-- ${s.type} ${s.name} on ${s.tbl_name}\n${s.sql ?? ''}\n`).join('\n'));
    const tables = schema.filter((s) => s.type === 'table' && !s.name.startsWith('search_fts') && !s.name.startsWith('sqlite_')).map((s) => s.name);
    fs.writeFileSync(path.join(outDir, 'sqlite.rows.txt'), await rows(db, tables));
    fs.writeFileSync(path.join(outDir, 'sqlite.migrations.txt'), await migrationNames(db));
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function dumpPostgres(outDir: string, adminUrl: string) {
  const name = `migration_dump_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const log: string[] = [];
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: statementLog(log) });
  try {
    await migrateToLatest(db);
    fs.writeFileSync(path.join(outDir, 'pg.statements.sql'), `${log.join('\n')}\n`);
    const dump = execFileSync('pg_dump', ['--schema-only', '--no-owner', url.toString()], { encoding: 'utf8' });
    fs.writeFileSync(path.join(outDir, 'pg.schema.sql'), dump.replace(/^-- Dumped (from|by) .*$/gm, '').replace(/^\\(un)?restrict .*$/gm, ''));
    const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public'`.execute(db);
    fs.writeFileSync(path.join(outDir, 'pg.rows.txt'), await rows(db, tables.rows.map((t) => t.tablename)));
    fs.writeFileSync(path.join(outDir, 'pg.migrations.txt'), await migrationNames(db));
  } finally {
    await db.destroy();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
}

const [outDir, pgAdminUrl] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: migration-schema-dump.ts <out dir> [postgres admin url]');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
await dumpSqlite(outDir);
if (pgAdminUrl) await dumpPostgres(outDir, pgAdminUrl);
console.log(`written to ${outDir}`);
