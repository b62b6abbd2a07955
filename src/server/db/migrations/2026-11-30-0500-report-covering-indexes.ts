import type { Kysely } from 'kysely';

/**
 * Covering indexes for the reports' aggregates over a period (bench/results/areas.md, 1,000,000
 * incidents and invoices: each of these read a year of rows from the table, 0.7–5.9 s on SQLite).
 * With them each aggregate is one range of an index that holds every column it reads, no table row:
 * - billing: invoiced per issue day (`issue_date, settlement, total_cents, outstanding_cents`), overdue
 *   per earliest unpaid due date (`settlement, next_due_date, outstanding_cents`: two ranges, unpaid and
 *   partially paid, up to today), collected per day (`paid_on, amount_cents`);
 * - root causes and the dashboard's top reasons: incidents per reason, specific reason, case type and
 *   item over the received period (`received_at, reason_code, specific_reason_code, case_type, item_id`);
 *   units in service per item (`item_id, active, sale_date`); free supplies by the day they were given
 *   (`incident_supplies.created_at`).
 * Medians and percentiles (the incident time analysis) are not served by these.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('invoices_report_issue_idx').on('invoices').columns(['issue_date', 'settlement', 'total_cents', 'outstanding_cents']).execute();
  await db.schema.createIndex('invoices_report_overdue_idx').on('invoices').columns(['settlement', 'next_due_date', 'outstanding_cents']).execute();
  await db.schema.createIndex('invoice_payments_report_idx').on('invoice_payments').columns(['paid_on', 'amount_cents']).execute();
  await db.schema.createIndex('incidents_report_causes_idx').on('incidents').columns(['received_at', 'reason_code', 'specific_reason_code', 'case_type', 'item_id']).execute();
  await db.schema.createIndex('units_report_service_idx').on('units').columns(['item_id', 'active', 'sale_date']).execute();
  await db.schema.createIndex('incident_supplies_report_idx').on('incident_supplies').columns(['created_at', 'incident_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['incident_supplies_report_idx', 'units_report_service_idx', 'incidents_report_causes_idx', 'invoice_payments_report_idx', 'invoices_report_overdue_idx', 'invoices_report_issue_idx']) {
    await db.schema.dropIndex(name).execute();
  }
}
