import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { CustomerEventsTable } from './agenda.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';

export type EventFilter = {
  customerId?: number;
  assigneeUserId?: number;
  assigneeGroupId?: number;
  /** assigned to this user or to one of these groups */
  mine?: { userId: number; groupIds: number[] };
  status?: string;
  kind?: string;
  dueFrom?: string;
  dueTo?: string;
  sourceType?: string;
  sourceId?: number;
};

function base(db: Queryable) {
  return db
    .selectFrom('customer_events as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .leftJoin('users as u', 'u.id', 'e.assignee_user_id')
    .leftJoin('groups as g', 'g.id', 'e.assignee_group_id')
    .selectAll('e')
    .select(['c.name as customer_name', 'c.code as customer_code', 'u.name as assignee_user_name', 'g.name as assignee_group_name']);
}
export type EventRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export function findEvent(db: Queryable, id: number) {
  return base(db).where('e.id', '=', id).executeTakeFirst();
}

export function listEvents(db: Queryable, f: EventFilter, page: { cursor?: CursorValue[]; limit: number; direction: 'asc' | 'desc' }) {
  let q = base(db);
  if (f.customerId) q = q.where('e.customer_id', '=', f.customerId);
  if (f.assigneeUserId) q = q.where('e.assignee_user_id', '=', f.assigneeUserId);
  if (f.assigneeGroupId) q = q.where('e.assignee_group_id', '=', f.assigneeGroupId);
  if (f.mine) {
    const { userId, groupIds } = f.mine;
    q = q.where((eb) => eb.or([eb('e.assignee_user_id', '=', userId), ...(groupIds.length ? [eb('e.assignee_group_id', 'in', groupIds)] : [])]));
  }
  if (f.status) q = q.where('e.status', '=', f.status);
  if (f.kind) q = q.where('e.kind', '=', f.kind);
  if (f.dueFrom) q = q.where('e.due_at', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('e.due_at', '<', f.dueTo);
  if (f.sourceType) q = q.where('e.source_type', '=', f.sourceType);
  if (f.sourceId) q = q.where('e.source_id', '=', f.sourceId);
  return applyKeyset(q, { columns: ['e.due_at', 'e.id'], direction: page.direction, cursor: page.cursor, limit: page.limit }).execute();
}

export const insertEvent = (db: Queryable, row: Insertable<CustomerEventsTable>): Promise<number> => insertReturningId(db, 'customer_events', row);

export const updateEvent = (db: Queryable, id: number, row: Updateable<CustomerEventsTable>) => updateById(db, 'customer_events', id, row);

/** For the customer timeline: a customer's entries created before `before`, newest first. */
export function eventsOfCustomer(db: Queryable, customerId: number, opts: { before?: string; limit: number }) {
  let q = base(db).where('e.customer_id', '=', customerId);
  if (opts.before) q = q.where('e.created_at', '<', opts.before);
  return q.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(opts.limit).execute();
}
