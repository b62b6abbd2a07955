import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * The supervisor's dashboard counts the open incidents without counting ~100,000 index entries:
 * each incident's fact says whether it is open (`report_incident_facts.open`) and the `all` rows of
 * `report_incident_daily` add them up per received day (`open`), kept by the reports' incident hooks
 * (a close through the new `incidentClosed` hook). Filled here from the incidents for the facts
 * there are; a database whose summaries are not built reads the incidents as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await db.schema.alterTable('report_incident_facts').addColumn('open', k.int, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('report_incident_daily').addColumn('open', k.int, (c) => c.notNull().defaultTo(0)).execute();
  await sql`update report_incident_facts set "open" = 1 where incident_id in (select id from incidents where is_open = ${k.true})`.execute(db);
  await sql`update report_incident_daily set "open" = x.n from (select day, count(*) as n from report_incident_facts where "open" = 1 group by day) as x where report_incident_daily.dim = 'all' and report_incident_daily.code = '' and report_incident_daily.day = x.day`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_incident_daily').dropColumn('open').execute();
  await db.schema.alterTable('report_incident_facts').dropColumn('open').execute();
}
