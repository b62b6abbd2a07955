import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Repeat failures per serial number at 1,000,000 incidents, kept on write
 * (modules/reports/serial-gaps.service.ts): one row per incident that names a serial, with the
 * instant its serial's previous incident was received and the seconds between them (null for a
 * serial's first incident). The root-cause report finds the serials with two incidents close together
 * as one range of `report_serial_gaps_repeat_idx` (gap ≤ N days) instead of a window over every
 * incident. Its `report_summary_state` row `serial-gaps`: built on an empty database; one with
 * incidents in it reads the incidents until `atiende reports rebuild --only serial-gaps` has run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = migrationKit(db);
  await db.schema
    .createTable('report_serial_gaps')
    .addColumn('incident_id', t.ref, (c) => c.primaryKey())
    .addColumn('serial_number', 'text', (c) => c.notNull())
    .addColumn('received_at', t.ts, (c) => c.notNull())
    .addColumn('prev_received_at', t.ts)
    .addColumn('gap_s', t.ref)
    .execute();
  await db.schema.createIndex('report_serial_gaps_repeat_idx').on('report_serial_gaps').columns(['gap_s', 'received_at', 'prev_received_at', 'serial_number']).where('gap_s', 'is not', null).execute();
  const any = await db.selectFrom('incidents').select('id').limit(1).executeTakeFirst();
  await db
    .insertInto('report_summary_state')
    .values({ name: 'serial-gaps', time_zone: process.env.ATIENDE_TIME_ZONE || 'Europe/Madrid', built_at: any ? null : new Date().toISOString(), next_id: 0 })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('report_summary_state').where('name', '=', 'serial-gaps').execute();
  await db.schema.dropTable('report_serial_gaps').execute();
}
