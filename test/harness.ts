/**
 * Test helpers: an Atiende app on a fresh database of either engine, and HTTP "agents" that log in
 * and carry the session cookie and CSRF token like the web UI does.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { type Config, loadConfig } from '../src/server/config.ts';
import { systemCtx } from '../src/server/context.ts';
import { createDatabase, type Database } from '../src/server/db/database.ts';
import type { DialectName } from '../src/server/db/dialect.ts';
import { createUser, ensureAdmin } from '../src/server/modules/users/users.service.ts';
import type { Role } from '../src/shared/roles.ts';
import { copySqliteTemplate } from './sqlite-template.ts';

export const ADMIN_PASSWORD = 'admin-test-password';

/** The engines the API suites run on: SQLite always, PostgreSQL when the cluster started. */
export const DIALECTS: DialectName[] = selectDialects(process.env.ATIENDE_TEST_DB, Boolean(inject('pgTemplateUrl')));

/** ATIENDE_TEST_DB=sqlite|postgres picks one engine; unset, both (PostgreSQL when its cluster started). */
function selectDialects(only: string | undefined, pgStarted: boolean): DialectName[] {
  if (only === 'sqlite') return ['sqlite'];
  if (only === 'postgres') {
    if (!pgStarted) throw new Error('ATIENDE_TEST_DB=postgres but the PostgreSQL test cluster did not start');
    return ['postgres'];
  }
  if (only) throw new Error(`ATIENDE_TEST_DB must be sqlite or postgres, not ${only}`);
  return pgStarted ? ['sqlite', 'postgres'] : ['sqlite'];
}

export type Response = { status: number; body: any; headers: Record<string, unknown>; text: string };

/** The body of an answer that must have `status` (200 unless told); the failure shows the answer's text. */
export function ok(res: Response, status = 200): any {
  expect(res.status, res.text).toBe(status);
  return res.body;
}

export class Agent {
  constructor(
    readonly app: Awaited<ReturnType<typeof buildApp>>,
    private readonly auth: { cookie?: string; csrf?: string; bearer?: string; language?: string } = {},
  ) {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    if (this.auth.cookie) h.cookie = this.auth.cookie;
    if (this.auth.csrf && method !== 'GET') h['x-csrf-token'] = this.auth.csrf;
    if (this.auth.bearer) h.authorization = `Bearer ${this.auth.bearer}`;
    if (this.auth.language && !h['accept-language']) h['accept-language'] = this.auth.language;
    const res = await this.app.inject({ method: method as 'GET', url: `/api/v1${url}`, payload: body as object, headers: h });
    let parsed: unknown;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, body: parsed, headers: res.headers, text: res.body };
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  patch(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', url, body, headers);
  }
  put(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PUT', url, body, headers);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }
  /** The same user speaking another language. */
  withLanguage(language: string) {
    return new Agent(this.app, { ...this.auth, language });
  }
}

export type TestApp = {
  app: Awaited<ReturnType<typeof buildApp>>;
  database: Database;
  config: Config;
  dialect: DialectName;
  anonymous: Agent;
  admin: Agent;
  adminId: string;
  login(username: string, password: string): Promise<Agent>;
  /** Creates a user with the role and returns an agent logged in as them. */
  userWithRole(role: Role, extra?: { language?: 'es' | 'en'; name?: string }): Promise<{ agent: Agent; id: string; username: string }>;
  bearer(token: string): Agent;
  close(): Promise<void>;
};

/**
 * A database of its own for one test app: on PostgreSQL a clone of the migrated template database, on
 * SQLite a copy of the migrated template file (test/sqlite-template.ts) — both with the configuration
 * tables empty unless `starter`. `fromTemplate` says the configuration is already as asked (false
 * only on SQLite when the run made no template: the file is then migrated when opened, starter
 * configuration included).
 */
export async function freshDatabase(dialect: DialectName, starter = false): Promise<{ config: Config['database']; fromTemplate: boolean; drop: () => Promise<void> }> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    const dir = fs.mkdtempSync(path.join(base, 'atiende-test-'));
    const file = path.join(dir, `${name}.db`);
    const fromTemplate = copySqliteTemplate(inject('sqliteTemplate'), file, starter);
    return { config: { dialect: 'sqlite', file }, fromTemplate, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const template = inject('pgTemplateUrl');
  if (!template) throw new Error('PostgreSQL is not available for this test run');
  const adminUrl = template.replace(/\/atiende_template$/, '/postgres');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${name} template ${starter ? 'atiende_template_starter' : 'atiende_template'}`);
  await client.end();
  return {
    config: { dialect: 'postgres', url: template.replace(/\/atiende_template$/, `/${name}`) },
    fromTemplate: true,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export type TestAppOptions = {
  /**
   * Keep the starter configuration a fresh install gets (migration 2026-11-29-0001). By default the
   * configuration tables start EMPTY, so a suite creates exactly the catalog entries it relies on.
   */
  starterConfiguration?: boolean;
};

/** Empties the configuration tables (what a suite gets unless it asks for the starter configuration). */
export async function clearConfiguration(database: Database) {
  await database.db.deleteFrom('catalog_entries').execute();
}

export async function createTestApp(dialect: DialectName, overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const fresh = await freshDatabase(dialect, options.starterConfiguration === true);
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'silent', ATIENDE_DATA_DIR: os.tmpdir() } as NodeJS.ProcessEnv, {
    database: fresh.config,
    runJobs: false,
    ...overrides,
  });
  const database = await createDatabase(config.database);
  if (!fresh.fromTemplate && !options.starterConfiguration) await clearConfiguration(database);
  await ensureAdmin(database, { password: ADMIN_PASSWORD, timeZone: 'Europe/Madrid' });
  const app = await buildApp({ config, database, logger: false, serveWeb: false });
  await app.ready();

  async function login(username: string, password: string): Promise<Agent> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    return new Agent(app, { cookie, csrf: res.json().csrfToken });
  }

  const admin = await login('admin', ADMIN_PASSWORD);
  const me = await admin.get('/auth/me');
  let counter = 0;

  return {
    app,
    database,
    config,
    dialect,
    anonymous: new Agent(app),
    admin,
    adminId: me.body.user.id,
    login,
    async userWithRole(role, extra = {}) {
      counter += 1;
      const username = `${role}${counter}`;
      const user = await createUser(systemCtx(database, config), {
        username,
        name: extra.name ?? `${role} ${counter}`,
        password: 'password-123',
        role,
        language: extra.language ?? 'es',
      });
      return { agent: await login(username, 'password-123'), id: user.id, username };
    },
    bearer: (token) => new Agent(app, { bearer: token }),
    async close() {
      await app.close();
      await database.destroy();
      await fresh.drop();
    },
  };
}
