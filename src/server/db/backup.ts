/**
 * Backups of the embedded SQLite database (`atiende backup` / `atiende restore`). Attachments are
 * rows of the database (attachments.data), so the one file holds everything.
 *
 * A backup is `VACUUM INTO` on a connection of its own: one read transaction, so the copy is the
 * database as of one instant, taken while the server keeps writing (WAL mode: readers never block
 * writers) — never a file copy, which would miss what is still in the -wal file. PostgreSQL is
 * backed up with its own tools (pg_dump), whose command is printed instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { ensurePrivateDir, ensurePrivateFile, makePrivate } from './private-files.ts';
import type { DatabaseConfig } from '../config.ts';

export type BackupResult = { file: string; bytes: number; migrations: number; attachments: number };

/** What to run for PostgreSQL, which Atiende does not copy itself. */
export function postgresBackupAdvice(target: string): string {
  return [
    'Atiende is on PostgreSQL: back it up with PostgreSQL’s own tools, while the server runs:',
    `  pg_dump --format=custom --file=${JSON.stringify(target)} "$DATABASE_URL"`,
    'and restore into an empty database (server stopped):',
    `  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${JSON.stringify(target)}`,
  ].join('\n');
}

function describe(file: string): { migrations: number; attachments: number } {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${file} is damaged (quick_check: ${String(check)})`);
    const hasMigrations = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'").get();
    if (!hasMigrations) throw new Error(`${file} is not an Atiende database (no schema_migrations table)`);
    const migrations = (db.prepare('select count(*) as n from schema_migrations').get() as { n: number }).n;
    const hasAttachments = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'attachments'").get();
    const attachments = hasAttachments ? (db.prepare('select count(*) as n from attachments').get() as { n: number }).n : 0;
    return { migrations, attachments };
  } finally {
    db.close();
  }
}

/** A consistent copy of a live SQLite database into `target` (which must not exist yet). */
export function backupSqlite(source: string, target: string): BackupResult {
  const to = path.resolve(target);
  if (fs.existsSync(to)) throw new Error(`${to} already exists: choose a new file name`);
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  // An empty 0600 file first (VACUUM INTO accepts one): the copy is the owner's alone, whatever the umask.
  ensurePrivateFile(to);
  const db = new SqliteDatabase(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(to);
  } catch (error) {
    fs.rmSync(to, { force: true });
    throw error;
  } finally {
    db.close();
  }
  makePrivate(to);
  return { file: to, bytes: fs.statSync(to).size, ...describe(to) };
}

/**
 * Puts a backup in place of the database file. Run it with the server stopped. The database it
 * replaces is kept beside it (`<file>.before-restore-<time>`), checkpointed first so nothing still
 * in its -wal file is lost.
 */
export function restoreSqlite(backup: string, file: string): BackupResult & { previous: string | null } {
  const from = path.resolve(backup);
  if (!fs.existsSync(from)) throw new Error(`No backup at ${from}`);
  const info = describe(from);
  const target = path.resolve(file);
  ensurePrivateDir(path.dirname(target));
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    const current = new SqliteDatabase(target, { fileMustExist: true });
    try {
      current.pragma('busy_timeout = 10000');
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, previous);
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  const partial = `${target}.restoring`;
  fs.copyFileSync(from, partial);
  makePrivate(partial);
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, ...info, previous };
}

export function sqliteFileOf(config: DatabaseConfig): string | null {
  return config.dialect === 'sqlite' && config.file !== ':memory:' ? config.file : null;
}
