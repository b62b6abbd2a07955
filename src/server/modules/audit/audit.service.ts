import type { Ctx } from '../../context.ts';
import type { Queryable } from '../../db/database.ts';
import type { Companion } from '../../db/companions.ts';
import { fromJson, nowIso, toJson } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import * as repo from './audit.repository.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const AUDIT = keyset('audit', 'id');

/** Records who created or changed what, inside the caller's transaction. */
export async function recordAudit(
  ctx: Ctx,
  entry: { entityType: string; entityId: number | string; action: string; changes?: Record<string, unknown> },
): Promise<void> {
  await repo.insertEntry(ctx.db, auditRow(ctx, entry));
}

/** Several entries at once, as `recordAudit` writes each (a batch job: one statement per 500). */
export async function recordAudits(ctx: Ctx, entries: Array<{ entityType: string; entityId: number | string; action: string; changes?: Record<string, unknown> }>): Promise<void> {
  if (entries.length) await repo.insertEntries(ctx.db, entries.map((e) => auditRow(ctx, e)));
}

/** Rows `auditRow` built, inserted as they are (up to 50 in one statement compiled once per count). */
export async function insertAuditRows(db: Queryable, rows: Array<ReturnType<typeof auditRow>>): Promise<void> {
  await repo.insertRows(db, rows);
}

/** The audit_log row `recordAudit` writes, for a caller that inserts it within a larger statement. */
export function auditRow(ctx: Ctx, entry: { entityType: string; entityId: number | string; action: string; changes?: Record<string, unknown> }) {
  return {
    at: nowIso(),
    user_id: ctx.actor.userId || null,
    actor: ctx.actor.via === 'token' ? `${ctx.actor.username} (API)` : ctx.actor.username,
    entity_type: entry.entityType,
    entity_id: String(entry.entityId),
    action: entry.action,
    changes: toJson(entry.changes ?? null),
  };
}

/** The audit entry of a record written with `insertWithCompanions` (db/companions.ts). */
export function auditCompanion(ctx: Ctx, entry: { entityType: string; entityId: number | string; action: string; changes?: Record<string, unknown> }): Companion {
  return { table: 'audit_log', row: auditRow(ctx, entry) };
}

/** The before → after of the fields an update touched, for the audit trail. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = { from: before[key] ?? null, to: after[key] };
  }
  return out;
}

export async function listAudit(ctx: Ctx, q: { entityType?: string; entityId?: string; limit: number; cursor?: string }) {
  const rows = await repo.listEntries(ctx.db, { entityType: q.entityType, entityId: q.entityId, cursor: decodeCursor(q.cursor, AUDIT), limit: q.limit });
  return toPage(rows, q.limit, AUDIT, (r) => [r.id], (r) => ({
    id: String(r.id),
    at: r.at,
    userId: r.user_id ? String(r.user_id) : null,
    actor: r.actor,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    changes: fromJson(r.changes, null),
  }));
}
