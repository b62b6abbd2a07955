import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqlite, restoreSqlite } from './backup.ts';
import { createDatabase } from './database.ts';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

// File modes are the SQLite engine's business only (PostgreSQL keeps its own files).
describe('owner-only files of the SQLite database (umask 022)', () => {
  let root: string;
  let previousUmask: number;
  beforeAll(() => {
    // The usual umask, which would leave 0644 files and 0755 folders: the modes must not depend on it.
    previousUmask = process.umask(0o022);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-modes-'));
  });
  afterAll(() => {
    process.umask(previousUmask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates the data folders 0700 and the database, -wal and -shm 0600; backups and restores 0600', async () => {
    const file = path.join(root, 'data', 'db', 'atiende.db');
    const database = await createDatabase({ dialect: 'sqlite', file });
    try {
      await database.db.selectFrom('users').select('id').execute();
      expect(mode(path.join(root, 'data'))).toBe(0o700);
      expect(mode(path.join(root, 'data', 'db'))).toBe(0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);

      const backup = path.join(root, 'backups', 'copia.db');
      backupSqlite(file, backup);
      expect(mode(path.join(root, 'backups'))).toBe(0o700);
      expect(mode(backup)).toBe(0o600);

      const restored = path.join(root, 'restored', 'atiende.db');
      restoreSqlite(backup, restored);
      expect(mode(path.join(root, 'restored'))).toBe(0o700);
      expect(mode(restored)).toBe(0o600);
    } finally {
      await database.destroy();
    }
  });

  it('tightens a database file an earlier version left readable by others when it opens it', async () => {
    const dir = path.join(root, 'older');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'atiende.db');
    const first = await createDatabase({ dialect: 'sqlite', file });
    await first.destroy();
    fs.chmodSync(file, 0o644);
    const again = await createDatabase({ dialect: 'sqlite', file });
    try {
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
    } finally {
      await again.destroy();
    }
  });
});
