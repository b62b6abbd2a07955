/**
 * Service calendars: working hours per weekday with split shifts, holidays per year (national and
 * regional ones from the holiday library, local ones by hand), the default calendar, and a
 * contract's service level. The business clock (business-clock.ts) turns a calendar into deadlines.
 */
import type { CalendarCreate, CalendarUpdate, Holiday, HolidayKind, ServiceCalendar, ServiceLevel, WeekHm } from '../../../shared/service-calendars.ts';
import { type Ctx, tx } from '../../context.ts';
import { configCache } from '../../db/config-cache.ts';
import { isUniqueViolation, nowIso, toJson } from '../../db/dialect.ts';
import { decodeCursor, keyset, type Page, toPage } from '../../db/pagination.ts';
import { AppError, conflict, fieldError, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { findEntry, listEntries } from '../catalogs/catalogs.service.ts';
import { getContract } from '../products/products.service.ts';
import { BusinessCalendar, isTimeZone, parseHm, type Shift } from './business-clock.ts';
import { SPANISH_SUBDIVISIONS, spanishHolidays } from './holidays.ts';
import { toCalendar, toHoliday, toServiceLevel, weekMinutes } from './sla.mapper.ts';
import * as repo from './sla.repository.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const CALENDARS = keyset('service-calendars', 'text', 'id');

const DEFAULT_TIME_ZONE = 'Europe/Madrid';

/** Shifts as minutes, refusing a shift that ends before it starts or overlaps another of its day. */
export function weekToShifts(week: WeekHm, field = 'week'): Shift[][] {
  return week.map((day, d) => {
    const shifts = day.map((s, i) => {
      const from = parseHm(s.from);
      const to = parseHm(s.to);
      if (to <= from) throw fieldError(`${field}.${d}.${i}.to`, 'shift_order');
      return [from, to] as Shift;
    });
    const sorted = [...shifts].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) if (sorted[i][0] < sorted[i - 1][1]) throw fieldError(`${field}.${d}`, 'shift_overlap');
    return sorted;
  });
}

function validateCalendar(input: CalendarUpdate) {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) throw fieldError('timeZone', 'invalid_time_zone', { value: input.timeZone });
  if (input.week !== undefined) {
    weekToShifts(input.week);
    if (weekMinutes(input.week) === 0) throw fieldError('week', 'calendar_without_hours');
  }
}

export async function listCalendars(ctx: Ctx, q: { limit: number; cursor?: string }): Promise<Page<ServiceCalendar>> {
  const rows = await repo.listCalendars(ctx.db, { cursor: decodeCursor(q.cursor, CALENDARS), limit: q.limit });
  return toPage(rows, q.limit, CALENDARS, (r) => [r.name, Number(r.id)], toCalendar);
}

/** Whether a service calendar exists (a region's serviceCalendarId is checked with it). */
export async function calendarExists(ctx: Ctx, id: number): Promise<boolean> {
  return (await repo.findCalendar(ctx.db, id)) !== undefined;
}

export async function getCalendar(ctx: Ctx, id: number): Promise<ServiceCalendar> {
  const row = await repo.findCalendar(ctx.db, id);
  if (!row) throw notFound();
  return toCalendar(row);
}

export async function createCalendar(ctx: Ctx, input: CalendarCreate): Promise<ServiceCalendar> {
  validateCalendar(input);
  return tx(ctx, async (c) => {
    const now = nowIso();
    let id: number;
    try {
      id = await repo.insertCalendar(c.db, {
        name: input.name,
        time_zone: input.timeZone ?? DEFAULT_TIME_ZONE,
        week: toJson(input.week) ?? '[]',
        is_default: input.isDefault ?? false,
        version: 1,
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw fieldError('name', 'duplicate');
      throw e;
    }
    if (input.isDefault) await repo.clearDefault(c.db, id);
    calendarsChanged(c);
    const created = await getCalendar(c, id);
    await recordAudit(c, { entityType: 'service_calendar', entityId: id, action: 'create', changes: created });
    return created;
  });
}

export async function updateCalendar(ctx: Ctx, id: number, input: CalendarUpdate): Promise<ServiceCalendar> {
  validateCalendar(input);
  return tx(ctx, async (c) => {
    const before = await getCalendar(c, id);
    if (input.isDefault === false && before.isDefault) throw conflict('calendar_default_required');
    const now = nowIso();
    try {
      await repo.updateCalendar(c.db, id, {
        name: input.name,
        time_zone: input.timeZone,
        week: input.week === undefined ? undefined : (toJson(input.week) ?? '[]'),
        is_default: input.isDefault,
        updated_at: now,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw fieldError('name', 'duplicate');
      throw e;
    }
    if (input.week !== undefined || input.timeZone !== undefined) await repo.bumpVersion(c.db, id, now);
    if (input.isDefault) await repo.clearDefault(c.db, id);
    calendarsChanged(c);
    const after = await getCalendar(c, id);
    await recordAudit(c, { entityType: 'service_calendar', entityId: id, action: 'update', changes: diff(before, after) });
    return after;
  });
}

/** Regions (their `serviceCalendarId` attribute) naming the calendar. */
async function regionsNaming(ctx: Ctx, id: number): Promise<string[]> {
  return (await listEntries(ctx, 'regions')).filter((r) => r.serviceCalendarId === String(id)).map((r) => r.code);
}

export async function deleteCalendar(ctx: Ctx, id: number): Promise<void> {
  await tx(ctx, async (c) => {
    const before = await getCalendar(c, id);
    if (before.isDefault) throw conflict('calendar_default_required');
    const regions = await regionsNaming(c, id);
    if (regions.length) throw conflict('calendar_in_use', { what: regions.join(', ') });
    const contracts = await repo.countContractsUsing(c.db, id);
    if (contracts) throw conflict('calendar_in_use', { what: `${contracts} contrato(s) / contract(s)` });
    await repo.deleteCalendar(c.db, id);
    calendarsChanged(c);
    await recordAudit(c, { entityType: 'service_calendar', entityId: id, action: 'delete', changes: { name: before.name } });
  });
}

export async function listHolidays(ctx: Ctx, id: number, year?: number): Promise<Holiday[]> {
  await getCalendar(ctx, id);
  return (await repo.listHolidays(ctx.db, id, year)).map(toHoliday);
}

export async function addHoliday(ctx: Ctx, id: number, input: { date: string; name: string; kind?: HolidayKind }): Promise<Holiday> {
  return tx(ctx, async (c) => {
    await getCalendar(c, id);
    if (await repo.findHoliday(c.db, id, input.date)) throw conflict('holiday_exists');
    const holiday = { date: input.date, name: input.name, kind: input.kind ?? 'local' };
    await repo.insertHolidays(c.db, id, [holiday]);
    await repo.bumpVersion(c.db, id, nowIso());
    calendarsChanged(c);
    await recordAudit(c, { entityType: 'service_calendar', entityId: id, action: 'add_holiday', changes: holiday });
    return holiday;
  });
}

export async function removeHoliday(ctx: Ctx, id: number, date: string): Promise<void> {
  await tx(ctx, async (c) => {
    await getCalendar(c, id);
    const holiday = await repo.findHoliday(c.db, id, date);
    if (!holiday) throw notFound();
    await repo.deleteHoliday(c.db, id, date);
    await repo.bumpVersion(c.db, id, nowIso());
    calendarsChanged(c);
    await recordAudit(c, { entityType: 'service_calendar', entityId: id, action: 'remove_holiday', changes: holiday });
  });
}

/** The autonomous community whose holidays a region of the regions catalog keeps. */
async function subdivisionOf(ctx: Ctx, regionCode: string): Promise<string> {
  const region = await findEntry(ctx, 'regions', regionCode);
  if (!region) throw fieldError('regionCode', 'unknown_code', { value: regionCode });
  const sub = typeof region.holidayRegion === 'string' && region.holidayRegion ? region.holidayRegion : region.code;
  if (!(sub in SPANISH_SUBDIVISIONS)) throw fieldError('regionCode', 'unknown_holiday_region');
  return sub;
}

/**
 * Adds the national holidays of `year` and, with a region, that community's: dates the calendar
 * already has (a local holiday typed by hand, or a previous load) stay as they are.
 */
export async function generateHolidays(ctx: Ctx, id: number, input: { year: number; regionCode?: string | null }) {
  return tx(ctx, async (c) => {
    await getCalendar(c, id);
    const subdivision = input.regionCode ? await subdivisionOf(c, input.regionCode) : null;
    const existing = new Set((await repo.listHolidays(c.db, id, input.year)).map((h) => h.date));
    const generated = spanishHolidays(input.year, subdivision);
    const added = generated.filter((h) => !existing.has(h.date));
    await repo.insertHolidays(c.db, id, added);
    if (added.length) {
      await repo.bumpVersion(c.db, id, nowIso());
      calendarsChanged(c);
      await recordAudit(c, { entityType: 'service_calendar', entityId: id, action: 'load_holidays', changes: { year: input.year, subdivision, dates: added.map((h) => h.date) } });
    }
    return { added, alreadyThere: generated.length - added.length, subdivision: subdivision ? `ES-${subdivision}` : null };
  });
}

export function holidayRegions(): Array<{ code: string; subdivision: string; name: string }> {
  return Object.entries(SPANISH_SUBDIVISIONS).map(([code, name]) => ({ code, subdivision: `ES-${code}`, name }));
}

export async function getServiceLevel(ctx: Ctx, contractId: number): Promise<ServiceLevel> {
  await getContract(ctx, contractId);
  return toServiceLevel(contractId, await repo.findServiceLevel(ctx.db, contractId));
}

export async function setServiceLevel(ctx: Ctx, contractId: number, input: { calendarId: string | null; targets: ServiceLevel['targets'] }): Promise<ServiceLevel> {
  return tx(ctx, async (c) => {
    await getContract(c, contractId);
    const before = await getServiceLevel(c, contractId);
    if (input.calendarId !== null && !(await repo.findCalendar(c.db, Number(input.calendarId)))) throw fieldError('calendarId', 'unknown_calendar');
    const seen = new Set<string>();
    for (const [i, target] of input.targets.entries()) {
      if (seen.has(target.priorityCode)) throw fieldError(`targets.${i}.priorityCode`, 'duplicate_priority');
      seen.add(target.priorityCode);
      const priority = await findEntry(c, 'priorities', target.priorityCode);
      if (!priority) throw fieldError(`targets.${i}.priorityCode`, 'unknown_code', { value: target.priorityCode });
    }
    await repo.upsertServiceLevel(c.db, {
      contract_id: contractId,
      calendar_id: input.calendarId === null ? null : Number(input.calendarId),
      targets: toJson(input.targets) ?? '[]',
      updated_at: nowIso(),
    });
    const after = await getServiceLevel(c, contractId);
    await recordAudit(c, { entityType: 'contract', entityId: contractId, action: 'service_level', changes: diff(before, after) });
    return after;
  });
}

/**
 * The calendars the business clock reads, by id (configuration: db/config-cache.ts): every list of
 * SLA clocks read its calendar row once per request (a statement of its own); every write of a
 * calendar or its holidays below forgets them.
 */
const calendarCache = configCache<ServiceCalendar | undefined>();

/** A calendar or a holiday of it written in `c`'s transaction: the cached calendars are forgotten now and after it commits. */
function calendarsChanged(c: Ctx): void {
  calendarCache.invalidate(c);
}

/** Compiled calendars by id and version: rebuilt when hours or holidays change (any process). */
const compiled = new Map<string, BusinessCalendar>();

/** The business clock of a calendar as it stands now. */
export async function businessCalendar(ctx: Ctx, id: number): Promise<{ calendar: ServiceCalendar; clock: BusinessCalendar }> {
  const calendar = await calendarCache.get(ctx, String(id), async () => {
    const row = await repo.findCalendar(ctx.db, id);
    return row ? toCalendar(row) : undefined;
  });
  if (!calendar) throw notFound();
  const key = `${id}:${calendar.version}:${calendar.timeZone}`;
  let clock = compiled.get(key);
  if (!clock) {
    const holidays = (await repo.listHolidayDates(ctx.db, id)).map((h) => h.date);
    clock = new BusinessCalendar({ timeZone: calendar.timeZone, week: weekToShifts(calendar.week), holidays });
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, clock);
  }
  return { calendar, clock };
}

/** The default calendar's id (every intake's clocks run on it unless a contract or region names another): cached with the calendars. */
export async function defaultCalendarId(ctx: Ctx): Promise<number> {
  const calendar = await calendarCache.get(ctx, 'default', async () => {
    const row = await repo.findDefaultCalendar(ctx.db);
    return row ? toCalendar(row) : undefined;
  });
  if (!calendar) throw new AppError('internal_error');
  return Number(calendar.id);
}
