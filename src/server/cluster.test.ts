/**
 * `atiende serve --workers 2` as a real process on both engines: two workers behind one port,
 * writes from both, cache invalidations relayed between them, each queued e-mail sent once by the
 * two outbox senders, and SIGTERM stopping everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DIALECTS, freshDatabase } from '../../test/harness.ts';
import { loadConfig } from './config.ts';
import { systemCtx } from './context.ts';
import { createDatabase } from './db/database.ts';
import { queueEmail } from './modules/notify/notify.service.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EMAILS = 8;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startSmtp() {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(/^Message-ID:\s*(.+)$/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1].trim() ?? '');
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { received, port: (server.server.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

type Res = { status: number; body: any; headers: http.IncomingHttpHeaders };

/** One request on a new connection (no keep-alive), so the primary hands it to the next worker. */
function request(port: number, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port, method, path: url.startsWith('/healthz') ? url : `/api/v1${url}`, agent: false, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean | Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe.each(DIALECTS)('serve --workers 2 on %s', (dialect) => {
  let server: ChildProcess;
  let port: number;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let output = '';
  let workers: number[] = [];
  const exited = new Promise<number | null>((resolve) => {
    const wait = () => (server ? server.once('exit', (code) => resolve(code)) : setTimeout(wait, 50));
    wait();
  });

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    const url = fresh.config.dialect === 'sqlite' ? `sqlite:${fresh.config.file}` : fresh.config.url;
    // E-mails waiting before the workers start: both outbox senders wake at once and race for them.
    const config = loadConfig({ ATIENDE_LOG_LEVEL: 'silent', ATIENDE_DATA_DIR: os.tmpdir() } as NodeJS.ProcessEnv, { database: fresh.config, runJobs: false });
    const database = await createDatabase(fresh.config);
    for (let i = 0; i < EMAILS; i++) {
      await queueEmail(systemCtx(database, config), { to: `cliente${i}@example.com`, subject: `Aviso ${i}`, bodyText: `Cuerpo ${i}`, language: 'es' });
    }
    await database.destroy();
    smtp = await startSmtp();
    port = await freePort();
    server = spawn(process.execPath, ['bin/atiende.js', 'serve', '--workers', '2', '--api-only'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        ATIENDE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ATIENDE_LOG_LEVEL: 'warn',
        ATIENDE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-cluster-')),
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      },
    });
    server.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const ready = await until(() => output.includes('Atiende listening') || server.exitCode !== null, 80_000);
    if (!ready || server.exitCode !== null) throw new Error(`serve --workers 2 did not start:\n${output}`);
    workers = childPids(server.pid!);
  }, 90_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    for (const pid of workers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await smtp?.close();
    await fresh?.drop();
  });

  it('runs two worker processes answering on the one port', async () => {
    expect(output).toContain('2 workers');
    expect(workers).toHaveLength(2);
    const health = await request(port, 'GET', '/healthz');
    expect(health.status).toBe(200);
  });

  it('both workers write at once and every write is there', async () => {
    const login = await request(port, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const auth = { cookie: String(login.headers['set-cookie']).split(';')[0], 'x-csrf-token': login.body.csrfToken };
    const codes = Array.from({ length: 24 }, (_, i) => `W${dialect[0]}${i}`);
    const created = await Promise.all(codes.map((code) => request(port, 'POST', '/customers', { code, name: `Cliente ${code}` }, auth)));
    expect(created.map((r) => r.status)).toEqual(codes.map(() => 201));
    // Read back on new connections, so through both workers.
    for (const r of created.slice(0, 4)) {
      const got = await request(port, 'GET', `/customers/${r.body.id}`, undefined, auth);
      expect(got.status).toBe(200);
      expect(got.body.code).toBe(r.body.code);
    }
    const list = await request(port, 'GET', '/customers?limit=100', undefined, auth);
    expect(list.body.items.map((c: { code: string }) => c.code).sort()).toEqual([...codes].sort());
  });

  it('a logout in one worker ends the session in the other at once', async () => {
    const login = await request(port, 'POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const auth = { cookie: String(login.headers['set-cookie']).split(';')[0], 'x-csrf-token': login.body.csrfToken };
    // Both workers now hold the identity in their cache.
    for (let i = 0; i < 4; i++) expect((await request(port, 'GET', '/auth/me', undefined, auth)).status).toBe(200);
    expect((await request(port, 'POST', '/auth/logout', {}, auth)).status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 4; i++) expect((await request(port, 'GET', '/auth/me', undefined, auth)).status).toBe(401);
  });

  it('the two outbox senders send each queued e-mail once', async () => {
    expect(await until(() => smtp.received.length >= EMAILS, 20_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received).toHaveLength(EMAILS);
    expect(new Set(smtp.received).size).toBe(EMAILS);
  });

  it('SIGTERM stops every worker and the server exits 0', async () => {
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  }, 30_000);
});
