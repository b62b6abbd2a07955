import { type Kysely, sql } from 'kysely';
import { migrationKit, type Index } from '../migration-kit.ts';

/**
 * Fewer index entries per call (issue 16, registering a call): a call goes to one user OR one
 * group, never both, yet every index led by `to_user_id` or `to_group_id` also held an entry for
 * each call sent to the other kind of destination (a NULL key), and `calls_customer_idx` /
 * `calls_type_idx` one for each call without a customer or a type. No reader ever looks those up:
 * every list, count and feed on these indexes asks for `column = ?` (or `in (…)`), which implies
 * `column is not null` on both engines, so each index becomes partial on its leading column being
 * set and serves the same ranges. A new pending call writes 3 index entries fewer (8 instead of 11:
 * none in the other destination's pending, by-priority and all-calls indexes; one fewer again
 * without a type); a postponed one 2 instead of 3 in the postponed indexes.
 * Same names, same columns; on SQLite each rebuilt index gets its statistics at once
 * (`ANALYZE <index>` reads that index only), so `PRAGMA optimize` does not analyze the whole table.
 */
const pending = 'finished_at is null';
const postponed = 'finished_at is null and postponed_until is not null';
const registered = ['registered_at', 'id'];

const INDEXES: Array<[name: string, columns: string[], before: string | null, lead: string]> = [
  ['calls_pending_user_idx', ['to_user_id', ...registered, 'postponed_until'], pending, 'to_user_id'],
  ['calls_pending_group_idx', ['to_group_id', ...registered, 'postponed_until'], pending, 'to_group_id'],
  ['calls_pending_user_priority_idx', ['to_user_id', 'priority_rank', ...registered, 'postponed_until'], pending, 'to_user_id'],
  ['calls_pending_group_priority_idx', ['to_group_id', 'priority_rank', ...registered, 'postponed_until'], pending, 'to_group_id'],
  ['calls_postponed_user_idx', ['to_user_id', 'postponed_until'], postponed, 'to_user_id'],
  ['calls_postponed_group_idx', ['to_group_id', 'postponed_until'], postponed, 'to_group_id'],
  ['calls_to_user_idx', ['to_user_id', ...registered], null, 'to_user_id'],
  ['calls_to_group_idx', ['to_group_id', ...registered], null, 'to_group_id'],
  ['calls_customer_idx', ['customer_id', ...registered], null, 'customer_id'],
  ['calls_type_idx', ['type_code', ...registered], null, 'type_code'],
];

async function rebuild(db: Kysely<any>, withLead: boolean): Promise<void> {
  const k = migrationKit(db);
  const sqlite = !k.pg;
  for (const [name, columns, before, lead] of INDEXES) {
    await db.schema.dropIndex(name).execute();
    const where = [before, withLead ? `${lead} is not null` : null].filter(Boolean).join(' and ');
    const index: Index = where ? { columns, where: sql<boolean>`${sql.raw(where)}` } : columns;
    await k.createIndexes('calls', { [name]: index });
    if (sqlite) await sql`analyze ${sql.id(name)}`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, false);
}
