import type { Selectable } from 'kysely';
import type { EmailOutboxTable, NoticesTable } from './notify.tables.ts';

export function toNotice(r: Selectable<NoticesTable>) {
  return {
    id: String(r.id),
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link_type && r.link_id ? { type: r.link_type, id: String(r.link_id) } : null,
    createdAt: r.created_at,
    readAt: r.read_at,
    read: r.read_at !== null,
  };
}
export type Notice = ReturnType<typeof toNotice>;

export function toOutboxEmail(r: Selectable<EmailOutboxTable>, opts: { withBody?: boolean } = {}) {
  return {
    id: String(r.id),
    to: r.to_address,
    toName: r.to_name,
    subject: r.subject,
    ...(opts.withBody ? { bodyText: r.body_text } : {}),
    language: r.language,
    customerId: r.customer_id ? String(r.customer_id) : null,
    source: r.source_type && r.source_id ? { type: r.source_type, id: String(r.source_id) } : null,
    status: r.status as 'queued' | 'sending' | 'sent' | 'failed',
    attempts: r.attempts,
    nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
    lastError: r.last_error,
    messageId: r.message_id,
    sentAt: r.sent_at,
    createdAt: r.created_at,
    createdBy: r.created_by ? String(r.created_by) : null,
    updatedAt: r.updated_at,
  };
}
export type OutboxEmail = ReturnType<typeof toOutboxEmail>;
