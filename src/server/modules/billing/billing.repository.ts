/**
 * The only SQL of the billing area: the company row, invoices and their parts, the gapless
 * counters, and the VERI*FACTU records and events with the heads of their chains.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { claimRows, lockRows } from '../../db/dialect.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type {
  BillingCompanyTable,
  InvoiceInstalmentsTable,
  InvoiceLinesTable,
  InvoicePaymentsTable,
  InvoicesTable,
  VerifactuEventsTable,
  VerifactuRecordsTable,
} from './billing.tables.ts';
import { insertReturningId } from '../../db/rows.ts';

// ── company ──────────────────────────────────────────────────────────────────
export function findCompany(db: Queryable) {
  return db.selectFrom('billing_company').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function saveCompany(db: Queryable, row: Omit<Insertable<BillingCompanyTable>, 'id'>): Promise<void> {
  await db
    .insertInto('billing_company')
    .values({ ...row, id: 1 })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

// ── numbering ────────────────────────────────────────────────────────────────
/**
 * The next number of a series and year, taken inside the caller's transaction: the UPDATE locks
 * the counter row until commit (PostgreSQL) or runs under the single writer (SQLite), and a
 * rollback gives the number back, so numbers never skip and never repeat.
 */
export async function takeNextNumber(db: Queryable, series: string, year: number): Promise<number> {
  await db.insertInto('invoice_counters').values({ series, year, last_number: 0 }).onConflict((oc) => oc.columns(['series', 'year']).doNothing()).execute();
  const r = await db
    .updateTable('invoice_counters')
    .set({ last_number: sql`last_number + 1` })
    .where('series', '=', series)
    .where('year', '=', year)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(r.last_number);
}

// ── invoices ─────────────────────────────────────────────────────────────────
export const insertInvoice = (db: Queryable, row: Insertable<InvoicesTable>): Promise<number> => insertReturningId(db, 'invoices', row);

export async function insertLines(db: Queryable, rows: Insertable<InvoiceLinesTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('invoice_lines').values(rows).execute();
}

export async function insertInstalments(db: Queryable, rows: InvoiceInstalmentsTable[]): Promise<void> {
  if (rows.length) await db.insertInto('invoice_instalments').values(rows).execute();
}

const selectInvoice = (db: Queryable) =>
  db
    .selectFrom('invoices as i')
    .selectAll('i')
    .select((eb) => [eb.selectFrom('invoices as o').select('o.number').whereRef('o.id', '=', 'i.rectifies_invoice_id').as('rectifies_number')]);

export type InvoiceRow = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;

export function findInvoice(db: Queryable, id: number) {
  return selectInvoice(db).where('i.id', '=', id).executeTakeFirst();
}

/** The invoice row locked until the end of the transaction (payments, rectifications, voiding). */
export function lockInvoice(db: Queryable, id: number) {
  return lockRows(db, db.selectFrom('invoices').selectAll().where('id', '=', id)).executeTakeFirst();
}

export async function updateInvoice(db: Queryable, id: number, set: Updateable<InvoicesTable>): Promise<void> {
  await db.updateTable('invoices').set(set).where('id', '=', id).execute();
}

export function listLines(db: Queryable, invoiceId: number) {
  return db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute();
}

export function listInstalments(db: Queryable, invoiceId: number) {
  return db.selectFrom('invoice_instalments').selectAll().where('invoice_id', '=', invoiceId).orderBy('seq').execute();
}

export function listPayments(db: Queryable, invoiceId: number) {
  return db
    .selectFrom('invoice_payments as p')
    .selectAll('p')
    .select((eb) => [
      eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'p.recorded_by').as('recorded_by_name'),
      eb.selectFrom('invoice_payments as r').select('r.id').whereRef('r.reverses_payment_id', '=', 'p.id').limit(1).as('reversed_by'),
    ])
    .where('p.invoice_id', '=', invoiceId)
    .orderBy('p.id')
    .execute();
}
export type PaymentRow = Awaited<ReturnType<typeof listPayments>>[number];

export const insertPayment = (db: Queryable, row: Insertable<InvoicePaymentsTable>): Promise<number> => insertReturningId(db, 'invoice_payments', row);

export function listRectifications(db: Queryable, invoiceId: number) {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'invoice_type', 'total_cents', 'issue_date', 'rectifying_method'])
    .where('rectifies_invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
}

export type InvoiceFilter = {
  settlement?: string[];
  /** next_due_date before this day (overdue) */
  dueBefore?: string;
  /** next_due_date null or on/after this day (not overdue) */
  notDueBefore?: string;
  customerId?: number;
  series?: string;
  from?: string;
  to?: string;
  incidentId?: number;
  cursor?: CursorValue[];
  limit: number;
  /**
   * Keyset on (issue_date, id) instead of id: for a period, the range of invoices_issue_date_idx
   * stops at the page, where walking the ids down from the newest read every invoice issued after
   * the period (231 ms for a month two months back at 1,000,000 invoices). The order is the same:
   * an invoice is issued on its day, so ids grow with issue dates.
   */
  byIssueDate?: boolean;
};

/** Newest first (by id: the order of issue), one index range per filter. */
export function listInvoices(db: Queryable, f: InvoiceFilter) {
  let q = selectInvoice(db);
  if (f.settlement) q = q.where('i.settlement', 'in', f.settlement);
  if (f.dueBefore) q = q.where('i.next_due_date', '<', f.dueBefore);
  if (f.notDueBefore) {
    const d = f.notDueBefore;
    q = q.where((eb) => eb.or([eb('i.next_due_date', 'is', null), eb('i.next_due_date', '>=', d)]));
  }
  if (f.customerId) q = q.where('i.customer_id', '=', f.customerId);
  if (f.series) q = q.where('i.series', '=', f.series);
  if (f.from) q = q.where('i.issue_date', '>=', f.from);
  if (f.to) q = q.where('i.issue_date', '<=', f.to);
  if (f.incidentId) q = q.where('i.incident_id', '=', f.incidentId);
  return applyKeyset(q, { columns: f.byIssueDate ? ['i.issue_date', 'i.id'] : ['i.id'], direction: 'desc', cursor: f.cursor, limit: f.limit }).execute();
}

/** Invoiced per issue day and still outstanding (of the collectable ones) since `from`. */
export function invoicedByDay(db: Queryable, from: string) {
  return db
    .selectFrom('invoices')
    .select((eb) => [
      'issue_date',
      eb.fn.sum<number>('total_cents').as('invoiced'),
      eb.fn.sum<number>(eb.case().when('settlement', 'in', ['unpaid', 'partially_paid']).then(eb.ref('outstanding_cents')).else(0).end()).as('outstanding'),
    ])
    .where('issue_date', '>=', from)
    .where('settlement', '!=', 'voided')
    .groupBy('issue_date')
    .execute();
}

export function collectedByDay(db: Queryable, from: string) {
  return db
    .selectFrom('invoice_payments')
    .select((eb) => ['paid_on', eb.fn.sum<number>('amount_cents').as('collected')])
    .where('paid_on', '>=', from)
    .groupBy('paid_on')
    .execute();
}

/** A customer's invoices issued before `before`, newest first (the customer timeline). */
export function invoicesOfCustomerBefore(db: Queryable, customerId: number, before: string | undefined, limit: number) {
  let q = db
    .selectFrom('invoices as i')
    .select(['i.id', 'i.number', 'i.issued_at', 'i.total_cents', 'i.settlement', 'i.next_due_date', 'i.description', 'i.incident_number'])
    .select((eb) => [eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'i.issued_by').as('issued_by_name')])
    .where('i.customer_id', '=', customerId);
  if (before) q = q.where('i.issued_at', '<', before);
  return q.orderBy('i.issued_at', 'desc').orderBy('i.id', 'desc').limit(limit).execute();
}

/** Payments (and reversals) on a customer's invoices recorded before `before`, newest first. */
export function paymentsOfCustomerBefore(db: Queryable, customerId: number, before: string | undefined, limit: number) {
  let q = db
    .selectFrom('invoice_payments as p')
    .innerJoin('invoices as i', 'i.id', 'p.invoice_id')
    .select(['p.id', 'p.invoice_id', 'p.amount_cents', 'p.method', 'p.paid_on', 'p.note', 'p.recorded_at', 'p.reverses_payment_id', 'i.number'])
    .select((eb) => [eb.selectFrom('users as u').select('u.name').whereRef('u.id', '=', 'p.recorded_by').as('recorded_by_name')])
    .where('i.customer_id', '=', customerId);
  if (before) q = q.where('p.recorded_at', '<', before);
  return q.orderBy('p.recorded_at', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
}

export function itemDefaults(db: Queryable, id: number) {
  return db.selectFrom('items').select(['id', 'description', 'unit_price_cents', 'vat_rate']).where('id', '=', id).executeTakeFirst();
}

export function customerForInvoice(db: Queryable, id: number) {
  return db.selectFrom('customers').select(['id', 'name', 'tax_id', 'address']).where('id', '=', id).executeTakeFirst();
}

// ── VERI*FACTU chains ────────────────────────────────────────────────────────
/** The head of a chain, locked: whoever holds it adds the next link; everyone else waits. */
export function lockHead(db: Queryable, chain: 'records' | 'events') {
  return lockRows(db, db.selectFrom('verifactu_heads').selectAll().where('chain', '=', chain)).executeTakeFirstOrThrow();
}

export function readHead(db: Queryable, chain: 'records' | 'events') {
  return db.selectFrom('verifactu_heads').selectAll().where('chain', '=', chain).executeTakeFirstOrThrow();
}

export async function moveHead(db: Queryable, chain: 'records' | 'events', set: { last_seq: number; last_fingerprint: string; last_ref: string | null }): Promise<void> {
  await db.updateTable('verifactu_heads').set(set).where('chain', '=', chain).execute();
}

export async function insertRecord(db: Queryable, row: Insertable<VerifactuRecordsTable>): Promise<void> {
  await db.insertInto('verifactu_records').values(row).execute();
}

export async function insertEvent(db: Queryable, row: Insertable<VerifactuEventsTable>): Promise<void> {
  await db.insertInto('verifactu_events').values(row).execute();
}

/** Records in chain order from `afterSeq` (exclusive), a batch at a time. */
export function recordsAfter(db: Queryable, afterSeq: number, limit: number) {
  return db.selectFrom('verifactu_records').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export function eventsAfter(db: Queryable, afterSeq: number, limit: number) {
  return db.selectFrom('verifactu_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export function listRecordsPage(db: Queryable, cursor: CursorValue[] | undefined, limit: number) {
  return applyKeyset(db.selectFrom('verifactu_records').selectAll(), { columns: ['seq'], direction: 'desc', cursor, limit }).execute();
}

export function listEventsPage(db: Queryable, cursor: CursorValue[] | undefined, limit: number) {
  return applyKeyset(db.selectFrom('verifactu_events').selectAll(), { columns: ['seq'], direction: 'desc', cursor, limit }).execute();
}

export function recordsOfInvoice(db: Queryable, invoiceId: number) {
  return db.selectFrom('verifactu_records').select(['seq', 'kind', 'fingerprint', 'send_state']).where('invoice_id', '=', invoiceId).orderBy('seq').execute();
}

export function lastEventOfType(db: Queryable, types: string[]) {
  return db.selectFrom('verifactu_events').selectAll().where('event_type', 'in', types).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function countRecordsInState(db: Queryable, states: string[]): Promise<number> {
  const r = await db.selectFrom('verifactu_records').select((eb) => eb.fn.countAll<number>().as('n')).where('send_state', 'in', states).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markUnsentPending(db: Queryable): Promise<void> {
  await db.updateTable('verifactu_records').set({ send_state: 'pending', next_attempt_at: null }).where('send_state', '=', 'not_sent').execute();
}

/**
 * Claims up to `limit` records due for sending, in chain order, and leases them until `leaseUntil`
 * (a crashed sender's records come back when the lease passes). PostgreSQL skips rows another
 * server is claiming; SQLite runs the one UPDATE under its single writer.
 */
export function claimRecordsToSend(db: Queryable, now: string, leaseUntil: string, limit: number) {
  const pick = claimRows(
    db,
    db
      .selectFrom('verifactu_records')
      .select('id')
      .where('send_state', '=', 'pending')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .orderBy('seq')
      .limit(limit),
  );
  return db.updateTable('verifactu_records').set({ next_attempt_at: leaseUntil }).where('id', 'in', pick).returningAll().execute();
}

export async function updateRecordSend(db: Queryable, id: number, set: Updateable<VerifactuRecordsTable>): Promise<void> {
  await db.updateTable('verifactu_records').set(set).where('id', '=', id).execute();
}
