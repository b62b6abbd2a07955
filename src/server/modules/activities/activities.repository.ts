import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { documentIdsForText } from '../search/search.repository.ts';
import type { ActivitiesTable, ActivityActionsTable } from './activities.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';

function base(db: Queryable) {
  return db
    .selectFrom('activities as a')
    .leftJoin('customers as c', 'c.id', 'a.customer_id')
    .innerJoin('users as u', 'u.id', 'a.registered_by')
    .selectAll('a')
    .select(['c.name as customer_name', 'c.code as customer_code', 'u.name as registered_by_name']);
}
export type ActivityRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export function findActivity(db: Queryable, id: number) {
  return base(db).where('a.id', '=', id).executeTakeFirst();
}

export async function activityExists(db: Queryable, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('activities').select('id').where('id', '=', id).executeTakeFirst());
}

export type ActivityFilter = {
  pending?: boolean;
  customerId?: number;
  projectId?: number;
  statusCode?: string;
  originCode?: string;
  problemTypeCode?: string;
  solutionTypeCode?: string;
  registeredBy?: number;
  actionStatus?: string;
  from?: string;
  to?: string;
  /** a subquery of matching ids (text search) */
  ids?: ReturnType<typeof documentIdsForText>;
};

export function listActivities(db: Queryable, f: ActivityFilter, page: { cursor?: CursorValue[]; limit: number }) {
  let q = base(db);
  if (f.pending !== undefined) q = q.where('a.pending', '=', f.pending);
  if (f.customerId) q = q.where('a.customer_id', '=', f.customerId);
  if (f.projectId) q = q.where('a.project_id', '=', f.projectId);
  if (f.statusCode) q = q.where('a.status_code', '=', f.statusCode);
  if (f.originCode) q = q.where('a.origin_code', '=', f.originCode);
  if (f.problemTypeCode) q = q.where('a.problem_type_code', '=', f.problemTypeCode);
  if (f.solutionTypeCode) q = q.where('a.solution_type_code', '=', f.solutionTypeCode);
  if (f.registeredBy) q = q.where('a.registered_by', '=', f.registeredBy);
  if (f.actionStatus) q = q.where('a.action_status', '=', f.actionStatus);
  if (f.from) q = q.where('a.registered_at', '>=', f.from);
  if (f.to) q = q.where('a.registered_at', '<', f.to);
  if (f.ids) q = q.where('a.id', 'in', f.ids);
  return applyKeyset(q, { columns: ['a.registered_at', 'a.id'], direction: 'desc', cursor: page.cursor, limit: page.limit }).execute();
}

export const insertActivity = (db: Queryable, row: Insertable<ActivitiesTable>): Promise<number> => insertReturningId(db, 'activities', row);

export const updateActivity = (db: Queryable, id: number, row: Updateable<ActivitiesTable>) => updateById(db, 'activities', id, row);

export const insertAction = (db: Queryable, row: Insertable<ActivityActionsTable>): Promise<number> => insertReturningId(db, 'activity_actions', row);

export function actionsOf(db: Queryable, activityId: number) {
  return db.selectFrom('activity_actions').selectAll().where('activity_id', '=', activityId).orderBy('id', 'desc').execute();
}

/** For the customer timeline. */
export function activitiesOfCustomer(db: Queryable, customerId: number, opts: { before?: string; limit: number }) {
  let q = base(db).where('a.customer_id', '=', customerId);
  if (opts.before) q = q.where('a.registered_at', '<', opts.before);
  return q.orderBy('a.registered_at', 'desc').orderBy('a.id', 'desc').limit(opts.limit).execute();
}
