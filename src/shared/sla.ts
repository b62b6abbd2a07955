/**
 * SLA clocks of incidents and the supervisor's lists: request and response shapes shared with the
 * web UI (types by `z.infer`), no server imports.
 */
import { z } from 'zod';
import { customerIdNameRef, userOrGroup } from './fields.ts';
import { idString as id } from './inputs.ts';
import { pageFields, pageSchema } from './page.ts';

export const CLOCK_TARGETS = ['response', 'resolution'] as const;
export const CLOCK_VIEWS = ['at-risk', 'breached', 'paused'] as const;

export const incidentClockSchema = z.object({
  incidentId: z.string(),
  incidentNumber: z.string(),
  ...customerIdNameRef,
  target: z.enum(CLOCK_TARGETS).describe('response: to the first response; resolution: to resolving'),
  state: z.enum(['running', 'paused', 'stopped']),
  status: z.enum(['on_time', 'at_risk', 'breached', 'paused', 'met', 'missed']).describe('at_risk: within the warning margin; met/missed: stopped within its target or not'),
  targetMinutes: z.number().describe('Business minutes the target allows'),
  marginMinutes: z.number().describe('Warning margin in business minutes before the deadline'),
  usedMinutes: z.number().describe('Business minutes used so far'),
  remainingMinutes: z.number().describe('Business minutes left now (negative: overdue by that much)'),
  dueAt: z.string().nullable().describe('Deadline (null while paused or stopped)'),
  warnAt: z.string().nullable(),
  pausedSince: z.string().nullable().describe('Waiting for the customer since'),
  stoppedAt: z.string().nullable(),
  calendarId: z.string(),
  calendarName: z.string(),
  timeZone: z.string().describe("The calendar's time zone: the deadline as the customer's contract reads it"),
  priorityCode: z.string(),
  statusCode: z.string(),
  ...userOrGroup('owner'),
});
export type IncidentClock = z.infer<typeof incidentClockSchema>;

export const incidentSlaSchema = z.object({
  incidentId: z.string(),
  now: z.string().describe('Server time the remaining minutes were counted at'),
  clocks: z.array(incidentClockSchema),
  escalations: z.array(z.object({ target: z.enum(CLOCK_TARGETS), level: z.enum(['warning', 'breach']), dueAt: z.string(), at: z.string() })),
});
export type IncidentSla = z.infer<typeof incidentSlaSchema>;

export const clockListQuery = z.object({
  view: z.enum(CLOCK_VIEWS).describe('at-risk: deadline within its margin; breached: deadline passed; paused: waiting for the customer'),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only incidents I own or my groups own'),
  ownerUserId: id.optional(),
  ownerGroupId: id.optional(),
  ...pageFields,
});
export type ClockListQuery = z.infer<typeof clockListQuery>;
export const clockPage = pageSchema(incidentClockSchema);

const counts = z.object({ atRisk: z.number(), breached: z.number(), paused: z.number() });
export const slaCountsSchema = counts.extend({ mine: counts.describe('Of those, incidents I or my groups own') });
export type SlaCounts = z.infer<typeof slaCountsSchema>;
