import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Summary tables of the reports, maintained on write (modules/reports/summaries.service.ts), so a
 * year's report at 1,000,000 incidents reads a few thousand summary rows instead of the incidents:
 * - `report_incident_facts`: what each incident contributes (its received day in the summaries'
 *   time zone, the dimensions, its clocks' outcome and times). The incident's transaction compares
 *   the new contribution with this row and applies the difference to the two tables below.
 * - `report_incident_daily`: per received day × dimension (all, reason, specific reason, item, case
 *   type) × code, the incidents and their stopped / met response and resolution clocks (upserts
 *   `n = n + d`, never read-modify-write).
 * - `report_time_hist`: per received day × measure (business minutes and calendar seconds to
 *   response and to resolution) × bucket, how many incidents (medians and P90 of large periods).
 * - `report_summary_state`: the time zone of the days, whether the tables are built, and the lease
 *   of a rebuild. An empty database starts built; one that already has incidents reads the source
 *   rows until `atiende reports rebuild` has filled the tables (in batches, while the server runs).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await k.createTable('report_summary_state', {
    name: k.primaryKey('text'),
    time_zone: k.notNull('text'),
    built_at: k.ts,
    lease_until: k.ts,
    lease_by: 'text',
    next_id: k.notNull(k.ref, { default: 0 }),
  });
  const byDay = ['day', 'received_at', 'incident_id'];
  await k.createTable('report_incident_facts', {
    incident_id: k.primaryKey(k.ref),
    day: k.notNull('text'),
    received_at: k.notNull(k.ts),
    ...k.each(['reason_code', 'specific_code', 'item_key', 'case_type'], k.notNull('text')),
    ...k.each(['r_done', 'r_met', 's_done', 's_met'], k.notNull(k.int)),
    r_due: k.ts,
    s_due: k.ts,
    ...k.each(['s_over', 'rb', 'sb', 'rcal', 'scal'], k.int),
  }, {
    indexes: {
      report_incident_facts_r_due_idx: { columns: ['r_due', ...byDay], where: ['r_due', 'is not', null] },
      report_incident_facts_s_due_idx: { columns: ['s_due', ...byDay], where: ['s_due', 'is not', null] },
      report_incident_facts_over_idx: { columns: ['s_over', ...byDay], where: ['s_over', 'is not', null] },
      report_incident_facts_day_idx: byDay,
    },
  });
  await k.createTable('report_incident_daily', {
    ...k.each(['day', 'dim', 'code'], k.notNull('text')),
    ...k.each(['n', 'r_done', 'r_met', 's_done', 's_met'], k.notNull(k.int)),
  }, { primaryKey: ['report_incident_daily_pk', ['dim', 'day', 'code']] });
  await k.createTable('report_time_hist', {
    ...k.each(['day', 'metric'], k.notNull('text')),
    ...k.each(['bucket', 'n'], k.notNull(k.int)),
  }, { primaryKey: ['report_time_hist_pk', ['day', 'metric', 'bucket']] });
  await k.addSummaryState('incidents', 'incidents');
}

export async function down(db: Kysely<any>): Promise<void> {
  await migrationKit(db).dropTables(['report_time_hist', 'report_incident_daily', 'report_incident_facts', 'report_summary_state']);
}
