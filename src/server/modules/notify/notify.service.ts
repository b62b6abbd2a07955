/**
 * Notices to users (the bell) and the e-mail outbox. Every e-mail is first a row in the outbox,
 * written in the caller's transaction, so it exists exactly when the record that caused it does;
 * the background sender (mailer.ts) delivers it.
 */
import type { Ctx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { conflict, notFound } from '../../errors.ts';
import type { Locale } from '../../i18n/messages.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toNotice, toOutboxEmail } from './notify.mapper.ts';
import * as repo from './notify.repository.ts';
import { findUserBrief, findUserBriefs } from '../users/users.service.ts';
import { creationStamps } from '../../db/stamps.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const NOTICES = keyset('notices', 'id');
const OUTBOX = keyset('outbox', 'id');

/** A text given once, or in both languages (the recipient's is chosen). */
export type Localized = string | { es: string; en: string };

function pick(text: Localized | null | undefined, locale: Locale): string | null {
  if (text === null || text === undefined) return null;
  return typeof text === 'string' ? text : (text[locale] ?? text.es);
}

// ---- notices ----

export type NoticeInput = {
  userId: number;
  /** 'activity_action', 'escalation', 'assignment'… */
  kind: string;
  title: Localized;
  body?: Localized | null;
  link?: { type: string; id: number } | null;
};

/** Adds a notice for a user, in the user's language. Returns its id. */
export async function createNotice(ctx: Ctx, input: NoticeInput): Promise<number> {
  const user = await findUserBrief(ctx, input.userId);
  if (!user) throw notFound();
  const locale: Locale = user.language;
  return repo.insertNotice(ctx.db, noticeRow(input, locale, nowIso()));
}

/** The row of a notice in the recipient's language (title and body cut to what the table keeps). */
function noticeRow(input: NoticeInput, locale: Locale, createdAt: string) {
  return {
    user_id: input.userId,
    kind: input.kind,
    title: (pick(input.title, locale) ?? '').slice(0, 300),
    body: pick(input.body, locale)?.slice(0, 5000) ?? null,
    link_type: input.link?.type ?? null,
    link_id: input.link?.id ?? null,
    created_at: createdAt,
  };
}

/**
 * Several notices at once, each as `createNotice` writes it (the recipient's language), each
 * recipient read once: for a batch job such as the escalation sweep.
 */
export async function createNotices(ctx: Ctx, inputs: NoticeInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const users = await findUserBriefs(ctx, inputs.map((i) => i.userId));
  if (inputs.some((i) => !users.has(i.userId))) throw notFound();
  const createdAt = nowIso();
  await repo.insertNotices(
    ctx.db,
    inputs.map((input) => noticeRow(input, users.get(input.userId)!.language, createdAt)),
  );
}

export async function getNotice(ctx: Ctx, id: number) {
  const row = await repo.findNotice(ctx.db, id);
  if (!row) throw notFound();
  return toNotice(row);
}

export async function listMyNotices(ctx: Ctx, q: { unread?: boolean; limit: number; cursor?: string }) {
  const rows = await repo.listNotices(ctx.db, ctx.actor.userId, { unread: q.unread, cursor: decodeCursor(q.cursor, NOTICES), limit: q.limit });
  const page = toPage(rows, q.limit, NOTICES, (r) => [r.id], toNotice);
  return { ...page, unreadCount: await repo.countUnread(ctx.db, ctx.actor.userId) };
}

export async function unreadCount(ctx: Ctx) {
  return { unreadCount: await repo.countUnread(ctx.db, ctx.actor.userId) };
}

export async function markNoticeRead(ctx: Ctx, id: number) {
  const row = await repo.findNotice(ctx.db, id);
  // Someone else's notice is as good as missing.
  if (!row || row.user_id !== ctx.actor.userId) throw notFound();
  await repo.markRead(ctx.db, ctx.actor.userId, id, nowIso());
  return getNotice(ctx, id);
}

export async function markAllNoticesRead(ctx: Ctx) {
  const updated = await repo.markAllRead(ctx.db, ctx.actor.userId, nowIso());
  return { updated, unreadCount: 0 };
}

// ---- e-mail outbox ----

export type EmailInput = {
  to: string;
  toName?: string | null;
  subject: string;
  bodyText: string;
  language: Locale;
  customerId?: number | null;
  source?: { type: string; id: number } | null;
  /** Files sent with the message (kept in the outbox with it). */
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
};

const queuedListeners = new Set<() => void>();
/** The running sender subscribes here to wake up as soon as a new e-mail is committed. */
export function onEmailQueued(listener: () => void): () => void {
  queuedListeners.add(listener);
  return () => queuedListeners.delete(listener);
}
function signalQueued() {
  for (const l of queuedListeners) l();
}

function outboxRow(ctx: Ctx, input: EmailInput, now: string) {
  return {
    to_address: input.to,
    to_name: input.toName ?? null,
    subject: input.subject.replace(/[\r\n]+/g, ' ').slice(0, 500),
    body_text: input.bodyText,
    language: input.language,
    customer_id: input.customerId ?? null,
    source_type: input.source?.type ?? null,
    source_id: input.source?.id ?? null,
    status: 'queued',
    attempts: 0,
    next_attempt_at: now,
    ...creationStamps(ctx.actor, now),
  };
}

/** Puts an e-mail in the outbox (inside the caller's transaction). Returns its id. */
export async function queueEmail(ctx: Ctx, input: EmailInput): Promise<number> {
  const id = await repo.insertEmail(ctx.db, outboxRow(ctx, input, nowIso()));
  for (const a of input.attachments ?? []) {
    await repo.insertAttachment(ctx.db, { email_id: id, filename: a.filename.replace(/[\r\n"\\/]+/g, '_').slice(0, 200), content_type: a.contentType, content: a.content, size: a.content.length });
  }
  if (ctx.db.isTransaction) ctx.afterCommit.push(signalQueued);
  else signalQueued();
  return id;
}

/**
 * Several e-mails without attachments into the outbox at once, each as `queueEmail` writes it, in
 * multi-row statements (a batch job such as the escalation sweep). Returns their ids in order.
 */
export async function queueEmails(ctx: Ctx, inputs: Array<Omit<EmailInput, 'attachments'>>): Promise<number[]> {
  if (inputs.length === 0) return [];
  const now = nowIso();
  const ids = await repo.insertEmails(ctx.db, inputs.map((input) => outboxRow(ctx, input, now)));
  if (ctx.db.isTransaction) ctx.afterCommit.push(signalQueued);
  else signalQueued();
  return ids;
}

export async function getOutboxEmail(ctx: Ctx, id: number) {
  const row = await repo.findEmail(ctx.db, id);
  if (!row) throw notFound();
  return toOutboxEmail(row, { withBody: true });
}

export async function listOutbox(ctx: Ctx, q: { status?: string; customerId?: number; sourceType?: string; sourceId?: number; limit: number; cursor?: string }) {
  const rows = await repo.listEmails(ctx.db, { ...q, cursor: decodeCursor(q.cursor, OUTBOX) });
  return toPage(rows, q.limit, OUTBOX, (r) => [r.id], (r) => toOutboxEmail(r));
}

export async function outboxStatus(ctx: Ctx) {
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of await repo.countByStatus(ctx.db)) counts[r.status as keyof typeof counts] = Number(r.n);
  return { smtpConfigured: Boolean(ctx.config.smtpUrl), counts };
}

/** A failed e-mail goes back to the queue (after the address or the SMTP settings were fixed). */
export async function retryOutboxEmail(ctx: Ctx, id: number) {
  const row = await repo.findEmail(ctx.db, id);
  if (!row) throw notFound();
  if (row.status !== 'failed') throw conflict('email_not_failed');
  await repo.requeue(ctx.db, id, nowIso());
  await recordAudit(ctx, { entityType: 'email', entityId: id, action: 'retry' });
  signalQueued();
  return getOutboxEmail(ctx, id);
}
