import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { TimeEntriesTable } from './projects.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';
import { whereGiven } from '../../db/filters.ts';

export const insertTimeEntry = (db: Queryable, row: Insertable<TimeEntriesTable>): Promise<number> => insertReturningId(db, 'time_entries', row);

export function findTimeEntry(db: Queryable, id: number) {
  return db.selectFrom('time_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

export const updateTimeEntry = (db: Queryable, id: number, row: Updateable<TimeEntriesTable>) => updateById(db, 'time_entries', id, row);

export async function deleteTimeEntry(db: Queryable, id: number) {
  await db.deleteFrom('time_entries').where('id', '=', id).execute();
}

export function timeEntryViewQuery(db: Queryable) {
  return db
    .selectFrom('time_entries')
    .innerJoin('users', 'users.id', 'time_entries.user_id')
    .innerJoin('customers', 'customers.id', 'time_entries.customer_id')
    .leftJoin('projects', 'projects.id', 'time_entries.project_id')
    .leftJoin('tasks', 'tasks.id', 'time_entries.task_id')
    .selectAll('time_entries')
    .select(['users.name as user_name', 'customers.name as customer_name', 'projects.code as project_code', 'tasks.title as task_title']);
}

export function findTimeEntryView(db: Queryable, id: number) {
  return timeEntryViewQuery(db).where('time_entries.id', '=', id).executeTakeFirst();
}

export type TimeEntryFilters = { userId?: number; customerId?: number; projectId?: number; taskId?: number; from?: string; to?: string };

/** One page of time entries, newest date first. */
export function listTimeEntries(db: Queryable, f: TimeEntryFilters, page: { cursor?: CursorValue[]; limit: number }) {
  let q = whereGiven(timeEntryViewQuery(db), f, { userId: 'time_entries.user_id', customerId: 'time_entries.customer_id', projectId: 'time_entries.project_id', taskId: 'time_entries.task_id' });
  if (f.from) q = q.where('time_entries.date', '>=', f.from);
  if (f.to) q = q.where('time_entries.date', '<=', f.to);
  return applyKeyset(q, { columns: ['time_entries.date', 'time_entries.id'], direction: 'desc', cursor: page.cursor, limit: page.limit }).execute();
}

/** A customer's time entries for the timeline, newest first. */
export function timelineTimeEntries(db: Queryable, customerId: number, opts: { before?: string; limit: number }) {
  let q = db
    .selectFrom('time_entries')
    .innerJoin('users', 'users.id', 'time_entries.user_id')
    .leftJoin('projects', 'projects.id', 'time_entries.project_id')
    .select(['time_entries.id', 'time_entries.text', 'time_entries.minutes', 'time_entries.date', 'time_entries.created_at', 'users.name as user_name', 'projects.code as project_code'])
    .where('time_entries.customer_id', '=', customerId);
  if (opts.before) q = q.where('time_entries.created_at', '<', opts.before);
  return q.orderBy('time_entries.created_at', 'desc').limit(opts.limit).execute();
}
