import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Incoming calls, their notes and postponements. The lists sort newest first on
 * (registered_at, id); every list has an index that ends in those two columns, and the hot one —
 * "pending now for me and my groups" — uses partial indexes over pending calls only
 * (finished_at is null), so it stays small however many calls were finished over the years. "Mine"
 * (me or one of my groups) is read as one ordered index range per destination, merged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  const registered = ['registered_at', 'id'];

  await k.createTable('calls', {
    id: k.identity,
    status_code: k.notNull('text'),
    customer_id: k.fk('customers'),
    contact_id: k.fk('contacts'),
    unit_id: k.fk('units'),
    ...k.each(['phone', 'phone_normalized', 'tax_id', 'serial_number'], 'text'),
    to_user_id: k.fk('users'),
    to_group_id: k.fk('groups'),
    type_code: 'text',
    description: k.notNull('text', { default: '' }),
    registered_at: k.notNull(k.ts),
    registered_by: k.fk('users'),
    finished_at: k.ts,
    finished_by: k.fk('users'),
    finished_by_action_type: 'text',
    finished_by_action_id: k.ref,
    postponed_until: k.ts,
    postpone_count: k.notNull('integer', { default: 0 }),
    updated_at: k.notNull(k.ts),
  }, {
    // "To" is one user or one group, never both, never neither.
    check: ['calls_to_one_ck', sql`(to_user_id is null) <> (to_group_id is null)`],
  });

  const pending = sql<boolean>`finished_at is null`;
  await k.createIndexes('calls', {
    calls_registered_idx: registered,
    // postponed_until rides along so "not postponed into the future" is checked in the index itself.
    calls_pending_idx: { columns: [...registered, 'postponed_until'], where: pending },
    calls_pending_user_idx: { columns: ['to_user_id', ...registered, 'postponed_until'], where: pending },
    calls_pending_group_idx: { columns: ['to_group_id', ...registered, 'postponed_until'], where: pending },
    calls_postponed_idx: { columns: ['postponed_until', 'id'], where: sql<boolean>`finished_at is null and postponed_until is not null` },
    calls_to_user_idx: ['to_user_id', ...registered],
    calls_to_group_idx: ['to_group_id', ...registered],
    calls_customer_idx: ['customer_id', ...registered],
    calls_unit_idx: { columns: ['unit_id', ...registered], where: sql<boolean>`unit_id is not null` },
    calls_type_idx: ['type_code', ...registered],
  });

  // What was said or done about a call, by whom and when: notes and postponements.
  const entry = { id: k.identity, call_id: k.fk('calls', { notNull: true }), at: k.notNull(k.ts), user_id: k.fk('users') };
  // Notes are append-only: the API has no route to change or remove one.
  await k.createTable('call_notes', { ...entry, text: k.notNull('text') }, { indexes: { call_notes_call_idx: ['call_id', 'id'] } });
  await k.createTable('call_postponements', {
    ...entry,
    until: k.notNull(k.ts),
    reason: k.notNull('text'),
    from_user_id: k.fk('users'),
    from_group_id: k.fk('groups'),
    to_user_id: k.fk('users'),
    to_group_id: k.fk('groups'),
  }, { indexes: { call_postponements_call_idx: ['call_id', 'id'] } });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('call_postponements').execute();
  await db.schema.dropTable('call_notes').execute();
  await db.schema.dropTable('calls').execute();
}
