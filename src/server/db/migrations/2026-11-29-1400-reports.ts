import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Scheduled reports (subscriptions and the one-row-per-period deliveries whose unique key makes
 * each period go out once whatever the number of app servers) and e-mail attachments for the
 * outbox (the report's PDF travels with its e-mail).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);

  await k.id(db.schema.createTable('report_subscriptions'))
    .addColumn('user_id', k.ref, (c) => c.notNull().references('users.id'))
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('filters', k.json, (c) => c.notNull())
    .addColumn('active', k.bool, (c) => c.notNull().defaultTo(k.true))
    .addColumn('last_period', 'text')
    .addColumn('last_sent_at', k.ts)
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_subscriptions_user_idx').on('report_subscriptions').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('report_subscriptions_due_idx').on('report_subscriptions').columns(['frequency', 'active', 'id']).execute();

  await k.id(db.schema.createTable('report_deliveries'))
    .addColumn('subscription_id', k.ref, (c) => c.notNull().references('report_subscriptions.id'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('claimed_at', k.ts, (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('email_id', k.ref, (c) => c.references('email_outbox.id'))
    .addColumn('error', 'text')
    .addUniqueConstraint('report_deliveries_once_uq', ['subscription_id', 'period_key'])
    .execute();

  await k.id(db.schema.createTable('email_attachments'))
    .addColumn('email_id', k.ref, (c) => c.notNull().references('email_outbox.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content', k.pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_attachments_email_idx').on('email_attachments').columns(['email_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['email_attachments', 'report_deliveries', 'report_subscriptions']) await db.schema.dropTable(t).ifExists().execute();
}
