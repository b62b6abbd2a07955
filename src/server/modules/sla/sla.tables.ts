import type { Bool, Id, Json } from '../../db/columns.ts';

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

export type SlaTables = SlaClockTables & {
  service_calendars: ServiceCalendarsTable;
  service_calendar_holidays: ServiceCalendarHolidaysTable;
  contract_service_levels: ContractServiceLevelsTable;
};

export type IncidentClocksTable = {
  incident_id: number;
  /** response | resolution */
  target: string;
  /** running | paused | stopped */
  state: string;
  calendar_id: number;
  target_minutes: number;
  margin_minutes: number;
  anchor_at: string;
  used_before: number;
  paused_since: string | null;
  stopped_at: string | null;
  due_at: string | null;
  warn_at: string | null;
  /** the deadline the last warning / breach escalation was sent for */
  warned_for: string | null;
  breached_for: string | null;
  next_escalation_at: string | null;
  /** the escalation sweep holding the row, until when (a server that died releases it then) */
  lease_until: string | null;
  lease_token: string | null;
  /** stopped on time (null while not stopped) */
  met: Bool | null;
  incident_number: string;
  customer_id: number;
  priority_code: string;
  status_code: string;
  owner_user_id: number | null;
  owner_group_id: number | null;
  updated_at: string;
};

export type SlaEscalationsTable = {
  id: Id;
  incident_id: number;
  target: string;
  level: string;
  due_at: string;
  at: string;
  notices: number;
  emails: number;
};

/**
 * One row per incident with a clock running or paused (none once every clock stopped), written with
 * its clocks: what the badge counts count, one row per incident (see the 0700 migration).
 */
export type IncidentSlaStateTable = {
  incident_id: number;
  /** earliest deadline / warning of its running clocks (null: none running) */
  due_at: string | null;
  warn_at: string | null;
  /** earliest since-when of its paused clocks (null: none paused) */
  paused_since: string | null;
  owner_user_id: number | null;
  owner_group_id: number | null;
  updated_at: string;
  /** what the counters count it as (at_risk, breached; null: on time or nothing running), as of its last write */
  counted: string | null;
  /** when time moves it to its next phase (its warning while on time, its deadline while at risk) */
  phase_until: string | null;
};

/** The badge counters: rows of +n/−n per owner pair and view (at_risk, breached, paused), summed on read (the 2026-12-01-1600 migration). */
export type SlaCountsTable = {
  id: Id;
  owner_user_id: number | null;
  owner_group_id: number | null;
  view: string;
  n: number;
};

export type SlaClockTables = { incident_clocks: IncidentClocksTable; sla_escalations: SlaEscalationsTable; incident_sla_state: IncidentSlaStateTable; sla_counts: SlaCountsTable };
