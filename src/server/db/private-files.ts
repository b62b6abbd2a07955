/**
 * The SQLite database holds every customer's data (attachments included), so its files are the
 * owner's alone, whatever the umask: folders Atiende creates for them are 0700, the database, its
 * -wal/-shm files, backups and restored copies 0600. Folders that already existed are left as they
 * are (the database may live in a shared folder on purpose); files are tightened every time the
 * database is opened, so an install made before this rule is fixed on its next start.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function chmodQuietly(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    // Not ours to change (another owner) or gone: the open or write that follows says what is wrong.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOENT') throw error;
  }
}

/** Creates `dir` (and missing parents) with mode 0700 for every folder created here. */
export function ensurePrivateDir(dir: string): void {
  const target = path.resolve(dir);
  const first = fs.mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!first) return;
  // mkdir's mode passes through the umask: set it exactly on each folder made, outermost first.
  for (let d = first; ; d = path.join(d, path.relative(d, target).split(path.sep)[0]!)) {
    chmodQuietly(d, PRIVATE_DIR_MODE);
    if (d === target) break;
  }
}

/**
 * Makes sure `file` exists with mode 0600 (an empty file when new: SQLite then gives its -wal and
 * -shm files the same mode, and `VACUUM INTO` accepts an empty target).
 */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(path.resolve(file)));
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodQuietly(file, PRIVATE_FILE_MODE);
}

/** Tightens a file Atiende wrote (0600) if it exists. */
export function makePrivate(file: string): void {
  if (fs.existsSync(file)) chmodQuietly(file, PRIVATE_FILE_MODE);
}

/** The database file and its companions, tightened (call after opening: WAL mode made them). */
export function makeSqliteFilesPrivate(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) makePrivate(file + suffix);
}
