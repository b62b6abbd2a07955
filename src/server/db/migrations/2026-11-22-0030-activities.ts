import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Technical and commercial activities, their automatic actions, attachments (stored in the
 * database so backups and every app server see them), notices, the customer agenda and the
 * e-mail outbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  const registered = ['registered_at', 'id'];

  await k.createTable('activities', {
    id: k.identity,
    registered_at: k.notNull(k.ts),
    registered_by: k.fk('users', { notNull: true }),
    status_code: k.notNull('text'),
    pending: k.notNull(k.bool),
    customer_id: k.fk('customers'),
    // No foreign key: projects belong to another area whose migration may run later.
    project_id: k.ref,
    ...k.each(['origin_code', 'problem_type_code', 'problem', 'solution_type_code', 'solution'], 'text'),
    from_call_id: k.ref,
    // The last automatic action run on the activity (the history is in activity_actions).
    ...k.each(['action_kind', 'action_status', 'action_error', 'action_result_type'], 'text'),
    action_result_id: k.ref,
    updated_at: k.notNull(k.ts),
    updated_by: k.ref,
  }, {
    indexes: {
      activities_registered_idx: registered,
      activities_customer_idx: ['customer_id', ...registered],
      activities_pending_idx: ['pending', ...registered],
      activities_user_idx: ['registered_by', ...registered],
      activities_status_idx: ['status_code', ...registered],
      activities_project_idx: ['project_id'],
      activities_solution_type_idx: ['solution_type_code', ...registered],
    },
  });

  // Every automatic action that ran, one row per solution type assignment.
  await k.createTable('activity_actions', {
    id: k.identity,
    activity_id: k.fk('activities', { notNull: true }),
    ...k.each(['solution_type_code', 'kind', 'status'], k.notNull('text')),
    ...k.each(['error', 'result_type'], 'text'),
    result_id: k.ref,
    ran_at: k.notNull(k.ts),
    ran_by: k.ref,
  }, { indexes: { activity_actions_activity_idx: ['activity_id', 'id'] } });

  await k.createTable('commercial_activities', {
    id: k.identity,
    registered_at: k.notNull(k.ts),
    registered_by: k.fk('users', { notNull: true }),
    customer_id: k.fk('customers', { notNull: true }),
    contact_id: k.fk('contacts'),
    type_code: 'text',
    description: k.notNull('text'),
    date: k.notNull(k.date),
    user_id: k.fk('users', { notNull: true }),
    next_action_date: k.date,
    from_call_id: k.ref,
    updated_at: k.notNull(k.ts),
  }, {
    indexes: {
      commercial_activities_date_idx: ['date', 'id'],
      commercial_activities_customer_idx: ['customer_id', 'date', 'id'],
      commercial_activities_user_idx: ['user_id', 'date', 'id'],
      commercial_activities_next_idx: ['next_action_date'],
    },
  });

  // Files attached to any record (owner_type 'activity', later 'incident'…), kept in the database.
  await k.createTable('attachments', {
    id: k.identity,
    owner_type: k.notNull('text'),
    owner_id: k.notNull(k.ref),
    ...k.each(['file_name', 'content_type'], k.notNull('text')),
    declared_content_type: 'text',
    size_bytes: k.notNull('integer'),
    sha256: k.notNull('text'),
    data: k.notNull(k.blob),
    uploaded_at: k.notNull(k.ts),
    uploaded_by: k.fk('users'),
  }, { indexes: { attachments_owner_idx: ['owner_type', 'owner_id', 'id'] } });

  await k.createTable('notices', {
    id: k.identity,
    user_id: k.fk('users', { notNull: true }),
    ...k.each(['kind', 'title'], k.notNull('text')),
    ...k.each(['body', 'link_type'], 'text'),
    link_id: k.ref,
    created_at: k.notNull(k.ts),
    read_at: k.ts,
  }, { indexes: { notices_user_idx: ['user_id', 'id'] } });
  await sql`create index notices_unread_idx on notices (user_id, id) where read_at is null`.execute(db);

  await k.createTable('customer_events', {
    id: k.identity,
    customer_id: k.fk('customers', { notNull: true }),
    ...k.each(['kind', 'title'], k.notNull('text')),
    notes: 'text',
    due_at: k.notNull(k.ts),
    assignee_user_id: k.fk('users'),
    assignee_group_id: k.fk('groups'),
    status: k.notNull('text'),
    source_type: 'text',
    source_id: k.ref,
    created_at: k.notNull(k.ts),
    created_by: k.ref,
    done_at: k.ts,
    done_by: k.ref,
    updated_at: k.notNull(k.ts),
  }, {
    indexes: {
      customer_events_due_idx: ['status', 'due_at', 'id'],
      customer_events_customer_idx: ['customer_id', 'due_at', 'id'],
      customer_events_user_idx: ['assignee_user_id', 'status', 'due_at', 'id'],
      customer_events_group_idx: ['assignee_group_id', 'status', 'due_at', 'id'],
    },
  });

  // Every outgoing e-mail is a row first; background senders claim rows one at a time.
  await k.createTable('email_outbox', {
    id: k.identity,
    to_address: k.notNull('text'),
    to_name: 'text',
    ...k.each(['subject', 'body_text', 'language'], k.notNull('text')),
    customer_id: k.fk('customers'),
    source_type: 'text',
    source_id: k.ref,
    status: k.notNull('text'),
    attempts: k.notNull('integer', { default: 0 }),
    next_attempt_at: k.notNull(k.ts),
    locked_until: k.ts,
    ...k.each(['claim_token', 'last_error', 'message_id'], 'text'),
    sent_at: k.ts,
    ...k.authored,
  }, {
    indexes: {
      email_outbox_due_idx: ['status', 'next_attempt_at', 'id'],
      email_outbox_source_idx: ['source_type', 'source_id'],
      email_outbox_status_idx: ['status', 'id'],
    },
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await migrationKit(db).dropTables(['email_outbox', 'customer_events', 'notices', 'attachments', 'commercial_activities', 'activity_actions', 'activities'], { ifExists: true });
}
