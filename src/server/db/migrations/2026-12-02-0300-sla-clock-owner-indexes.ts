import { type Kysely, sql } from 'kysely';
import { migrationKit, type Index } from '../migration-kit.ts';

/**
 * Fewer index pages per incident intake (issue 11): a clock belongs to a user, a group, or both, yet
 * the owner indexes of `incident_clocks` (`user_due`, `group_due`, `user_warn`, `group_warn`) held
 * an entry for every clock without that owner too (a NULL key). An intake owned by a group (97 % of
 * the bench's) wrote its two clocks into the user indexes under NULL, each at a random place by
 * deadline: ~14 of the ~207 log pages a group of five intakes writes (bench/intake-profile.ts
 * --no-checkpoint, pages mapped to indexes with dbstat). No reader looks those up: "mine" lists and
 * their at-risk ranges ask for `owner_user_id = ?` and `owner_group_id in (…)`, which imply `is not
 * null` on both engines, so each index becomes partial on its owner being set and serves the same
 * ranges (same names, same columns).
 * SQLite: each rebuilt index keeps the statistics rows of the index it replaces (sqlite_stat1/stat4),
 * so plans chosen by cost stay as they were and `PRAGMA optimize` finds no index without statistics
 * (it would ANALYZE the whole table: minutes at 2,000,000 clocks).
 */
const clock = ['incident_id', 'target'];
const INDEXES: Array<[name: string, columns: string[], running: boolean, owner: string]> = [
  ['incident_clocks_user_due_idx', ['owner_user_id', 'state', 'due_at', ...clock], false, 'owner_user_id'],
  ['incident_clocks_group_due_idx', ['owner_group_id', 'state', 'due_at', ...clock], false, 'owner_group_id'],
  ['incident_clocks_user_warn_idx', ['owner_user_id', 'warn_at', 'due_at', ...clock], true, 'owner_user_id'],
  ['incident_clocks_group_warn_idx', ['owner_group_id', 'warn_at', 'due_at', ...clock, 'owner_user_id'], true, 'owner_group_id'],
];

async function statTables(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name in ('sqlite_stat1', 'sqlite_stat4')`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function rebuild(db: Kysely<any>, ownerSet: boolean): Promise<void> {
  const k = migrationKit(db);
  const stats = k.pg ? [] : await statTables(db);
  for (const [name, columns, running, owner] of INDEXES) {
    const kept: Array<[string, unknown[]]> = [];
    for (const t of stats) kept.push([t, (await sql<Record<string, unknown>>`select * from ${sql.id(t)} where idx = ${name}`.execute(db)).rows]);
    await db.schema.dropIndex(name).execute();
    const where = [running ? `state = 'running'` : null, ownerSet ? `${owner} is not null` : null].filter(Boolean).join(' and ');
    const index: Index = where ? { columns, where: sql<boolean>`${sql.raw(where)}` } : columns;
    await k.createIndexes('incident_clocks', { [name]: index });
    for (const [t, rows] of kept) {
      await sql`delete from ${sql.id(t)} where idx = ${name}`.execute(db);
      for (const r of rows as Array<Record<string, unknown>>) {
        const cols = Object.keys(r);
        await sql`insert into ${sql.id(t)} (${sql.join(cols.map((c) => sql.id(c)))}) values (${sql.join(cols.map((c) => r[c]))})`.execute(db);
      }
    }
  }
  // The connection reads the rows just written (else PRAGMA optimize, after migrating, sees indexes
  // without statistics in memory and analyzes the whole table).
  if (stats.length) await sql`analyze sqlite_schema`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, false);
}
