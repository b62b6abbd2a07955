import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * One row per incident whose SLA is live (a clock running or paused), kept by the SLA area in the
 * same transaction as the clocks: the earliest deadline and warning of its running clocks, since when
 * it is paused, and its owner. The supervisor's badge counts are then `count(*)` ranges of one row per
 * incident: breached `due_at <= now`, at risk `warn_at <= now < due_at`, paused `paused_since` set;
 * counting the clocks needed `count(distinct incident_id)` over every running clock past due
 * (23,000 at 1,000,000 incidents: a temp B-tree, 22 ms on SQLite). Backfilled from the clocks.
 *
 * The lists read the clocks; two partial indexes give them their order without a sort: running
 * clocks by deadline with the warning beside it (at risk: the walk from now stops at the page), and
 * paused clocks by since when.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await k.createTable('incident_sla_state', {
    incident_id: k.primaryKey(k.ref),
    ...k.each(['due_at', 'warn_at', 'paused_since'], k.ts),
    ...k.each(['owner_user_id', 'owner_group_id'], k.ref),
    updated_at: k.notNull(k.ts),
  });
  await sql`
    insert into incident_sla_state (incident_id, due_at, warn_at, paused_since, owner_user_id, owner_group_id, updated_at)
    select incident_id,
           min(case when state = 'running' then due_at end),
           min(case when state = 'running' then warn_at end),
           min(case when state = 'paused' then paused_since end),
           max(owner_user_id), max(owner_group_id), max(updated_at)
      from incident_clocks
     where state in ('running', 'paused')
     group by incident_id`.execute(db);
  await k.createIndexes('incident_sla_state', {
    incident_sla_state_due_idx: ['due_at'],
    incident_sla_state_warn_idx: ['warn_at', 'due_at'],
    incident_sla_state_paused_idx: ['paused_since'],
    incident_sla_state_user_idx: ['owner_user_id', 'due_at', 'warn_at', 'paused_since'],
    incident_sla_state_group_idx: ['owner_group_id', 'owner_user_id', 'due_at', 'warn_at', 'paused_since'],
  });
  await k.createIndexes('incident_clocks', {
    incident_clocks_running_due_idx: { columns: ['due_at', 'warn_at', 'incident_id', 'target'], where: [sql.ref('state'), '=', sql.lit('running')] },
    incident_clocks_paused_since_idx: { columns: ['paused_since', 'incident_id', 'target'], where: [sql.ref('state'), '=', sql.lit('paused')] },
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('incident_clocks_paused_since_idx').execute();
  await db.schema.dropIndex('incident_clocks_running_due_idx').execute();
  await db.schema.dropTable('incident_sla_state').execute();
}
