/** The only SQL of the saved-views area. Every read and write is scoped to the owner. */
import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { SavedViewsTable } from './saved-views.tables.ts';
import { insertReturningId } from '../../db/rows.ts';

export const insertSavedView = (db: Queryable, row: Insertable<SavedViewsTable>): Promise<number> => insertReturningId(db, 'saved_views', row);

/** The view if it is this user's; undefined for another user's (so it reads as not found). */
export function findOwnSavedView(db: Queryable, userId: number, id: number) {
  return db.selectFrom('saved_views').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}
export type SavedViewRow = NonNullable<Awaited<ReturnType<typeof findOwnSavedView>>>;

/** Another view of the user on the same list with this name (the unique key's check before writing). */
export async function nameTaken(db: Queryable, userId: number, list: string, name: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('saved_views').select('id').where('user_id', '=', userId).where('list', '=', list).where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return Boolean(await q.executeTakeFirst());
}

/** One page of the user's views in (list, name, id) order: the `saved_views_user_list_idx` range. */
export function listSavedViews(db: Queryable, userId: number, opts: { list?: string; cursor?: CursorValue[]; limit: number }) {
  let q = db.selectFrom('saved_views').selectAll().where('user_id', '=', userId);
  if (opts.list) q = q.where('list', '=', opts.list);
  return applyKeyset(q, { columns: ['list', 'name', 'id'], direction: 'asc', cursor: opts.cursor, limit: opts.limit }).execute();
}

export async function updateSavedView(db: Queryable, id: number, set: Updateable<SavedViewsTable>): Promise<void> {
  await db.updateTable('saved_views').set(set).where('id', '=', id).execute();
}

export async function deleteSavedView(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('saved_views').where('id', '=', id).execute();
}
