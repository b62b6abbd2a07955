import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * One deadline index of the clocks instead of two (issue 11: an intake writes its two clocks into
 * every index of `incident_clocks`, and an index keyed by a deadline takes each clock at a random
 * place: about a log page per clock at a group's COMMIT). `incident_clocks_state_due_idx` (state,
 * due_at, incident_id, target) served SQLite's breached lists and `incident_clocks_running_due_idx`
 * (due_at, warn_at, incident_id, target, running clocks only) the at-risk window of SQLite
 * (`atRiskProbe`, INDEXED BY) and PostgreSQL's breached list. The first gains `warn_at` as its last
 * column and takes the second's readers: they all ask `state = 'running'` and a range of `due_at`
 * ordered by (due_at, incident_id, target), which it answers in order and covering; every reader of
 * the first keeps its prefix (same plans: bench/index-readers.ts on both engines, areas.md).
 * SQLite: the rebuilt index keeps its statistics row (one more column, one row per key), so plans
 * chosen by cost stay and `PRAGMA optimize` finds no index without statistics (it would ANALYZE the
 * whole table: minutes at 2,000,000 clocks).
 */
const clock = ['incident_id', 'target'];

async function hasStat1(db: Kysely<any>): Promise<boolean> {
  return (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'sqlite_stat1'`.execute(db)).rows.length > 0;
}

async function rebuildStateDue(db: Kysely<any>, columns: string[], stat: (old: string) => string): Promise<void> {
  const k = migrationKit(db);
  const name = 'incident_clocks_state_due_idx';
  const kept = !k.pg && (await hasStat1(db)) ? (await sql<{ stat: string }>`select stat from sqlite_stat1 where idx = ${name}`.execute(db)).rows[0]?.stat : undefined;
  await db.schema.dropIndex(name).execute();
  await k.createIndexes('incident_clocks', { [name]: columns });
  if (kept !== undefined) {
    await sql`delete from sqlite_stat1 where idx = ${name}`.execute(db);
    await sql`insert into sqlite_stat1 (tbl, idx, stat) values ('incident_clocks', ${name}, ${stat(kept)})`.execute(db);
    // The connection reads the row just written (else PRAGMA optimize sees an index without statistics).
    await sql`analyze sqlite_schema`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuildStateDue(db, ['state', 'due_at', ...clock, 'warn_at'], (old) => `${old} 1`);
  await db.schema.dropIndex('incident_clocks_running_due_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await rebuildStateDue(db, ['state', 'due_at', ...clock], (old) => old.split(' ').slice(0, 5).join(' '));
  await k.createIndexes('incident_clocks', {
    incident_clocks_running_due_idx: { columns: ['due_at', 'warn_at', ...clock], where: [sql.ref('state'), '=', sql.lit('running')] },
  });
}
