/** Kysely row types of the reports area (joined into `DB` in db/schema.ts). */
import type { Bool, Id, Json } from '../../db/columns.ts';

/** A user's subscription to a report with its filters, sent weekly or monthly. */
export type ReportSubscriptionsTable = {
  id: Id;
  user_id: number;
  report: string;
  frequency: 'weekly' | 'monthly';
  filters: Json;
  active: Bool;
  last_period: string | null;
  last_sent_at: string | null;
  created_at: string;
  updated_at: string;
};

/** One row per (subscription, period) sent: the unique key is the claim that makes it once. */
export type ReportDeliveriesTable = {
  id: Id;
  subscription_id: number;
  period_key: string;
  claimed_at: string;
  claimed_by: string | null;
  email_id: number | null;
  error: string | null;
};

export type ReportsTables = { report_subscriptions: ReportSubscriptionsTable; report_deliveries: ReportDeliveriesTable };
