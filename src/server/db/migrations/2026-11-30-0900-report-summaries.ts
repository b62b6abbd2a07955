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
  const t = migrationKit(db);
  await db.schema
    .createTable('report_summary_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('built_at', t.ts)
    .addColumn('lease_until', t.ts)
    .addColumn('lease_by', 'text')
    .addColumn('next_id', t.ref, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('report_incident_facts')
    .addColumn('incident_id', t.ref, (c) => c.primaryKey())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('received_at', t.ts, (c) => c.notNull())
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('specific_code', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('r_done', t.int, (c) => c.notNull())
    .addColumn('r_met', t.int, (c) => c.notNull())
    .addColumn('s_done', t.int, (c) => c.notNull())
    .addColumn('s_met', t.int, (c) => c.notNull())
    .addColumn('r_due', t.ts)
    .addColumn('s_due', t.ts)
    .addColumn('s_over', t.int)
    .addColumn('rb', t.int)
    .addColumn('sb', t.int)
    .addColumn('rcal', t.int)
    .addColumn('scal', t.int)
    .execute();
  await db.schema.createIndex('report_incident_facts_r_due_idx').on('report_incident_facts').columns(['r_due', 'day', 'received_at', 'incident_id']).where('r_due', 'is not', null).execute();
  await db.schema.createIndex('report_incident_facts_s_due_idx').on('report_incident_facts').columns(['s_due', 'day', 'received_at', 'incident_id']).where('s_due', 'is not', null).execute();
  await db.schema.createIndex('report_incident_facts_over_idx').on('report_incident_facts').columns(['s_over', 'day', 'received_at', 'incident_id']).where('s_over', 'is not', null).execute();
  await db.schema.createIndex('report_incident_facts_day_idx').on('report_incident_facts').columns(['day', 'received_at', 'incident_id']).execute();
  await db.schema
    .createTable('report_incident_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('n', t.int, (c) => c.notNull())
    .addColumn('r_done', t.int, (c) => c.notNull())
    .addColumn('r_met', t.int, (c) => c.notNull())
    .addColumn('s_done', t.int, (c) => c.notNull())
    .addColumn('s_met', t.int, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_incident_daily_pk', ['dim', 'day', 'code'])
    .execute();
  await db.schema
    .createTable('report_time_hist')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('bucket', t.int, (c) => c.notNull())
    .addColumn('n', t.int, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_time_hist_pk', ['day', 'metric', 'bucket'])
    .execute();
  const any = await db.selectFrom('incidents').select('id').limit(1).executeTakeFirst();
  await db
    .insertInto('report_summary_state')
    .values({ name: 'incidents', time_zone: process.env.ATIENDE_TIME_ZONE || 'Europe/Madrid', built_at: any ? null : new Date().toISOString(), next_id: 0 })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_time_hist', 'report_incident_daily', 'report_incident_facts', 'report_summary_state']) await db.schema.dropTable(table).execute();
}
