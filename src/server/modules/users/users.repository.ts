import type { Queryable } from '../../db/database.ts';
import type { UsersTable } from './users.tables.ts';
import type { Insertable, Updateable } from 'kysely';
import { insertReturningId, updateById } from '../../db/rows.ts';

export function firstActiveAdmin(db: Queryable) {
  return db.selectFrom('users').select(['id', 'username', 'name', 'time_zone']).where('role', '=', 'admin').where('active', '=', true).orderBy('id').executeTakeFirst();
}

export function findUser(db: Queryable, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Several users at once (the names of a page of rows). */
export function findUsers(db: Queryable, ids: number[]) {
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** Id, name and language of several users in one read (a batch job writing to each in their language). */
export function findUserBriefs(db: Queryable, ids: number[]) {
  return db.selectFrom('users').select(['id', 'name', 'language']).where('id', 'in', ids).execute();
}

export function listUsers(db: Queryable, opts: { active?: boolean; role?: string }) {
  let q = db.selectFrom('users').selectAll().orderBy('name').orderBy('id');
  if (opts.active !== undefined) q = q.where('active', '=', opts.active);
  if (opts.role) q = q.where('role', '=', opts.role);
  return q.execute();
}

export function countUsers(db: Queryable) {
  return db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
}

export const insertUser = (db: Queryable, row: Insertable<UsersTable>): Promise<number> => insertReturningId(db, 'users', row);

export const updateUser = (db: Queryable, id: number, row: Updateable<UsersTable>) => updateById(db, 'users', id, row);

export function groupIdsOfUser(db: Queryable, userId: number) {
  return db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).execute();
}

export function findGroup(db: Queryable, id: number) {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findGroups(db: Queryable, ids: number[]) {
  return db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).execute();
}

export function listGroups(db: Queryable) {
  return db.selectFrom('groups').selectAll().orderBy('name').orderBy('id').execute();
}

export function membersOf(db: Queryable, groupIds: number[]) {
  if (!groupIds.length) return Promise.resolve([]);
  return db.selectFrom('group_members').select(['group_id', 'user_id']).where('group_id', 'in', groupIds).execute();
}

export const insertGroup = (db: Queryable, row: { code: string; name: string; created_at: string; updated_at: string }): Promise<number> => insertReturningId(db, 'groups', row);

export const updateGroup = (db: Queryable, id: number, row: { name?: string; active?: boolean; updated_at: string }) => updateById(db, 'groups', id, row);

export async function replaceMembers(db: Queryable, groupId: number, userIds: number[]) {
  await db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
  if (userIds.length) await db.insertInto('group_members').values(userIds.map((user_id) => ({ group_id: groupId, user_id }))).execute();
}

export async function existingUserIds(db: Queryable, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export function findUserIdByUsername(db: Queryable, username: string) {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
}

/**
 * Whether a configuration code is active (a user's default call type). Read here rather than
 * through the catalogs service, which itself checks owners through the users service: the two
 * areas would otherwise import each other.
 */
export async function isActiveCatalogCode(db: Queryable, catalog: string, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom('catalog_entries').select('code').where('catalog', '=', catalog).where('code', '=', code).where('active', '=', true).executeTakeFirst());
}
