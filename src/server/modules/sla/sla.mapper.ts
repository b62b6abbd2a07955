import type { Selectable } from 'kysely';
import { fromJson, toBool } from '../../db/dialect.ts';
import type { Holiday, HolidayKind, ServiceCalendar, ServiceLevel, WeekHm } from '../../../shared/service-calendars.ts';
import { parseHm } from './business-clock.ts';
import type { ServiceCalendarsTable } from './sla.tables.ts';

export function weekMinutes(week: WeekHm): number {
  return week.reduce((sum, day) => sum + day.reduce((s, x) => s + parseHm(x.to) - parseHm(x.from), 0), 0);
}

export function toCalendar(r: Selectable<ServiceCalendarsTable>): ServiceCalendar {
  const week = fromJson<WeekHm>(r.week, [[], [], [], [], [], [], []]);
  return {
    id: String(r.id),
    name: String(r.name),
    timeZone: String(r.time_zone),
    week,
    isDefault: toBool(r.is_default),
    weeklyMinutes: weekMinutes(week),
    version: Number(r.version),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

export function toHoliday(r: { date: string; name: string; kind: string }): Holiday {
  return { date: r.date, name: r.name, kind: r.kind as HolidayKind };
}

export function toServiceLevel(contractId: number, r: { calendar_id: number | null; targets: unknown; updated_at: string; calendar_name: string | null } | undefined): ServiceLevel {
  return {
    contractId: String(contractId),
    calendarId: r?.calendar_id == null ? null : String(r.calendar_id),
    calendarName: r?.calendar_name ?? null,
    targets: fromJson(r?.targets, []),
    updatedAt: r?.updated_at ?? null,
  };
}
