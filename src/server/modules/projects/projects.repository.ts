import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { ProjectsTable } from './projects.tables.ts';

export function findProject(db: Queryable, id: number) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findProjectByCode(db: Queryable, code: string) {
  return db.selectFrom('projects').selectAll().where('code', '=', code).executeTakeFirst();
}

export function projectsOfCustomer(db: Queryable, customerId: number, opts: { active?: boolean } = {}) {
  let q = db.selectFrom('projects').selectAll().where('customer_id', '=', customerId);
  if (opts.active !== undefined) q = q.where('active', '=', opts.active);
  return q.orderBy('code').execute();
}

export async function insertProject(db: Queryable, row: Insertable<ProjectsTable>) {
  return db.insertInto('projects').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function updateProject(db: Queryable, id: number, row: Updateable<ProjectsTable>) {
  await db.updateTable('projects').set(row).where('id', '=', id).execute();
}
