import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * The supervisor's badge without counting incidents (issue 12): `sla_counts` holds, per owner pair
 * (user, group) and view (`at_risk`, `breached`, `paused`), rows of +n/−n written with the
 * incident's clocks and summed on read (a few hundred rows once folded by the `sla-counts` job),
 * instead of `count(*)` over index ranges of ~23,000 incidents.
 *
 * Time alone moves an incident from on time to at risk to breached, so each `incident_sla_state`
 * row says what it is counted as (`counted`: at_risk, breached or null) and until when that holds
 * (`phase_until`: its warning while on time, its deadline while at risk). The `sla-counts` job moves
 * the rows whose `phase_until` has come, and the counters with them; a read adds what time has done
 * since (the rows with `phase_until <= now`: those the last pass has not moved yet, a handful),
 * so the badge is exact. Filled here from the state rows as of now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await db.schema.alterTable('incident_sla_state').addColumn('counted', 'text').execute();
  await db.schema.alterTable('incident_sla_state').addColumn('phase_until', k.ts).execute();
  const now = new Date().toISOString();
  const at = k.pg ? sql`cast(${now} as timestamptz)` : sql`${now}`;
  await sql`update incident_sla_state set
      counted = case when due_at <= ${at} then 'breached' when warn_at <= ${at} then 'at_risk' end,
      phase_until = case when due_at <= ${at} then null when warn_at <= ${at} then due_at else warn_at end`.execute(db);
  await db.schema
    .createIndex('incident_sla_state_phase_idx')
    .on('incident_sla_state')
    .columns(['phase_until', 'counted', 'due_at', 'warn_at', 'owner_user_id', 'owner_group_id'])
    .execute();
  await k
    .id(db.schema.createTable('sla_counts'))
    .addColumn('owner_user_id', k.ref)
    .addColumn('owner_group_id', k.ref)
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('n', k.int, (c) => c.notNull())
    .execute();
  await sql`insert into sla_counts (owner_user_id, owner_group_id, view, n)
    select owner_user_id, owner_group_id, counted, count(*) from incident_sla_state where counted is not null group by owner_user_id, owner_group_id, counted
    union all
    select owner_user_id, owner_group_id, 'paused', count(*) from incident_sla_state where paused_since is not null group by owner_user_id, owner_group_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sla_counts').execute();
  await db.schema.dropIndex('incident_sla_state_phase_idx').execute();
  await db.schema.alterTable('incident_sla_state').dropColumn('phase_until').execute();
  await db.schema.alterTable('incident_sla_state').dropColumn('counted').execute();
}
