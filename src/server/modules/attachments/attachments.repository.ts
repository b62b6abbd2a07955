import type { Insertable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { AttachmentsTable } from './attachments.tables.ts';
import { insertReturningId } from '../../db/rows.ts';

const META = ['a.id', 'a.owner_type', 'a.owner_id', 'a.file_name', 'a.content_type', 'a.declared_content_type', 'a.size_bytes', 'a.sha256', 'a.uploaded_at', 'a.uploaded_by'] as const;

function meta(db: Queryable) {
  return db.selectFrom('attachments as a').leftJoin('users as u', 'u.id', 'a.uploaded_by').select([...META, 'u.name as uploaded_by_name']);
}
export type AttachmentMetaRow = Awaited<ReturnType<ReturnType<typeof meta>['executeTakeFirstOrThrow']>>;

export const insertAttachment = (db: Queryable, row: Insertable<AttachmentsTable>): Promise<number> => insertReturningId(db, 'attachments', row);

/** Metadata only: the file content stays in the database until someone downloads it. */
export function findMeta(db: Queryable, id: number) {
  return meta(db).where('a.id', '=', id).executeTakeFirst();
}

export function listMeta(db: Queryable, ownerType: string, ownerId: number) {
  return meta(db).where('a.owner_type', '=', ownerType).where('a.owner_id', '=', ownerId).orderBy('a.id').execute();
}

export function findWithData(db: Queryable, id: number) {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countByOwner(db: Queryable, ownerType: string, ownerIds: number[]) {
  if (!ownerIds.length) return new Map<number, number>();
  const rows = await db
    .selectFrom('attachments')
    .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', ownerIds)
    .groupBy('owner_id')
    .execute();
  return new Map(rows.map((r) => [r.owner_id, Number(r.n)]));
}

export async function deleteAttachment(db: Queryable, id: number) {
  await db.deleteFrom('attachments').where('id', '=', id).execute();
}
