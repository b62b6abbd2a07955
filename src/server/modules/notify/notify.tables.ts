import type { ColumnType } from 'kysely';
import type { Id } from '../../db/columns.ts';

export type NoticesTable = {
  id: Id;
  user_id: number;
  kind: string;
  title: string;
  body: string | null;
  link_type: string | null;
  link_id: number | null;
  created_at: string;
  read_at: string | null;
};

export type EmailOutboxTable = {
  id: Id;
  to_address: string;
  to_name: string | null;
  subject: string;
  body_text: string;
  language: string;
  customer_id: number | null;
  source_type: string | null;
  source_id: number | null;
  status: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  locked_until: string | null;
  claim_token: string | null;
  last_error: string | null;
  message_id: string | null;
  sent_at: string | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
};

/** Files sent with an outbox e-mail (a scheduled report's PDF…), written in the same transaction. */
export type EmailAttachmentsTable = {
  id: Id;
  email_id: number;
  filename: string;
  content_type: string;
  content: Buffer;
  size: number;
};

export type NotifyTables = { notices: NoticesTable; email_outbox: EmailOutboxTable; email_attachments: EmailAttachmentsTable };
