import type { Kysely } from 'kysely';

/**
 * Covering indexes for the technical activities and time reports over a period (bench at 1,000,000
 * activities and 1,000,000 time entries: each report read a year of table rows, 2.8 s on SQLite).
 * With them each aggregate reads an index that holds every column it needs, no table row:
 * - activities per origin × problem type × solution type with the pending count and the id range:
 *   PostgreSQL reads the period's range of `registered_at, origin_code, problem_type_code,
 *   solution_type_code, pending, id` and hashes the groups; SQLite has no hash aggregate (sorting
 *   250,000 keys cost 0.5 s of CPU) and reads `origin_code, problem_type_code, solution_type_code,
 *   registered_at, pending` by skip-scan, already in group order (85 ms; skip-scan needs the
 *   statistics of ANALYZE, which the bench generator runs);
 * - the automatic actions of those activities per kind and outcome, read by activity id
 *   (`activity_id, kind, status`), and the latest failures newest first (`status, ran_at`);
 * - minutes and entries per customer, project or employee over dates: PostgreSQL the range of
 *   `date, customer_id, project_id, user_id, minutes`, SQLite a skip-scan of `<key>, date, minutes`
 *   (430 → 40 ms of CPU per customer for a year).
 * `if not exists`: the bench files got them by hand before this migration ran there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('activities_report_idx').ifNotExists().on('activities').columns(['registered_at', 'origin_code', 'problem_type_code', 'solution_type_code', 'pending', 'id']).execute();
  await db.schema.createIndex('activity_actions_report_idx').ifNotExists().on('activity_actions').columns(['activity_id', 'kind', 'status']).execute();
  await db.schema.createIndex('activity_actions_failed_idx').ifNotExists().on('activity_actions').columns(['status', 'ran_at']).execute();
  await db.schema.createIndex('activities_report_dims_idx').ifNotExists().on('activities').columns(['origin_code', 'problem_type_code', 'solution_type_code', 'registered_at', 'pending']).execute();
  await db.schema.createIndex('time_entries_report_idx').ifNotExists().on('time_entries').columns(['date', 'customer_id', 'project_id', 'user_id', 'minutes']).execute();
  await db.schema.createIndex('time_entries_report_customer_idx').ifNotExists().on('time_entries').columns(['customer_id', 'date', 'minutes']).execute();
  await db.schema.createIndex('time_entries_report_project_idx').ifNotExists().on('time_entries').columns(['project_id', 'date', 'minutes']).execute();
  await db.schema.createIndex('time_entries_report_user_idx').ifNotExists().on('time_entries').columns(['user_id', 'date', 'minutes']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['time_entries_report_user_idx', 'time_entries_report_project_idx', 'time_entries_report_customer_idx', 'time_entries_report_idx', 'activities_report_dims_idx', 'activity_actions_failed_idx', 'activity_actions_report_idx', 'activities_report_idx']) {
    await db.schema.dropIndex(name).execute();
  }
}
