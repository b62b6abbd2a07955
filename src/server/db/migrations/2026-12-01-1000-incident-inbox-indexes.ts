import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * The incident inbox's filters on open incidents, each an index range newest first that stops at
 * the page (incidents.repository.ts listIncidents): status, priority, stage and case type of the
 * open incidents, and the open unassigned ones. Partial indexes (`WHERE is_open`): about a tenth of
 * the table, and a new incident (open) lands at the end of its value's range. Before, "open and
 * status EC" walked every open incident newest first and read each from the table to check its
 * status (1,100 rows for a page of 50 at 1,000,000 incidents: 30 ms on SQLite), and a rare value
 * with many closed incidents read them all through the full `(status_code, received_at, id)` index.
 * `if not exists`: the bench databases got them by hand before this migration ran there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  const open = (name: string, columns: string[], extra?: string) =>
    db.schema
      .createIndex(name)
      .ifNotExists()
      .on('incidents')
      .columns(columns)
      .where(extra ? sql<boolean>`is_open = ${k.true} and ${sql.raw(extra)}` : sql<boolean>`is_open = ${k.true}`)
      .execute();
  await open('incidents_open_status_idx', ['status_code', 'received_at', 'id']);
  await open('incidents_open_priority_idx', ['priority_code', 'received_at', 'id']);
  await open('incidents_open_stage_idx', ['stage', 'received_at', 'id']);
  await open('incidents_open_case_type_idx', ['case_type', 'received_at', 'id']);
  await open('incidents_unassigned_idx', ['received_at', 'id'], 'owner_user_id is null and owner_group_id is null');
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['incidents_unassigned_idx', 'incidents_open_case_type_idx', 'incidents_open_stage_idx', 'incidents_open_priority_idx', 'incidents_open_status_idx']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
