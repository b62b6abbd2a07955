import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * SLA clocks of incidents (one row per incident and target: response, resolution) and the
 * escalations sent (one row per incident, target, level and deadline: the unique key is what makes
 * an escalation happen once across app servers). No foreign key to incidents: the SLA area owns
 * these rows and the incidents area's migration may run after this one on a fresh database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  const clock = ['incident_id', 'target'];
  await k.createTable('incident_clocks', {
    incident_id: k.notNull(k.ref),
    target: k.notNull('text'),
    state: k.notNull('text'),
    calendar_id: k.notNull(k.ref),
    ...k.each(['target_minutes', 'margin_minutes'], k.notNull('integer')),
    anchor_at: k.notNull(k.ts),
    used_before: k.notNull('integer'),
    ...k.each(['paused_since', 'stopped_at', 'due_at', 'warn_at', 'warned_for', 'breached_for', 'next_escalation_at', 'lease_until'], k.ts),
    lease_token: 'text',
    met: k.bool,
    incident_number: k.notNull('text'),
    customer_id: k.notNull(k.ref),
    ...k.each(['priority_code', 'status_code'], k.notNull('text')),
    ...k.each(['owner_user_id', 'owner_group_id'], k.ref),
    updated_at: k.notNull(k.ts),
  }, {
    primaryKey: ['incident_clocks_pk', clock],
    // The supervisor's lists (soonest deadline first, per owner and group) and the escalation sweep.
    indexes: {
      incident_clocks_state_due_idx: ['state', 'due_at', ...clock],
      incident_clocks_user_due_idx: ['owner_user_id', 'state', 'due_at', ...clock],
      incident_clocks_group_due_idx: ['owner_group_id', 'state', 'due_at', ...clock],
      incident_clocks_paused_idx: ['state', 'paused_since', ...clock],
      incident_clocks_next_idx: ['next_escalation_at'],
      incident_clocks_calendar_idx: ['calendar_id', 'state'],
    },
  });

  await k.createTable('sla_escalations', {
    id: k.identity,
    incident_id: k.notNull(k.ref),
    ...k.each(['target', 'level'], k.notNull('text')),
    ...k.each(['due_at', 'at'], k.notNull(k.ts)),
    ...k.each(['notices', 'emails'], k.notNull('integer')),
  }, { indexes: { sla_escalations_once_uq: { columns: [...clock, 'level', 'due_at'], unique: true } } });
}

export async function down(): Promise<void> {
  throw new Error('Restore a backup to undo the SLA clocks migration.');
}
