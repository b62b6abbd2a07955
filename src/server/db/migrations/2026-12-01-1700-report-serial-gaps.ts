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
  const k = migrationKit(db);
  await k.createTable('report_serial_gaps', {
    incident_id: k.primaryKey(k.ref),
    serial_number: k.notNull('text'),
    received_at: k.notNull(k.ts),
    prev_received_at: k.ts,
    gap_s: k.ref,
  }, { indexes: { report_serial_gaps_repeat_idx: { columns: ['gap_s', 'received_at', 'prev_received_at', 'serial_number'], where: ['gap_s', 'is not', null] } } });
  await k.addSummaryState('serial-gaps', 'incidents');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('report_summary_state').where('name', '=', 'serial-gaps').execute();
  await db.schema.dropTable('report_serial_gaps').execute();
}
