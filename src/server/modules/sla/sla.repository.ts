/** The only SQL of the SLA area: service calendars, their holidays, contracts' service levels. */
import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { applyKeyset, type CursorValue } from '../../db/pagination.ts';
import type { ServiceCalendarsTable } from './sla.tables.ts';

export function listCalendars(db: Queryable, q: { cursor?: CursorValue[]; limit: number }) {
  return applyKeyset(db.selectFrom('service_calendars').selectAll(), { columns: ['name', 'id'], direction: 'asc', cursor: q.cursor, limit: q.limit }).execute();
}

export function findCalendar(db: Queryable, id: number) {
  return db.selectFrom('service_calendars').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDefaultCalendar(db: Queryable) {
  return db.selectFrom('service_calendars').selectAll().where('is_default', '=', true).orderBy('id').executeTakeFirst();
}

export async function insertCalendar(db: Queryable, row: Insertable<ServiceCalendarsTable>): Promise<number> {
  const r = await db.insertInto('service_calendars').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateCalendar(db: Queryable, id: number, row: Updateable<ServiceCalendarsTable>) {
  await db.updateTable('service_calendars').set(row).where('id', '=', id).execute();
}

/** A change of hours or holidays: a new version, so compiled copies in every process are rebuilt. */
export async function bumpVersion(db: Queryable, id: number, at: string) {
  await db
    .updateTable('service_calendars')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
}

export async function clearDefault(db: Queryable, exceptId: number) {
  await db.updateTable('service_calendars').set({ is_default: false }).where('is_default', '=', true).where('id', '!=', exceptId).execute();
}

export async function deleteCalendar(db: Queryable, id: number) {
  await db.deleteFrom('service_calendars').where('id', '=', id).execute();
}

export function listHolidays(db: Queryable, calendarId: number, year?: number) {
  let q = db.selectFrom('service_calendar_holidays').select(['date', 'name', 'kind']).where('calendar_id', '=', calendarId);
  if (year !== undefined) q = q.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  return q.orderBy('date').execute();
}

export function listHolidayDates(db: Queryable, calendarId: number) {
  return db.selectFrom('service_calendar_holidays').select('date').where('calendar_id', '=', calendarId).execute();
}

export function findHoliday(db: Queryable, calendarId: number, date: string) {
  return db.selectFrom('service_calendar_holidays').select(['date', 'name', 'kind']).where('calendar_id', '=', calendarId).where('date', '=', date).executeTakeFirst();
}

export async function insertHolidays(db: Queryable, calendarId: number, rows: Array<{ date: string; name: string; kind: string }>) {
  if (rows.length === 0) return;
  await db
    .insertInto('service_calendar_holidays')
    .values(rows.map((r) => ({ calendar_id: calendarId, ...r })))
    .execute();
}

export async function deleteHoliday(db: Queryable, calendarId: number, date: string): Promise<boolean> {
  const r = await db.deleteFrom('service_calendar_holidays').where('calendar_id', '=', calendarId).where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function findServiceLevel(db: Queryable, contractId: number) {
  return db
    .selectFrom('contract_service_levels as l')
    .leftJoin('service_calendars as c', 'c.id', 'l.calendar_id')
    .select(['l.contract_id', 'l.calendar_id', 'l.targets', 'l.updated_at', 'c.name as calendar_name'])
    .where('l.contract_id', '=', contractId)
    .executeTakeFirst();
}

export async function upsertServiceLevel(db: Queryable, row: { contract_id: number; calendar_id: number | null; targets: string; updated_at: string }) {
  await db
    .insertInto('contract_service_levels')
    .values(row)
    .onConflict((oc) => oc.column('contract_id').doUpdateSet({ calendar_id: row.calendar_id, targets: row.targets, updated_at: row.updated_at }))
    .execute();
}

export async function countContractsUsing(db: Queryable, calendarId: number): Promise<number> {
  const r = await db.selectFrom('contract_service_levels').select((eb) => eb.fn.countAll<number>().as('n')).where('calendar_id', '=', calendarId).executeTakeFirstOrThrow();
  return Number(r.n);
}
