import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { CommercialActivitiesTable } from './activities.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';

function base(db: Queryable) {
  return db
    .selectFrom('commercial_activities as ca')
    .innerJoin('customers as c', 'c.id', 'ca.customer_id')
    .leftJoin('contacts as ct', 'ct.id', 'ca.contact_id')
    .innerJoin('users as u', 'u.id', 'ca.user_id')
    .selectAll('ca')
    .select(['c.name as customer_name', 'c.code as customer_code', 'ct.name as contact_name', 'u.name as user_name']);
}
export type CommercialActivityRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export function findCommercialActivity(db: Queryable, id: number) {
  return base(db).where('ca.id', '=', id).executeTakeFirst();
}

/** The customer a contact belongs to (to check a contact is the customer's). */
export function contactCustomer(db: Queryable, contactId: number) {
  return db.selectFrom('contacts').select(['id', 'customer_id']).where('id', '=', contactId).executeTakeFirst();
}

export type CommercialFilter = {
  customerId?: number;
  contactId?: number;
  userId?: number;
  typeCode?: string;
  from?: string;
  to?: string;
  nextActionDue?: string;
};

export function listCommercialActivities(db: Queryable, f: CommercialFilter, page: { cursor?: CursorValue[]; limit: number }) {
  let q = base(db);
  if (f.customerId) q = q.where('ca.customer_id', '=', f.customerId);
  if (f.contactId) q = q.where('ca.contact_id', '=', f.contactId);
  if (f.userId) q = q.where('ca.user_id', '=', f.userId);
  if (f.typeCode) q = q.where('ca.type_code', '=', f.typeCode);
  if (f.from) q = q.where('ca.date', '>=', f.from);
  if (f.to) q = q.where('ca.date', '<=', f.to);
  if (f.nextActionDue) q = q.where('ca.next_action_date', '<=', f.nextActionDue);
  return applyKeyset(q, { columns: ['ca.date', 'ca.id'], direction: 'desc', cursor: page.cursor, limit: page.limit }).execute();
}

export const insertCommercialActivity = (db: Queryable, row: Insertable<CommercialActivitiesTable>): Promise<number> => insertReturningId(db, 'commercial_activities', row);

export const updateCommercialActivity = (db: Queryable, id: number, row: Updateable<CommercialActivitiesTable>) => updateById(db, 'commercial_activities', id, row);

export function commercialOfCustomer(db: Queryable, customerId: number, opts: { before?: string; limit: number }) {
  let q = base(db).where('ca.customer_id', '=', customerId);
  if (opts.before) q = q.where('ca.registered_at', '<', opts.before);
  return q.orderBy('ca.registered_at', 'desc').orderBy('ca.id', 'desc').limit(opts.limit).execute();
}
