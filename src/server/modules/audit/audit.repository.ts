import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { AuditLogTable } from './audit.tables.ts';
import type { Insertable } from 'kysely';

export async function insertEntry(
  db: Queryable,
  row: Insertable<AuditLogTable>,
) {
  await db.insertInto('audit_log').values(row).execute();
}

/** Several entries in multi-row statements (a batch job's trail). */
export async function insertEntries(db: Queryable, rows: Insertable<AuditLogTable>[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
}

export function listEntries(db: Queryable, q: { entityType?: string; entityId?: string; cursor: CursorValue[] | undefined; limit: number }) {
  let qb = db.selectFrom('audit_log').selectAll();
  if (q.entityType) qb = qb.where('entity_type', '=', q.entityType);
  if (q.entityId) qb = qb.where('entity_id', '=', q.entityId);
  return applyKeyset(qb, { columns: ['id'], direction: 'desc', cursor: q.cursor, limit: q.limit }).execute();
}
