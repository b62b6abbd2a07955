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
  await db.schema
    .createTable('incident_clocks')
    .addColumn('incident_id', k.ref, (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('calendar_id', k.ref, (c) => c.notNull())
    .addColumn('target_minutes', 'integer', (c) => c.notNull())
    .addColumn('margin_minutes', 'integer', (c) => c.notNull())
    .addColumn('anchor_at', k.ts, (c) => c.notNull())
    .addColumn('used_before', 'integer', (c) => c.notNull())
    .addColumn('paused_since', k.ts)
    .addColumn('stopped_at', k.ts)
    .addColumn('due_at', k.ts)
    .addColumn('warn_at', k.ts)
    .addColumn('warned_for', k.ts)
    .addColumn('breached_for', k.ts)
    .addColumn('next_escalation_at', k.ts)
    .addColumn('lease_until', k.ts)
    .addColumn('lease_token', 'text')
    .addColumn('met', k.bool)
    .addColumn('incident_number', 'text', (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.notNull())
    .addColumn('priority_code', 'text', (c) => c.notNull())
    .addColumn('status_code', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', k.ref)
    .addColumn('owner_group_id', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_clocks_pk', ['incident_id', 'target'])
    .execute();
  // The supervisor's lists (soonest deadline first, per owner and group) and the escalation sweep.
  await db.schema.createIndex('incident_clocks_state_due_idx').on('incident_clocks').columns(['state', 'due_at', 'incident_id', 'target']).execute();
  await db.schema.createIndex('incident_clocks_user_due_idx').on('incident_clocks').columns(['owner_user_id', 'state', 'due_at', 'incident_id', 'target']).execute();
  await db.schema.createIndex('incident_clocks_group_due_idx').on('incident_clocks').columns(['owner_group_id', 'state', 'due_at', 'incident_id', 'target']).execute();
  await db.schema.createIndex('incident_clocks_paused_idx').on('incident_clocks').columns(['state', 'paused_since', 'incident_id', 'target']).execute();
  await db.schema.createIndex('incident_clocks_next_idx').on('incident_clocks').columns(['next_escalation_at']).execute();
  await db.schema.createIndex('incident_clocks_calendar_idx').on('incident_clocks').columns(['calendar_id', 'state']).execute();

  await k
    .id(db.schema.createTable('sla_escalations'))
    .addColumn('incident_id', k.ref, (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('due_at', k.ts, (c) => c.notNull())
    .addColumn('at', k.ts, (c) => c.notNull())
    .addColumn('notices', 'integer', (c) => c.notNull())
    .addColumn('emails', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_escalations_once_uq').on('sla_escalations').columns(['incident_id', 'target', 'level', 'due_at']).unique().execute();
}

export async function down(): Promise<void> {
  throw new Error('Restore a backup to undo the SLA clocks migration.');
}
