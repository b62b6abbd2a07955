import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { dialectOf, ilike, lockRows } from '../../db/dialect.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { ProjectsTable } from './projects.tables.ts';
import { insertReturningId, updateById } from '../../db/rows.ts';

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

export const insertProject = (db: Queryable, row: Insertable<ProjectsTable>): Promise<number> => insertReturningId(db, 'projects', row);

export const updateProject = (db: Queryable, id: number, row: Updateable<ProjectsTable>) => updateById(db, 'projects', id, row);

const projectColumns = [
  'projects.id',
  'projects.code',
  'projects.name',
  'projects.customer_id',
  'projects.kind',
  'projects.active',
  'projects.created_at',
  'projects.created_by',
  'projects.updated_at',
  'customers.code as customer_code',
  'customers.name as customer_name',
] as const;

export function findProjectView(db: Queryable, id: number) {
  return db.selectFrom('projects').innerJoin('customers', 'customers.id', 'projects.customer_id').select(projectColumns).where('projects.id', '=', id).executeTakeFirst();
}

export function projectViewsByIds(db: Queryable, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('projects').innerJoin('customers', 'customers.id', 'projects.customer_id').select(projectColumns).where('projects.id', 'in', ids).orderBy('projects.code').execute();
}

/** One page of projects by code (keyset on `projects.code`). */
export function listProjects(db: Queryable, f: { customerId?: number; active?: boolean; kind?: string; q?: string }, page: { cursor?: CursorValue[]; limit: number }) {
  const like = ilike(dialectOf(db));
  let q = db.selectFrom('projects').innerJoin('customers', 'customers.id', 'projects.customer_id').select(projectColumns);
  if (f.customerId !== undefined) q = q.where('projects.customer_id', '=', f.customerId);
  if (f.active !== undefined) q = q.where('projects.active', '=', f.active);
  if (f.kind) q = q.where('projects.kind', '=', f.kind as 'production');
  if (f.q) {
    // Wildcards typed by the user are dropped: LIKE escaping differs between the engines.
    const pattern = `%${f.q.replace(/[\\%_]/g, '')}%`;
    q = q.where((eb) => eb.or([eb('projects.code', like, pattern), eb('projects.name', like, pattern)]));
  }
  return applyKeyset(q, { columns: ['projects.code'], direction: 'asc', cursor: page.cursor, limit: page.limit }).execute();
}

/** Locks the customer row so two quick entries for one customer run one after the other (PostgreSQL). */
/** The customer row, locked until the transaction ends (PostgreSQL; SQLite has one writer). */
export function lockCustomer(db: Queryable, customerId: number) {
  return lockRows(db, db.selectFrom('customers').select(['id', 'code', 'name', 'active']).where('id', '=', customerId)).executeTakeFirst();
}
