import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { AuditLogTable } from './audit.tables.ts';
import type { Insertable } from 'kysely';
import { insertRowsPrecompiled, type Params, precompiled } from '../../db/precompiled.ts';

/** Built and compiled once (db/precompiled.ts): nearly every write records one entry. */
const insertOne = precompiled((db, p: Params<{ at: string; user_id: number | null; actor: string | null; entity_type: string; entity_id: string; action: string; changes: string | null }>) =>
  db.insertInto('audit_log').values({ at: p('at'), user_id: p('user_id'), actor: p('actor'), entity_type: p('entity_type'), entity_id: p('entity_id'), action: p('action'), changes: p('changes') }),
);

export async function insertEntry(
  db: Queryable,
  row: Insertable<AuditLogTable>,
) {
  const { at, user_id, actor, entity_type, entity_id, action, changes } = row;
  if (typeof at === 'string' && (changes === null || changes === undefined || typeof changes === 'string')) {
    await insertOne.all(db, { at, user_id: user_id ?? null, actor: actor ?? null, entity_type, entity_id, action, changes: changes ?? null });
  } else await db.insertInto('audit_log').values(row).execute();
}

/** Entries of one shape (scalars), up to 50 in one statement compiled once per count (a group of intakes' trail). */
export async function insertRows(db: Queryable, rows: Insertable<AuditLogTable>[]) {
  await insertRowsPrecompiled(db, 'audit_log', rows as Array<Record<string, unknown>>);
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
