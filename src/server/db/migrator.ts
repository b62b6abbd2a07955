import { type Kysely, Migrator, sql } from 'kysely';
import { dialectOf, isDatabaseUnavailable } from './dialect.ts';
import { migrations } from './migrations/index.ts';

/** Runs every pending migration (see migrations/index.ts). */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Areas are developed in parallel on dated files; a file merged later with an earlier date must still run.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  // SQLite: statistics for the tables a migration changed or indexed (see optimizeSqlite).
  if (dialectOf(db) === 'sqlite') await sql`pragma optimize = 0x10002`.execute(db).catch((e: unknown) => {
    if (!isDatabaseUnavailable(e)) throw e;
  });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
