/**
 * The database going away never takes the app server with it: PostgreSQL restarted under write
 * load (its own throwaway cluster, so other test files are not disturbed) and a SQLite file locked
 * by another process. Requests meanwhile get 503 problem+json with Retry-After, the health check
 * says the database is down, readiness fails, and the server reconnects by itself with every
 * acknowledged write kept.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { ensureAdmin } from '../modules/users/users.service.ts';
import { createDatabase, type Database } from './database.ts';
import { findPgBin, type PgCluster, startPgCluster } from '../../../test/pg-cluster.ts';

const PASSWORD = 'outage-test-password';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Server = { base: string; headers: Record<string, string>; close: () => Promise<void> };

async function serve(database: Database, dataDir: string): Promise<Server> {
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'silent', ATIENDE_DATA_DIR: dataDir } as NodeJS.ProcessEnv, { runJobs: false });
  await ensureAdmin(database, { password: PASSWORD, timeZone: 'Europe/Madrid' });
  const app = await buildApp({ config, database, logger: false, serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { base, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, close: () => app.close() };
}

type Outcome = { status: number; code?: string; retryAfter: string | null; contentType: string | null; id?: string; customerCode: string };

async function createCustomer(s: Server, customerCode: string): Promise<Outcome> {
  try {
    const res = await fetch(`${s.base}/api/v1/customers`, { method: 'POST', headers: s.headers, body: JSON.stringify({ code: customerCode, name: `Cliente ${customerCode}` }) });
    const body = (await res.json()) as { id?: string; code?: string };
    return { status: res.status, code: res.status >= 400 ? body.code : undefined, id: res.status === 201 ? body.id : undefined, retryAfter: res.headers.get('retry-after'), contentType: res.headers.get('content-type'), customerCode };
  } catch {
    // The socket itself failed: the server is gone. The assertions below count these as 0.
    return { status: 0, retryAfter: null, contentType: null, customerCode };
  }
}

describe('PostgreSQL restarted under write load', () => {
  const bin = findPgBin();
  let cluster: PgCluster;
  let database: Database;
  let server: Server;
  let dataDir: string;

  beforeAll(async () => {
    if (!bin) return;
    cluster = await startPgCluster(bin);
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('create database atiende_outage');
    await admin.end();
    database = await createDatabase({ dialect: 'postgres', url: cluster.url('atiende_outage') });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-outage-'));
    server = await serve(database, dataDir);
  });
  afterAll(async () => {
    await server?.close();
    await database?.destroy();
    cluster?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!bin)('stays up, answers 503 with Retry-After while the database is away, reconnects and keeps every acknowledged write', async () => {
    const outcomes: Outcome[] = [];
    let stop = false;
    let n = 0;
    const worker = async (w: number) => {
      while (!stop) outcomes.push(await createCustomer(server, `R${w}-${++n}`));
    };
    const workers = Array.from({ length: 12 }, (_, w) => worker(w));
    await sleep(700);
    const restarting = cluster.restart({ downMs: 1500 });
    await sleep(500);
    // While it is down: alive, but not ready.
    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(200);
    const healthBody = (await health.json()) as { databaseUp: boolean };
    const ready = await fetch(`${server.base}/readyz`);
    await restarting;
    // Back up: the pool reconnects without help within a few seconds.
    let readyAgain = false;
    for (let i = 0; i < 100 && !readyAgain; i++) {
      readyAgain = (await fetch(`${server.base}/readyz`)).status === 200;
      if (!readyAgain) await sleep(100);
    }
    await sleep(700);
    stop = true;
    await Promise.all(workers);

    expect(healthBody.databaseUp).toBe(false);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(readyAgain).toBe(true);

    const statuses = [...new Set(outcomes.map((o) => o.status))].sort();
    // Nothing but created or "come back later": no 500, no dropped socket.
    expect(statuses).toEqual([201, 503]);
    for (const o of outcomes.filter((x) => x.status === 503)) {
      expect(o).toMatchObject({ code: 'service_unavailable', retryAfter: '5' });
      expect(o.contentType).toContain('application/problem+json');
    }
    const acknowledged = outcomes.filter((o) => o.status === 201);
    const lastOutage = outcomes.map((o) => o.status).lastIndexOf(503);
    // Writes after the outage succeeded again: it reconnected by itself.
    expect(outcomes.slice(lastOutage + 1).filter((o) => o.status === 201).length).toBeGreaterThan(5);
    const stored = await database.db.selectFrom('customers').select(['id', 'code']).where('code', 'in', acknowledged.map((o) => o.customerCode)).execute();
    expect(stored.length).toBe(acknowledged.length);
    expect(new Set(stored.map((r) => String(r.id)))).toEqual(new Set(acknowledged.map((o) => o.id)));
    console.log(`outage: ${outcomes.length} writes, ${acknowledged.length} acknowledged and all stored, ${outcomes.length - acknowledged.length} answered 503`);
  }, 60_000);
});

describe('SQLite file locked by another process', () => {
  let database: Database;
  let server: Server;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atiende-outage-'));
    database = await createDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'atiende.db') });
    server = await serve(database, dataDir);
  });
  afterAll(async () => {
    await server?.close();
    await database?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while the lock is held (past busy_timeout) and writes again after', async () => {
    const other = new SqliteDatabase(path.join(dataDir, 'atiende.db'));
    other.exec('begin exclusive');
    const locked = await createCustomer(server, 'L1');
    other.exec('rollback');
    other.close();
    expect(locked).toMatchObject({ status: 503, code: 'service_unavailable', retryAfter: '5' });
    expect(await database.db.selectFrom('customers').select('id').where('code', '=', 'L1').executeTakeFirst()).toBeUndefined();
    expect((await createCustomer(server, 'L2')).status).toBe(201);
  }, 30_000);
});
