import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { CatalogEntriesTable } from './catalogs.tables.ts';

export type FlagColumn = 'pending' | 'is_default' | 'default_pending' | 'default_finished';

export function listEntries(db: Queryable, catalog: string, opts: { active?: boolean; parentCode?: string | null }) {
  let q = db.selectFrom('catalog_entries').selectAll().where('catalog', '=', catalog);
  if (opts.active !== undefined) q = q.where('active', '=', opts.active);
  if (opts.parentCode === null) q = q.where('parent_code', 'is', null);
  else if (opts.parentCode) q = q.where('parent_code', '=', opts.parentCode);
  return q.orderBy('sort_order').orderBy('code').execute();
}

export function findEntry(db: Queryable, catalog: string, code: string) {
  return db.selectFrom('catalog_entries').selectAll().where('catalog', '=', catalog).where('code', '=', code).executeTakeFirst();
}

export function findFlagged(db: Queryable, catalog: string, flag: FlagColumn) {
  return db.selectFrom('catalog_entries').selectAll().where('catalog', '=', catalog).where(flag, '=', true).where('active', '=', true).executeTakeFirst();
}

export async function clearFlag(db: Queryable, catalog: string, flag: FlagColumn, exceptCode?: string) {
  let q = db.updateTable('catalog_entries').set({ [flag]: false }).where('catalog', '=', catalog).where(flag, '=', true);
  if (exceptCode) q = q.where('code', '!=', exceptCode);
  await q.execute();
}

export async function insertEntry(db: Queryable, row: Insertable<CatalogEntriesTable>) {
  await db.insertInto('catalog_entries').values(row).execute();
}

export async function updateEntry(db: Queryable, catalog: string, code: string, row: Updateable<CatalogEntriesTable>) {
  await db.updateTable('catalog_entries').set(row).where('catalog', '=', catalog).where('code', '=', code).execute();
}
