import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Technical and commercial activities, their automatic actions, attachments (stored in the
 * database so backups and every app server see them), notices, the customer agenda and the
 * e-mail outbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  const blob = k.pg ? 'bytea' : 'blob';

  await k.id(db.schema.createTable('activities'))
    .addColumn('registered_at', k.ts, (c) => c.notNull())
    .addColumn('registered_by', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('status_code', 'text', (c) => c.notNull())
    .addColumn('pending', k.bool, (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.references('customers.id'))
    // No foreign key: projects belong to another area whose migration may run later.
    .addColumn('project_id', k.ref)
    .addColumn('origin_code', 'text')
    .addColumn('problem_type_code', 'text')
    .addColumn('problem', 'text')
    .addColumn('solution_type_code', 'text')
    .addColumn('solution', 'text')
    .addColumn('from_call_id', k.ref)
    // The last automatic action run on the activity (the history is in activity_actions).
    .addColumn('action_kind', 'text')
    .addColumn('action_status', 'text')
    .addColumn('action_error', 'text')
    .addColumn('action_result_type', 'text')
    .addColumn('action_result_id', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addColumn('updated_by', k.ref)
    .execute();
  await db.schema.createIndex('activities_registered_idx').on('activities').columns(['registered_at', 'id']).execute();
  await db.schema.createIndex('activities_customer_idx').on('activities').columns(['customer_id', 'registered_at', 'id']).execute();
  await db.schema.createIndex('activities_pending_idx').on('activities').columns(['pending', 'registered_at', 'id']).execute();
  await db.schema.createIndex('activities_user_idx').on('activities').columns(['registered_by', 'registered_at', 'id']).execute();
  await db.schema.createIndex('activities_status_idx').on('activities').columns(['status_code', 'registered_at', 'id']).execute();
  await db.schema.createIndex('activities_project_idx').on('activities').columns(['project_id']).execute();
  await db.schema.createIndex('activities_solution_type_idx').on('activities').columns(['solution_type_code', 'registered_at', 'id']).execute();

  // Every automatic action that ran, one row per solution type assignment.
  await k.id(db.schema.createTable('activity_actions'))
    .addColumn('activity_id', k.ref, (c) => c.notNull().references('activities.id'))
    .addColumn('solution_type_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('result_type', 'text')
    .addColumn('result_id', k.ref)
    .addColumn('ran_at', k.ts, (c) => c.notNull())
    .addColumn('ran_by', k.ref)
    .execute();
  await db.schema.createIndex('activity_actions_activity_idx').on('activity_actions').columns(['activity_id', 'id']).execute();

  await k.id(db.schema.createTable('commercial_activities'))
    .addColumn('registered_at', k.ts, (c) => c.notNull())
    .addColumn('registered_by', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('contact_id', k.ref, (c) => c.references('contacts.id'))
    .addColumn('type_code', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('date', k.date, (c) => c.notNull())
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('next_action_date', k.date)
    .addColumn('from_call_id', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commercial_activities_date_idx').on('commercial_activities').columns(['date', 'id']).execute();
  await db.schema.createIndex('commercial_activities_customer_idx').on('commercial_activities').columns(['customer_id', 'date', 'id']).execute();
  await db.schema.createIndex('commercial_activities_user_idx').on('commercial_activities').columns(['user_id', 'date', 'id']).execute();
  await db.schema.createIndex('commercial_activities_next_idx').on('commercial_activities').columns(['next_action_date']).execute();

  // Files attached to any record (owner_type 'activity', later 'incident'…), kept in the database.
  await k.id(db.schema.createTable('attachments'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', k.ref, (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('declared_content_type', 'text')
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('uploaded_at', k.ts, (c) => c.notNull())
    .addColumn('uploaded_by', k.ref, (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('attachments_owner_idx').on('attachments').columns(['owner_type', 'owner_id', 'id']).execute();

  await k.id(db.schema.createTable('notices'))
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link_type', 'text')
    .addColumn('link_id', k.ref)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('read_at', k.ts)
    .execute();
  await db.schema.createIndex('notices_user_idx').on('notices').columns(['user_id', 'id']).execute();
  await sql`create index notices_unread_idx on notices (user_id, id) where read_at is null`.execute(db);

  await k.id(db.schema.createTable('customer_events'))
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('due_at', k.ts, (c) => c.notNull())
    .addColumn('assignee_user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('assignee_group_id', k.ref, (c) => c.references('groups.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text')
    .addColumn('source_id', k.ref)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('created_by', k.ref)
    .addColumn('done_at', k.ts)
    .addColumn('done_by', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_events_due_idx').on('customer_events').columns(['status', 'due_at', 'id']).execute();
  await db.schema.createIndex('customer_events_customer_idx').on('customer_events').columns(['customer_id', 'due_at', 'id']).execute();
  await db.schema.createIndex('customer_events_user_idx').on('customer_events').columns(['assignee_user_id', 'status', 'due_at', 'id']).execute();
  await db.schema.createIndex('customer_events_group_idx').on('customer_events').columns(['assignee_group_id', 'status', 'due_at', 'id']).execute();

  // Every outgoing e-mail is a row first; background senders claim rows one at a time.
  await k.id(db.schema.createTable('email_outbox'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('to_name', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.references('customers.id'))
    .addColumn('source_type', 'text')
    .addColumn('source_id', k.ref)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', k.ts, (c) => c.notNull())
    .addColumn('locked_until', k.ts)
    .addColumn('claim_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('sent_at', k.ts)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('created_by', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['status', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('email_outbox_source_idx').on('email_outbox').columns(['source_type', 'source_id']).execute();
  await db.schema.createIndex('email_outbox_status_idx').on('email_outbox').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['email_outbox', 'customer_events', 'notices', 'attachments', 'commercial_activities', 'activity_actions', 'activities']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
