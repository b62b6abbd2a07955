import type { Kysely } from 'kysely';

/**
 * Indexes for the incident reports at 1,000,000 incidents (bench/results/areas.md, seventh session):
 * - repeat failures per serial: the incidents that name a serial, by serial then received instant,
 *   holding the id, item and number, so finding the serials with two incidents close together and
 *   then reading their incidents never reads an incident row;
 * - free supplies: the supply lines by the instant they were added, holding incident, item, quantity
 *   and cost (the report sums them per month in SQL; only the incident's case type is looked up);
 *   it replaces `incident_supplies_report_idx`, its prefix;
 * - the summaries: the daily counts and the duration histogram read by index only (their primary
 *   keys hold the key, not the counts), and the facts' running and late clocks by received day.
 * `if not exists`: the bench files were given them by hand before this migration ran there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('incidents_report_serial_idx').ifNotExists().on('incidents').columns(['serial_number', 'received_at', 'id', 'item_id', 'number']).where('serial_number', 'is not', null).execute();
  await db.schema.createIndex('incident_supplies_report_cost_idx').ifNotExists().on('incident_supplies').columns(['created_at', 'incident_id', 'item_id', 'quantity_milli', 'cost_cents']).execute();
  await db.schema.dropIndex('incident_supplies_report_idx').ifExists().execute();
  await db.schema.createIndex('report_incident_daily_cover_idx').ifNotExists().on('report_incident_daily').columns(['dim', 'day', 'code', 'n', 'r_done', 'r_met', 's_done', 's_met']).execute();
  await db.schema.createIndex('report_time_hist_cover_idx').ifNotExists().on('report_time_hist').columns(['day', 'metric', 'bucket', 'n']).execute();
  await db.schema.createIndex('report_incident_facts_day_r_due_idx').ifNotExists().on('report_incident_facts').columns(['day', 'r_due']).where('r_due', 'is not', null).execute();
  await db.schema.createIndex('report_incident_facts_day_s_due_idx').ifNotExists().on('report_incident_facts').columns(['day', 's_due', 'received_at', 'incident_id']).where('s_due', 'is not', null).execute();
  await db.schema.createIndex('report_incident_facts_day_over_idx').ifNotExists().on('report_incident_facts').columns(['day', 's_over', 'received_at', 'incident_id']).where('s_over', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['report_incident_facts_day_over_idx', 'report_incident_facts_day_s_due_idx', 'report_incident_facts_day_r_due_idx', 'report_time_hist_cover_idx', 'report_incident_daily_cover_idx', 'incident_supplies_report_cost_idx', 'incidents_report_serial_idx']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
  await db.schema.createIndex('incident_supplies_report_idx').on('incident_supplies').columns(['created_at', 'incident_id']).execute();
}
