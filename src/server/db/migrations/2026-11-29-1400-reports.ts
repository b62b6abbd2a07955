import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Scheduled reports (subscriptions and the one-row-per-period deliveries whose unique key makes
 * each period go out once whatever the number of app servers) and e-mail attachments for the
 * outbox (the report's PDF travels with its e-mail).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  await k.createTable('report_subscriptions', {
    id: k.identity,
    user_id: k.fk('users', { notNull: true }),
    ...k.each(['report', 'frequency'], k.notNull('text')),
    filters: k.notNull(k.json),
    active: k.on,
    last_period: 'text',
    last_sent_at: k.ts,
    ...k.stamps,
  }, { indexes: { report_subscriptions_user_idx: ['user_id', 'id'], report_subscriptions_due_idx: ['frequency', 'active', 'id'] } });

  await k.createTable('report_deliveries', {
    id: k.identity,
    subscription_id: k.fk('report_subscriptions', { notNull: true }),
    period_key: k.notNull('text'),
    claimed_at: k.notNull(k.ts),
    claimed_by: 'text',
    email_id: k.fk('email_outbox'),
    error: 'text',
  }, { unique: ['report_deliveries_once_uq', ['subscription_id', 'period_key']] });

  await k.createTable('email_attachments', {
    id: k.identity,
    email_id: k.fk('email_outbox', { notNull: true }),
    ...k.each(['filename', 'content_type'], k.notNull('text')),
    content: k.notNull(k.blob),
    size: k.notNull('integer'),
  }, { indexes: { email_attachments_email_idx: ['email_id', 'id'] } });
}

export async function down(db: Kysely<any>): Promise<void> {
  await migrationKit(db).dropTables(['email_attachments', 'report_deliveries', 'report_subscriptions'], { ifExists: true });
}
