import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * PostgreSQL: "at risk, everyone's" (a running clock with `warn_at <= now < due_at`) as one lookup
 * of a GiST index of each running clock's span `[warn_at, due_at)`: the clocks whose span holds
 * now, index-only (the page's keys are included). No b-tree bounds both ends: along the deadline
 * every future running clock is read (110,000 at 1,000,000 incidents), along the warning every
 * warned one, breached ones included (22,000), to keep the few at risk (9–40 on the bench data):
 * 4–9 ms one at a time against 0.3 ms. `least()` keeps the range valid whatever a row holds (a
 * lower bound above the upper one is an error); the query checks both ends again.
 * SQLite keeps its reads (a window of the deadline index, then the warning index).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!migrationKit(db).pg) return;
  await sql`create index incident_clocks_running_span_idx on incident_clocks
    using gist (tstzrange(least(warn_at, due_at), due_at)) include (due_at, warn_at, incident_id, target)
    where state = 'running'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!migrationKit(db).pg) return;
  await sql`drop index incident_clocks_running_span_idx`.execute(db);
}
