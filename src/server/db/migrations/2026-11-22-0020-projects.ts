import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/** Projects, tasks and time entries (spec section 4). */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  await k.createTable('projects', {
    id: k.identity,
    // Unique: the quick time entry relies on it so two concurrent entries never create two projects.
    code: k.notNull('text', { unique: true }),
    name: k.notNull('text'),
    customer_id: k.fk('customers', { notNull: true }),
    kind: k.notNull('text', { check: sql`kind in ('production', 'commercial')` }),
    active: k.on,
    ...k.authored,
  }, { indexes: { projects_customer_idx: ['customer_id', 'active', 'code'], projects_active_code_idx: ['active', 'code'] } });

  await k.createTable('tasks', {
    id: k.identity,
    title: k.notNull('text'),
    description: 'text',
    customer_id: k.fk('customers'),
    project_id: k.fk('projects'),
    assignee_user_id: k.fk('users'),
    assignee_group_id: k.fk('groups'),
    status: k.notNull('text', { default: 'pending', check: sql`status in ('pending', 'done')` }),
    ...k.each(['due_date', 'next_follow_up_date'], k.date),
    /** What created it (an activity's automatic action, a quick time entry…): type and id. */
    source_type: 'text',
    source_id: k.ref,
    ...k.authored,
    done_at: k.ts,
    done_by: k.ref,
  }, {
    // A task is someone's: exactly one of a user or a group.
    check: ['tasks_one_assignee', sql`(assignee_user_id is null) <> (assignee_group_id is null)`],
    indexes: {
      tasks_customer_idx: ['customer_id', 'id'],
      // "the most recent pending task of a project" and the project's task list
      tasks_project_idx: ['project_id', 'status', 'id'],
      tasks_user_idx: ['assignee_user_id', 'status', 'id'],
      tasks_group_idx: ['assignee_group_id', 'status', 'id'],
      tasks_status_idx: ['status', 'id'],
      // the agenda: pending work by date
      tasks_user_follow_up_idx: ['assignee_user_id', 'status', 'next_follow_up_date'],
      tasks_group_follow_up_idx: ['assignee_group_id', 'status', 'next_follow_up_date'],
      tasks_user_due_idx: ['assignee_user_id', 'status', 'due_date'],
      tasks_group_due_idx: ['assignee_group_id', 'status', 'due_date'],
      tasks_source_idx: ['source_type', 'source_id'],
    },
  });

  await k.createTable('time_entries', {
    id: k.identity,
    user_id: k.fk('users', { notNull: true }),
    date: k.notNull(k.date),
    minutes: k.notNull('integer', { check: sql`minutes > 0` }),
    text: k.notNull('text'),
    customer_id: k.fk('customers', { notNull: true }),
    project_id: k.fk('projects'),
    task_id: k.fk('tasks'),
    /** The call this entry answered, when it was registered from one. */
    call_id: k.ref,
    ...k.authored,
  }, {
    indexes: {
      time_entries_date_idx: ['date', 'id'],
      time_entries_customer_idx: ['customer_id', 'date', 'id'],
      time_entries_project_idx: ['project_id', 'date', 'id'],
      time_entries_user_idx: ['user_id', 'date', 'id'],
      time_entries_task_idx: ['task_id', 'date', 'id'],
    },
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('time_entries').execute();
  await db.schema.dropTable('tasks').execute();
  await db.schema.dropTable('projects').execute();
}
