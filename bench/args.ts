/**
 * What the in-process bench scripts (hot-paths, explain, intake-profile, serializer, run) share: the
 * engine options every one of them takes (--engine, --url, --file), the configuration on a bench
 * database, the in-process app, the bench user's headers and the scenario context that replays
 * requests through `app.inject`. Each script keeps its own command line: it passes its other
 * options to `benchArgs`.
 */
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.ts';
import { type Config, type DatabaseConfig, loadConfig } from '../src/server/config.ts';
import { createDatabase, type Database } from '../src/server/db/database.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE } from './generate.ts';
import { benchToken } from './lib/dataset.ts';
import type { ScenarioContext } from './scenarios/types.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options of every bench script that opens a bench database. */
export const ENGINE_OPTIONS = {
  engine: { type: 'string', default: 'sqlite' },
  url: { type: 'string' },
  file: { type: 'string', default: DEFAULT_SQLITE_FILE },
} as const satisfies Options;

/** The command line: the engine options and the script's own (strict: an unknown option fails). */
export function benchArgs<const O extends Options>(options: O) {
  return parseArgs<{ options: typeof ENGINE_OPTIONS & O }>({ options: { ...ENGINE_OPTIONS, ...options } }).values;
}

/** `--engine` as a dialect name (anything but `postgres` is SQLite). */
export const benchEngine = (args: { engine?: string }) => (args.engine === 'postgres' ? 'postgres' : 'sqlite');

/** Atiende's configuration on a bench database: logs at `warn`, files under bench/data, no background jobs. */
export function benchConfig(database: DatabaseConfig, logLevel = 'warn'): Config {
  const env = { ATIENDE_LOG_LEVEL: logLevel, ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv;
  return loadConfig(env, { database, runJobs: false });
}

/** The API only (no web build), without a request log, ready for `inject`. */
export async function benchApp(config: Config, database: Database) {
  const app = await buildApp({ config, database, serveWeb: false, logger: false });
  await app.ready();
  return app;
}

export type BenchApp = Awaited<ReturnType<typeof benchApp>>;

/** The bench user's bearer header (the user is made once per database). */
export async function benchHeaders(database: Database, config: Config) {
  return { authorization: `Bearer ${await benchToken(database, config)}` };
}

/**
 * Opens a bench database and an in-process app on it, with the bench user's headers. The caller
 * closes both (`app.close()`, `database.destroy()`).
 */
export async function openBench(databaseConfig: DatabaseConfig) {
  const config = benchConfig(databaseConfig);
  const database = await createDatabase(config.database);
  const app = await benchApp(config, database);
  const headers = await benchHeaders(database, config);
  return { config, database, app, headers };
}

/**
 * The context scenarios prepare their requests with: GETs through `app.inject` with `headers`, and
 * a seeded pseudo-random generator (the same seed picks the same requests run after run).
 */
export function scenarioContext(database: Database, app: Pick<BenchApp, 'inject'>, headers: Record<string, string>, seed = 7): ScenarioContext {
  return {
    dialect: database.dialect,
    db: database.db,
    async get(p) {
      const res = await app.inject({ method: 'GET', url: p, headers });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    },
    random: () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    },
  };
}

/** Runs a script's `main`, printing a failure and exiting 1. */
export function runMain(main: () => Promise<unknown>) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
