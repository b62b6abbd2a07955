/**
 * `atiende serve --workers 2` as a real process on both engines: two workers behind one port,
 * writes from both, cache invalidations relayed between them, each queued e-mail sent once by the
 * two outbox senders, and SIGTERM stopping everything.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DIALECTS, freshDatabase } from '../../test/harness.ts';
import { type ServerProcess, type SmtpListener, startServer, startSmtp, until } from '../../test/processes.ts';
import { loadConfig } from './config.ts';
import { systemCtx } from './context.ts';
import { createDatabase } from './db/database.ts';
import { queueEmail } from './modules/notify/notify.service.ts';

const EMAILS = 8;

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

/** How many established TCP connections to `port` the process `pid` holds (Linux: /proc/net/tcp{,6} and its fds). */
function connectionsHeld(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local address (hex ip:port), state 01 = ESTABLISHED, inode
      if (f[3] === '01' && parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!);
    }
  }
  let held = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1]!)) held++;
    } catch {
      // closed meanwhile
    }
  }
  return held;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Kills a `serve --workers` primary and its workers (whatever is still alive) and removes its data folder. */
function stopCluster(serve: ServerProcess | undefined, workers: number[]) {
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  for (const pid of workers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (serve) fs.rmSync(serve.dataDir, { recursive: true, force: true });
}

describe.each(DIALECTS)('serve --workers 2 on %s', (dialect) => {
  let serve: ServerProcess;
  let port: number;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: SmtpListener;
  let workers: number[] = [];
  const output = () => serve.output();

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
    // Ready once the primary says every worker listens.
    serve = await startServer({ databaseUrl: url, workers: 2, readyWhen: /Atiende listening/, env: { ATIENDE_ADMIN_PASSWORD: ADMIN_PASSWORD, SMTP_URL: smtp.url } });
    port = serve.port;
    workers = childPids(serve.child.pid!);
  }, 200_000);

  afterAll(async () => {
    stopCluster(serve, workers);
    await smtp?.close();
    await fresh?.drop();
  });

  it('runs two worker processes answering on the one port', async () => {
    expect(output()).toContain('2 workers');
    expect(workers).toHaveLength(2);
    const health = await request(port, 'GET', '/healthz');
    expect(health.status).toBe(200);
  });

  it('ten keep-alive connections opened at once are shared five and five', async () => {
    // The primary alone hands them to whichever worker acknowledged its last one first (7/3, 8/2…);
    // the workers refuse one more beyond their share (cluster.ts balanceConnections).
    await until('the earlier tests\' connections closed', () => workers.every((pid) => connectionsHeld(pid, port) === 0), 5_000);
    const sockets = await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'));
            socket.once('data', () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    try {
      expect(workers.map((pid) => connectionsHeld(pid, port)).sort()).toEqual([5, 5]);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
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
    await until(`${EMAILS} e-mails delivered`, () => smtp.received.length >= EMAILS, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received).toHaveLength(EMAILS);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(EMAILS);
  });

  it('SIGTERM stops every worker and the server exits 0', async () => {
    const gone = serve.child.exitCode !== null || serve.child.signalCode !== null;
    const exited = gone ? Promise.resolve(serve.child.exitCode) : new Promise<number | null>((resolve) => serve.child.once('exit', (code) => resolve(code)));
    serve.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  }, 30_000);
});

// Workers that accept on the shared socket themselves (NODE_CLUSTER_SCHED_POLICY=none, Windows'
// default): a connection a worker refused would be dropped, not handed to another worker, so none
// is refused there (cluster.ts balanceConnections). One engine is enough: no database work.
describe.each(DIALECTS.slice(0, 1))('serve --workers 2 accepting in the workers (on %s)', (dialect) => {
  let serve: ServerProcess;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let workers: number[] = [];

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    const url = fresh.config.dialect === 'sqlite' ? `sqlite:${fresh.config.file}` : fresh.config.url;
    serve = await startServer({ databaseUrl: url, workers: 2, readyWhen: /Atiende listening/, env: { ATIENDE_ADMIN_PASSWORD: ADMIN_PASSWORD, NODE_CLUSTER_SCHED_POLICY: 'none' } });
    workers = childPids(serve.child.pid!);
  }, 200_000);

  afterAll(async () => {
    stopCluster(serve, workers);
    await fresh?.drop();
  });

  it('twenty keep-alive connections opened at once are all answered (none dropped)', async () => {
    const sockets: net.Socket[] = [];
    try {
      const answers = await Promise.all(
        Array.from(
          { length: 20 },
          () =>
            new Promise<string>((resolve, reject) => {
              const socket = net.connect(serve.port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n'));
              sockets.push(socket);
              socket.once('data', (d: Buffer) => resolve(d.toString('latin1').split('\r\n')[0]!));
              socket.once('error', reject);
              socket.once('close', () => reject(new Error('connection closed before any answer')));
            }),
        ),
      );
      expect(answers.every((line) => /^HTTP\/1\.1 200/.test(line))).toBe(true);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});
