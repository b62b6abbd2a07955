import type { DatabaseConfig } from '../config.ts';
import { createKysely } from './dialect.ts';
import type { Database } from './handles.ts';
import { migrateToLatest } from './migrator.ts';
import { closeSignals } from './signals.ts';
import type { DB } from './schema.ts';

export type { Database, Queryable } from './handles.ts';

export async function createDatabase(config: DatabaseConfig, opts: { migrate?: boolean } = {}): Promise<Database> {
  const { db, dialect } = createKysely<DB>(config);
  if (opts.migrate !== false) await migrateToLatest(db);
  const database: Database = {
    db,
    dialect,
    url: config.dialect === 'postgres' ? config.url : undefined,
    destroy: async () => {
      await closeSignals(database);
      await db.destroy();
    },
  };
  return database;
}

/** One round trip to the database, for the health check. */
export async function pingDatabase(database: Database): Promise<void> {
  await database.db.selectFrom('schema_migrations' as never).select((eb) => eb.lit(1).as('ok')).limit(1).execute();
}

/** True when the database answers within `timeoutMs` (the health and readiness checks). */
export async function databaseAnswers(database: Database, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([pingDatabase(database).then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
