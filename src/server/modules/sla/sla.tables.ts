import type { Bool, Id, Json } from '../../db/schema.ts';

export type ServiceCalendarsTable = {
  id: Id;
  name: string;
  time_zone: string;
  /** [[{ from: 'HH:MM', to: 'HH:MM' }, …] × 7], Monday first */
  week: Json;
  is_default: Bool;
  version: number;
  created_at: string;
  updated_at: string;
};

export type ServiceCalendarHolidaysTable = { calendar_id: number; date: string; name: string; kind: string };

export type ContractServiceLevelsTable = {
  contract_id: number;
  calendar_id: number | null;
  /** [{ priorityCode, responseMinutes, resolutionMinutes }] */
  targets: Json;
  updated_at: string;
};

export type SlaTables = {
  service_calendars: ServiceCalendarsTable;
  service_calendar_holidays: ServiceCalendarHolidaysTable;
  contract_service_levels: ContractServiceLevelsTable;
};
