import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { claimRows } from '../../db/dialect.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { EmailAttachmentsTable, EmailOutboxTable, NoticesTable } from './notify.tables.ts';
import { insertManyReturningIds, insertReturningId } from '../../db/rows.ts';

// ---- notices ----

export const insertNotice = (db: Queryable, row: Insertable<NoticesTable>): Promise<number> => insertReturningId(db, 'notices', row);

/** Several notices in multi-row statements (a batch job). */
export async function insertNotices(db: Queryable, rows: Insertable<NoticesTable>[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('notices').values(rows.slice(i, i + 500)).execute();
}

export function findNotice(db: Queryable, id: number) {
  return db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listNotices(db: Queryable, userId: number, opts: { unread?: boolean; cursor?: CursorValue[]; limit: number }) {
  let q = db.selectFrom('notices').selectAll().where('user_id', '=', userId);
  if (opts.unread === true) q = q.where('read_at', 'is', null);
  if (opts.unread === false) q = q.where('read_at', 'is not', null);
  return applyKeyset(q, { columns: ['id'], direction: 'desc', cursor: opts.cursor, limit: opts.limit }).execute();
}

export async function countUnread(db: Queryable, userId: number): Promise<number> {
  const r = await db.selectFrom('notices').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function markRead(db: Queryable, userId: number, id: number, at: string) {
  await db.updateTable('notices').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

export async function markAllRead(db: Queryable, userId: number, at: string): Promise<number> {
  const r = await db.updateTable('notices').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- e-mail outbox ----

export const insertEmail = (db: Queryable, row: Insertable<EmailOutboxTable>): Promise<number> => insertReturningId(db, 'email_outbox', row);

/** Several e-mails in multi-row statements; their ids in the order given. */
export const insertEmails = (db: Queryable, rows: Insertable<EmailOutboxTable>[]): Promise<number[]> => insertManyReturningIds(db, 'email_outbox', rows);

export function findEmail(db: Queryable, id: number) {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listEmails(db: Queryable, opts: { status?: string; customerId?: number; sourceType?: string; sourceId?: number; cursor?: CursorValue[]; limit: number }) {
  let q = db.selectFrom('email_outbox').selectAll();
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.customerId) q = q.where('customer_id', '=', opts.customerId);
  if (opts.sourceType) q = q.where('source_type', '=', opts.sourceType);
  if (opts.sourceId) q = q.where('source_id', '=', opts.sourceId);
  return applyKeyset(q, { columns: ['id'], direction: 'desc', cursor: opts.cursor, limit: opts.limit }).execute();
}

export function countByStatus(db: Queryable) {
  return db.selectFrom('email_outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
}

/**
 * Claims the next e-mail due for sending, atomically: one UPDATE whose subquery picks the row
 * (skipping rows other senders hold on PostgreSQL). A row is due when queued and its next attempt
 * time has come, or when a sender took it and its lease ran out (that sender died mid-way).
 */
export function claimNextEmail(db: Queryable, opts: { now: string; lockedUntil: string; token: string }) {
  return db
    .updateTable('email_outbox')
    .set((eb) => ({ status: 'sending', locked_until: opts.lockedUntil, claim_token: opts.token, attempts: eb('attempts', '+', 1), updated_at: opts.now }))
    .where('id', '=', (eb) =>
      claimRows(
        db,
        eb
          .selectFrom('email_outbox')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'queued'), w('next_attempt_at', '<=', opts.now)]),
              w.and([w('status', '=', 'sending'), w('locked_until', '<', opts.now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(1),
      ),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Records the outcome of a send, only if the row is still held by this claim. */
export async function finishClaim(db: Queryable, id: number, token: string, row: Updateable<EmailOutboxTable>): Promise<boolean> {
  const r = await db
    .updateTable('email_outbox')
    .set({ ...row, claim_token: null, locked_until: null })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function requeue(db: Queryable, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('email_outbox')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, last_error: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- attachments ----

export async function insertAttachment(db: Queryable, row: Insertable<EmailAttachmentsTable>): Promise<void> {
  await db.insertInto('email_attachments').values(row).execute();
}

export function attachmentsOf(db: Queryable, emailId: number) {
  return db.selectFrom('email_attachments').select(['filename', 'content_type', 'content']).where('email_id', '=', emailId).orderBy('id').execute();
}
