import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  ATIENDE_DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('Atiende <atiende@localhost>'),
  ATIENDE_ADMIN_PASSWORD: z.string().optional(),
  ATIENDE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ATIENDE_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  ATIENDE_TRUST_PROXY: z.string().optional(),
  ATIENDE_TIME_ZONE: z.string().default('Europe/Madrid'),
  ATIENDE_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
});

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string };

export type Config = {
  database: DatabaseConfig;
  dataDir: string;
  port: number;
  host: string;
  smtpUrl?: string;
  smtpFrom: string;
  adminPassword?: string;
  logLevel: string;
  secureCookies: boolean;
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); false: none, the client's
   * address is the socket's. Only with it set may a client's address come from a header.
   */
  trustProxy: string[] | boolean;
  defaultTimeZone: string;
  /** Background jobs (escalation, outbox) run only where this is true; tests switch them off. */
  runJobs: boolean;
  /**
   * How many processes answer together (`serve --workers N` hands N to its workers): limits kept in
   * each process's memory (the login rate limit) divide by it so the whole server keeps them.
   */
  workers: number;
};

export function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseConfig {
  if (!url) return { dialect: 'sqlite', file: path.join(dataDir, 'atiende.db') };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { dialect: 'sqlite', file: file || ':memory:' };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}

/** ATIENDE_TRUST_PROXY: unset or "false" → trust no proxy; "true" → any; else a comma-separated list. */
export function parseTrustProxy(value: string | undefined): string[] | boolean {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ATIENDE_DATA_DIR);
  return {
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir),
    dataDir,
    port: e.PORT,
    host: e.HOST,
    smtpUrl: e.SMTP_URL || undefined,
    smtpFrom: e.SMTP_FROM,
    adminPassword: e.ATIENDE_ADMIN_PASSWORD || undefined,
    logLevel: e.ATIENDE_LOG_LEVEL,
    secureCookies: e.ATIENDE_SECURE_COOKIES === 'true',
    trustProxy: parseTrustProxy(e.ATIENDE_TRUST_PROXY),
    defaultTimeZone: e.ATIENDE_TIME_ZONE,
    runJobs: true,
    workers: e.ATIENDE_WORKERS ?? 1,
    ...overrides,
  };
}
