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

  await k.id(db.schema.createTable('calls'))
    .addColumn('status_code', 'text', (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.references('customers.id'))
    .addColumn('contact_id', k.ref, (c) => c.references('contacts.id'))
    .addColumn('unit_id', k.ref, (c) => c.references('units.id'))
    .addColumn('phone', 'text')
    .addColumn('phone_normalized', 'text')
    .addColumn('tax_id', 'text')
    .addColumn('serial_number', 'text')
    .addColumn('to_user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('to_group_id', k.ref, (c) => c.references('groups.id'))
    .addColumn('type_code', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('registered_at', k.ts, (c) => c.notNull())
    .addColumn('registered_by', k.ref, (c) => c.references('users.id'))
    .addColumn('finished_at', k.ts)
    .addColumn('finished_by', k.ref, (c) => c.references('users.id'))
    .addColumn('finished_by_action_type', 'text')
    .addColumn('finished_by_action_id', k.ref)
    .addColumn('postponed_until', k.ts)
    .addColumn('postpone_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    // "To" is one user or one group, never both, never neither.
    .addCheckConstraint('calls_to_one_ck', sql`(to_user_id is null) <> (to_group_id is null)`)
    .execute();

  const pending = sql<boolean>`finished_at is null`;
  await db.schema.createIndex('calls_registered_idx').on('calls').columns(['registered_at', 'id']).execute();
  // postponed_until rides along so "not postponed into the future" is checked in the index itself.
  await db.schema.createIndex('calls_pending_idx').on('calls').columns(['registered_at', 'id', 'postponed_until']).where(pending).execute();
  await db.schema.createIndex('calls_pending_user_idx').on('calls').columns(['to_user_id', 'registered_at', 'id', 'postponed_until']).where(pending).execute();
  await db.schema.createIndex('calls_pending_group_idx').on('calls').columns(['to_group_id', 'registered_at', 'id', 'postponed_until']).where(pending).execute();
  await db.schema
    .createIndex('calls_postponed_idx')
    .on('calls')
    .columns(['postponed_until', 'id'])
    .where(sql<boolean>`finished_at is null and postponed_until is not null`)
    .execute();
  await db.schema.createIndex('calls_to_user_idx').on('calls').columns(['to_user_id', 'registered_at', 'id']).execute();
  await db.schema.createIndex('calls_to_group_idx').on('calls').columns(['to_group_id', 'registered_at', 'id']).execute();
  await db.schema.createIndex('calls_customer_idx').on('calls').columns(['customer_id', 'registered_at', 'id']).execute();
  await db.schema.createIndex('calls_unit_idx').on('calls').columns(['unit_id', 'registered_at', 'id']).where(sql<boolean>`unit_id is not null`).execute();
  await db.schema.createIndex('calls_type_idx').on('calls').columns(['type_code', 'registered_at', 'id']).execute();

  // Notes are append-only: the API has no route to change or remove one.
  await k.id(db.schema.createTable('call_notes'))
    .addColumn('call_id', k.ref, (c) => c.notNull().references('calls.id'))
    .addColumn('at', k.ts, (c) => c.notNull())
    .addColumn('user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_notes_call_idx').on('call_notes').columns(['call_id', 'id']).execute();

  await k.id(db.schema.createTable('call_postponements'))
    .addColumn('call_id', k.ref, (c) => c.notNull().references('calls.id'))
    .addColumn('at', k.ts, (c) => c.notNull())
    .addColumn('user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('until', k.ts, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('from_user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('from_group_id', k.ref, (c) => c.references('groups.id'))
    .addColumn('to_user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('to_group_id', k.ref, (c) => c.references('groups.id'))
    .execute();
  await db.schema.createIndex('call_postponements_call_idx').on('call_postponements').columns(['call_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('call_postponements').execute();
  await db.schema.dropTable('call_notes').execute();
  await db.schema.dropTable('calls').execute();
}
