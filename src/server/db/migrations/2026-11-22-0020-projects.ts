import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/** Projects, tasks and time entries (spec section 4). */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  await k.id(db.schema.createTable('projects'))
    // Unique: the quick time entry relies on it so two concurrent entries never create two projects.
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('production', 'commercial')`))
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('created_by', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_customer_idx').on('projects').columns(['customer_id', 'active', 'code']).execute();
  await db.schema.createIndex('projects_active_code_idx').on('projects').columns(['active', 'code']).execute();

  await k.id(db.schema.createTable('tasks'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('customer_id', k.ref, (c) => c.references('customers.id'))
    .addColumn('project_id', k.ref, (c) => c.references('projects.id'))
    .addColumn('assignee_user_id', k.ref, (c) => c.references('users.id'))
    .addColumn('assignee_group_id', k.ref, (c) => c.references('groups.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'done')`))
    .addColumn('due_date', k.date)
    .addColumn('next_follow_up_date', k.date)
    /** What created it (an activity's automatic action, a quick time entry…): type and id. */
    .addColumn('source_type', 'text')
    .addColumn('source_id', k.ref)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('created_by', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .addColumn('done_at', k.ts)
    .addColumn('done_by', k.ref)
    // A task is someone's: exactly one of a user or a group.
    .addCheckConstraint('tasks_one_assignee', sql`(assignee_user_id is null) <> (assignee_group_id is null)`)
    .execute();
  await db.schema.createIndex('tasks_customer_idx').on('tasks').columns(['customer_id', 'id']).execute();
  // "the most recent pending task of a project" and the project's task list
  await db.schema.createIndex('tasks_project_idx').on('tasks').columns(['project_id', 'status', 'id']).execute();
  await db.schema.createIndex('tasks_user_idx').on('tasks').columns(['assignee_user_id', 'status', 'id']).execute();
  await db.schema.createIndex('tasks_group_idx').on('tasks').columns(['assignee_group_id', 'status', 'id']).execute();
  await db.schema.createIndex('tasks_status_idx').on('tasks').columns(['status', 'id']).execute();
  // the agenda: pending work by date
  await db.schema.createIndex('tasks_user_follow_up_idx').on('tasks').columns(['assignee_user_id', 'status', 'next_follow_up_date']).execute();
  await db.schema.createIndex('tasks_group_follow_up_idx').on('tasks').columns(['assignee_group_id', 'status', 'next_follow_up_date']).execute();
  await db.schema.createIndex('tasks_user_due_idx').on('tasks').columns(['assignee_user_id', 'status', 'due_date']).execute();
  await db.schema.createIndex('tasks_group_due_idx').on('tasks').columns(['assignee_group_id', 'status', 'due_date']).execute();
  await db.schema.createIndex('tasks_source_idx').on('tasks').columns(['source_type', 'source_id']).execute();

  await k.id(db.schema.createTable('time_entries'))
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('date', k.date, (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('customer_id', k.ref, (c) => c.notNull().references('customers.id'))
    .addColumn('project_id', k.ref, (c) => c.references('projects.id'))
    .addColumn('task_id', k.ref, (c) => c.references('tasks.id'))
    /** The call this entry answered, when it was registered from one. */
    .addColumn('call_id', k.ref)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('created_by', k.ref)
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('time_entries_date_idx').on('time_entries').columns(['date', 'id']).execute();
  await db.schema.createIndex('time_entries_customer_idx').on('time_entries').columns(['customer_id', 'date', 'id']).execute();
  await db.schema.createIndex('time_entries_project_idx').on('time_entries').columns(['project_id', 'date', 'id']).execute();
  await db.schema.createIndex('time_entries_user_idx').on('time_entries').columns(['user_id', 'date', 'id']).execute();
  await db.schema.createIndex('time_entries_task_idx').on('time_entries').columns(['task_id', 'date', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('time_entries').execute();
  await db.schema.dropTable('tasks').execute();
  await db.schema.dropTable('projects').execute();
}
