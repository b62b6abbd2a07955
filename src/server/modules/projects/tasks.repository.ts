import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { TasksTable } from './projects.tables.ts';

export function findTask(db: Queryable, id: number) {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTask(db: Queryable, row: Insertable<TasksTable>) {
  return db.insertInto('tasks').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function updateTask(db: Queryable, id: number, row: Updateable<TasksTable>) {
  await db.updateTable('tasks').set(row).where('id', '=', id).execute();
}

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
