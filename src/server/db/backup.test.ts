import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.ts';
import { backupSqlite, restoreSqlite } from './backup.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../../bin/atiende.js');

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, ATIENDE_LOG_LEVEL: 'silent', ...env }, timeout: 120_000 });
}

describe('atiende backup / restore (SQLite)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, { starterConfiguration: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-backup-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies the live database under write load, and the restore has every write acknowledged before the backup began', async () => {
    const dbFile = (t.config.database as { file: string }).file;
    const activity = await t.admin.post('/activities', { problem: 'Con adjunto' });
    const attachment = await t.app.inject({
      method: 'POST',
      url: `/api/v1/activities/${activity.body.id}/attachments`,
      headers: { ...(await authHeaders(t)), 'content-type': 'multipart/form-data; boundary=X' },
      payload: '--X\r\nContent-Disposition: form-data; name="file"; filename="nota.txt"\r\nContent-Type: text/plain\r\n\r\nhola desde la copia\r\n--X--\r\n',
    });

    // Writers keep going during the whole backup; each id is noted once its 201 came back.
    const acknowledged: Array<{ code: string; at: number }> = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const code = `BK-${++n}`;
        const res = await t.admin.post('/customers', { code, name: `Cliente ${code}` });
        expect(res.status).toBe(201);
        acknowledged.push({ code, at: Date.now() });
      }
    };
    const writers = [writer(), writer()];
    await new Promise((r) => setTimeout(r, 1000));
    expect(attachment.statusCode).toBe(201);
    const backupFile = path.join(dir, 'copia.db');
    const startedAt = Date.now();
    const out = await cli(['backup', backupFile], { DATABASE_URL: `sqlite:${dbFile}` });
    const doneAt = Date.now();
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(writers);
    expect(out.stdout).toMatch(/Backup written to .*copia\.db/);
    const during = acknowledged.filter((a) => a.at > startedAt && a.at < doneAt).length;

    // Restore into a new place with the command line, then open it as the server would.
    const restoredFile = path.join(dir, 'restaurada', 'atiende.db');
    const restored = await cli(['restore', backupFile], { DATABASE_URL: `sqlite:${restoredFile}` });
    expect(restored.stdout).toMatch(/Restored/);
    const db = new SqliteDatabase(restoredFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const codes = new Set((db.prepare("select code from customers where code like 'BK-%'").all() as Array<{ code: string }>).map((r) => r.code));
      const before = acknowledged.filter((a) => a.at < startedAt);
      expect(before.length).toBeGreaterThan(0);
      for (const a of before) expect(codes.has(a.code), a.code).toBe(true);
      // One instant: the copy holds a prefix of the writes, with no hole.
      const numbers = [...codes].map((c) => Number(c.slice(3))).filter((x) => x > 0).sort((a, b) => a - b);
      expect(numbers.at(-1)).toBe(numbers.length);
      const row = db.prepare('select data from attachments').get() as { data: Buffer };
      expect(row.data.toString()).toBe('hola desde la copia');
      console.log(`backup under load: ${before.length} writes before, ${during} acknowledged while it ran, ${codes.size} in the copy`);
    } finally {
      db.close();
    }
  }, 180_000);

  it('keeps the database it replaces, refuses to overwrite a backup, and refuses a file that is not a database', () => {
    const target = path.join(dir, 'otra', 'atiende.db');
    const backupFile = path.join(dir, 'segunda.db');
    const dbFile = (t.config.database as { file: string }).file;
    expect(backupSqlite(dbFile, backupFile).migrations).toBeGreaterThan(0);
    expect(() => backupSqlite(dbFile, backupFile)).toThrow(/already exists/);
    expect(restoreSqlite(backupFile, target).previous).toBeNull();
    const again = restoreSqlite(backupFile, target);
    expect(again.previous).toMatch(/before-restore-/);
    expect(fs.existsSync(again.previous!)).toBe(true);
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database at all, just some text that is long enough');
    expect(() => restoreSqlite(junk, target)).toThrow();
    const empty = path.join(dir, 'empty.db');
    new SqliteDatabase(empty).close();
    expect(() => restoreSqlite(empty, target)).toThrow(/not an Atiende database/);
  });

  it('on PostgreSQL says which pg_dump command to run instead', async () => {
    const res = cli(['backup', '/tmp/x.dump'], { DATABASE_URL: 'postgres://atiende@localhost/atiende' });
    await expect(res).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/pg_dump --format=custom/) });
  }, 60_000);
});

async function authHeaders(t: TestApp): Promise<Record<string, string>> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-test-password' } });
  return { cookie: String(res.headers['set-cookie']).split(';')[0], 'x-csrf-token': res.json().csrfToken };
}
