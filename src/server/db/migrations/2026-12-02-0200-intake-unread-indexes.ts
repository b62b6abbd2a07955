import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Indexes every incident intake writes and no reader uses (issue 11: a group of intakes pays each
 * dirtied page at its COMMIT, in the checkpoint and in system CPU). `bench/index-readers.ts` replayed
 * every screen, report and job that reads these tables on both engines at 1,000,000 incidents and
 * no plan named them:
 * - `incident_clocks_calendar_idx` (calendar, state): nothing reads clocks by calendar.
 * - `incident_sla_state` due, warn, paused, user and group: the badge reads `sla_counts`, the phase
 *   job `incident_sla_state_phase_idx`; only the tests' cross-check (`countSlaStates`, a few rows)
 *   and the recount (whole table) read the others.
 * - `report_incident_facts` r_due and s_due: the incident-times report and its worst cases read the
 *   day-first indexes (`…_day_r_due_idx`, `…_day_s_due_idx`) for a day, a month and a year.
 */
const DROPPED = [
  'incident_clocks_calendar_idx',
  'incident_sla_state_due_idx',
  'incident_sla_state_warn_idx',
  'incident_sla_state_paused_idx',
  'incident_sla_state_user_idx',
  'incident_sla_state_group_idx',
  'report_incident_facts_r_due_idx',
  'report_incident_facts_s_due_idx',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const name of DROPPED) await db.schema.dropIndex(name).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  const byDay = ['day', 'received_at', 'incident_id'];
  await k.createIndexes('report_incident_facts', {
    report_incident_facts_r_due_idx: { columns: ['r_due', ...byDay], where: ['r_due', 'is not', null] },
    report_incident_facts_s_due_idx: { columns: ['s_due', ...byDay], where: ['s_due', 'is not', null] },
  });
  await k.createIndexes('incident_sla_state', {
    incident_sla_state_due_idx: ['due_at'],
    incident_sla_state_warn_idx: ['warn_at', 'due_at'],
    incident_sla_state_paused_idx: ['paused_since'],
    incident_sla_state_user_idx: ['owner_user_id', 'due_at', 'warn_at', 'paused_since'],
    incident_sla_state_group_idx: ['owner_group_id', 'owner_user_id', 'due_at', 'warn_at', 'paused_since'],
  });
  await k.createIndexes('incident_clocks', { incident_clocks_calendar_idx: ['calendar_id', 'state'] });
}
