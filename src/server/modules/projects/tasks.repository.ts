import { type Insertable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { DB } from '../../db/schema.ts';
import type { TasksTable } from './projects.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';

export function findTask(db: Queryable, id: number) {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export const insertTask = (db: Queryable, row: Insertable<TasksTable>): Promise<number> => insertReturningId(db, 'tasks', row);

export const updateTask = (db: Queryable, id: number, row: Updateable<TasksTable>) => updateById(db, 'tasks', id, row);

/** The most recent pending task of a project (newest id first: ids grow with creation). */
export function latestPendingTaskOfProject(db: Queryable, projectId: number) {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('status', '=', 'pending')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function pendingTasksOfProject(db: Queryable, projectId: number) {
  return db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).where('status', '=', 'pending').orderBy('id', 'desc').execute();
}

export type TaskFilters = {
  userId?: number;
  groupIds?: number[];
  /** me: assigned to the user; my_groups: to one of the groups; mine: either */
  assignee?: 'me' | 'my_groups' | 'mine';
  assigneeUserId?: number;
  assigneeGroupId?: number;
  status?: 'pending' | 'done';
  customerId?: number;
  projectId?: number;
  due?: 'overdue' | 'today' | 'next7';
  today: string;
  in7: string;
  sourceType?: string;
  sourceId?: number;
};

export function taskViewQuery(db: Queryable) {
  return db
    .selectFrom('tasks')
    .leftJoin('customers', 'customers.id', 'tasks.customer_id')
    .leftJoin('projects', 'projects.id', 'tasks.project_id')
    .leftJoin('users', 'users.id', 'tasks.assignee_user_id')
    .leftJoin('groups', 'groups.id', 'tasks.assignee_group_id')
    .selectAll('tasks')
    .select(['customers.name as customer_name', 'projects.code as project_code'])
    .select((eb) => eb.fn.coalesce('users.name', 'groups.name').as('assignee_name'));
}

export function findTaskView(db: Queryable, id: number) {
  return taskViewQuery(db).where('tasks.id', '=', id).executeTakeFirst();
}

/** Ids of matching records (a subquery such as the search's `matchingIds`). */
type MatchingIds = SelectQueryBuilder<DB, 'search_documents', { entity_id: number }> | SelectQueryBuilder<DB, any, { entity_id: number }>;

/** One page of tasks, newest first; `ids` (a subquery, e.g. the search's matches) narrows them. */
export function listTasks(db: Queryable, f: TaskFilters, page: { ids?: MatchingIds; cursor?: CursorValue[]; limit: number }) {
  let q = taskViewQuery(db);
  const groups = f.groupIds?.length ? f.groupIds : [-1];
  if (f.assignee === 'me') q = q.where('tasks.assignee_user_id', '=', f.userId ?? -1);
  if (f.assignee === 'my_groups') q = q.where('tasks.assignee_group_id', 'in', groups);
  if (f.assignee === 'mine') q = q.where((eb) => eb.or([eb('tasks.assignee_user_id', '=', f.userId ?? -1), eb('tasks.assignee_group_id', 'in', groups)]));
  if (f.assigneeUserId !== undefined) q = q.where('tasks.assignee_user_id', '=', f.assigneeUserId);
  if (f.assigneeGroupId !== undefined) q = q.where('tasks.assignee_group_id', '=', f.assigneeGroupId);
  if (f.status) q = q.where('tasks.status', '=', f.status);
  if (f.customerId !== undefined) q = q.where('tasks.customer_id', '=', f.customerId);
  if (f.projectId !== undefined) q = q.where('tasks.project_id', '=', f.projectId);
  if (f.sourceType) q = q.where('tasks.source_type', '=', f.sourceType);
  if (f.sourceId !== undefined) q = q.where('tasks.source_id', '=', f.sourceId);
  if (f.due === 'overdue') q = q.where('tasks.status', '=', 'pending').where('tasks.due_date', '<', f.today);
  if (f.due === 'today') q = q.where('tasks.due_date', '=', f.today);
  if (f.due === 'next7') q = q.where('tasks.due_date', '>=', f.today).where('tasks.due_date', '<=', f.in7);
  if (page.ids) q = q.where('tasks.id', 'in', page.ids);
  return applyKeyset(q, { columns: ['tasks.id'], direction: 'desc', cursor: page.cursor, limit: page.limit }).execute();
}

// The earlier of the two dates, in SQL both engines speak (no LEAST in SQLite, no scalar MIN in PostgreSQL).
const agendaDate = sql<string>`case
  when tasks.next_follow_up_date is null then tasks.due_date
  when tasks.due_date is null then tasks.next_follow_up_date
  when tasks.next_follow_up_date < tasks.due_date then tasks.next_follow_up_date
  else tasks.due_date end`;

/** Pending tasks of a user or their groups with a follow-up or due date up to `until`. */
export function agendaTasks(db: Queryable, opts: { userId: number; groupIds: number[]; until: string; limit: number }) {
  const groups = opts.groupIds.length ? opts.groupIds : [-1];
  return taskViewQuery(db)
    .where('tasks.status', '=', 'pending')
    .where((eb) => eb.or([eb('tasks.assignee_user_id', '=', opts.userId), eb('tasks.assignee_group_id', 'in', groups)]))
    .where((eb) => eb.or([eb('tasks.next_follow_up_date', '<=', opts.until), eb('tasks.due_date', '<=', opts.until)]))
    .orderBy(agendaDate)
    .orderBy('tasks.id')
    .limit(opts.limit)
    .execute();
}

/** A customer's tasks for the timeline, newest first. */
export function timelineTasks(db: Queryable, customerId: number, opts: { before?: string; limit: number }) {
  let q = db
    .selectFrom('tasks')
    .leftJoin('projects', 'projects.id', 'tasks.project_id')
    .leftJoin('users', 'users.id', 'tasks.assignee_user_id')
    .leftJoin('groups', 'groups.id', 'tasks.assignee_group_id')
    .select(['tasks.id', 'tasks.title', 'tasks.status', 'tasks.created_at', 'tasks.next_follow_up_date', 'tasks.due_date', 'projects.code as project_code'])
    .select((eb) => eb.fn.coalesce('users.name', 'groups.name').as('assignee_name'))
    .where('tasks.customer_id', '=', customerId);
  if (opts.before) q = q.where('tasks.created_at', '<', opts.before);
  return q.orderBy('tasks.created_at', 'desc').limit(opts.limit).execute();
}
