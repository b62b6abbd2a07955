import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * "At risk, mine" (warn_at <= now < due_at on running clocks of my user or my groups) as ranges of
 * covering indexes: per owner, the running clocks whose warning has come, with the deadline beside
 * it, so the clocks at risk are told from the breached ones inside the index and only the page's
 * clocks are read from the table. Before, the owner's incidents whose earliest warning had come
 * (`incident_sla_state`, breached ones included: 1,545 for the bench agent at 1,000,000 incidents)
 * were each read with their clocks to keep 146 at risk: 32–150 ms on PostgreSQL under load.
 * After adding them to a big SQLite file, `ANALYZE incident_clocks` (DEVELOPERS.md, SQLite statistics).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const running = [sql.ref('state'), '=', sql.lit('running')] as const;
  await migrationKit(db).createIndexes('incident_clocks', {
    incident_clocks_user_warn_idx: { columns: ['owner_user_id', 'warn_at', 'due_at', 'incident_id', 'target'], where: [...running] },
    incident_clocks_group_warn_idx: { columns: ['owner_group_id', 'warn_at', 'due_at', 'incident_id', 'target', 'owner_user_id'], where: [...running] },
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('incident_clocks_group_warn_idx').execute();
  await db.schema.dropIndex('incident_clocks_user_warn_idx').execute();
}
