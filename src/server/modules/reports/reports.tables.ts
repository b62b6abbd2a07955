/** Kysely row types of the reports area (joined into `DB` in db/schema.ts). */
import type { Bool, Id, Json } from '../../db/columns.ts';
import type { Fact } from './summaries.rules.ts';

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

/** Whether the summary tables are built, their days' time zone, and a rebuild's lease and cursor. */
export type ReportSummaryStateTable = {
  name: string;
  time_zone: string;
  built_at: string | null;
  lease_until: string | null;
  lease_by: string | null;
  next_id: number;
};

/** What one incident contributes to the summaries: the row is the rule's `Fact` (summaries.rules.ts `incidentFact`). */
export type ReportIncidentFactsTable = Fact;

/** Per received day × dimension × code: incidents and their stopped / met clocks. */
export type ReportIncidentDailyTable = { day: string; dim: string; code: string; n: number; r_done: number; r_met: number; s_done: number; s_met: number; open: number };

/** Per received day × measure × bucket: how many incidents (summaries.rules.ts `timeBucket`). */
export type ReportTimeHistTable = { day: string; metric: string; bucket: number; n: number };

/** Calls per grain (d: day, m: month) × dimension (t: type, d: destination) × code × outcome × time-to-finish bucket (-1 pending). */
export type ReportCallDailyTable = { grain: string; day: string; dim: string; code: string; outcome: string; bucket: number; n: number };

/** One row per incident that names a serial: its serial's previous incident (received instant) and the seconds since it. */
export type ReportSerialGapsTable = { incident_id: number; serial_number: string; received_at: string; prev_received_at: string | null; gap_s: number | null };

/** Supply lines of warranty / courtesy incidents per grain (d: day, m: month; in the summaries' time zone) × item × case type: lines and their cost. */
export type ReportFreeSuppliesTable = { grain: string; period: string; item_id: number; case_type: string; lines: number; cost: number };

/** Active units per item and month of sale (`YYYY-MM`). */
export type ReportUnitsInServiceTable = { item_id: number; month: string; n: number };

export type ReportsTables = {
  report_subscriptions: ReportSubscriptionsTable;
  report_deliveries: ReportDeliveriesTable;
  report_summary_state: ReportSummaryStateTable;
  report_incident_facts: ReportIncidentFactsTable;
  report_incident_daily: ReportIncidentDailyTable;
  report_time_hist: ReportTimeHistTable;
  report_call_daily: ReportCallDailyTable;
  report_serial_gaps: ReportSerialGapsTable;
  report_free_supplies: ReportFreeSuppliesTable;
  report_units_in_service: ReportUnitsInServiceTable;
};
