/**
 * Service calendars: the request and response shapes of `/service-calendars` and of a contract's
 * service level. Shared with the web UI (types by `z.infer`), so no server imports here.
 */
import { z } from 'zod';
import { createdUpdated } from './fields.ts';
import { idString as id, isoDate } from './inputs.ts';
import { itemsSchema, pageSchema } from './page.ts';

/** A wall-clock time of the calendar's zone, HH:MM; 24:00 ends a day. */
export const hm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'invalid_format').describe('Local time HH:MM (24:00 = end of day)');
export const shiftSchema = z.object({ from: hm, to: hm }).strict();
export type ShiftHm = z.infer<typeof shiftSchema>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const weekSchema = z
  .array(z.array(shiftSchema).max(6))
  .length(7)
  .describe('Working hours per weekday, Monday first: each day a list of shifts (split shifts: 08:00–14:00 and 15:30–18:30); an empty day does not work');
export type WeekHm = z.infer<typeof weekSchema>;

export const HOLIDAY_KINDS = ['national', 'regional', 'local'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

const name = z.string().trim().min(1).max(120);

export const calendarCreateBody = z
  .object({
    name: name.describe('Name, unique ("Madrid", "Canarias", "24×7")'),
    timeZone: z.string().trim().min(1).max(64).optional().describe('IANA time zone; default Europe/Madrid (the Canary Islands: Atlantic/Canary)'),
    week: weekSchema,
    isDefault: z.boolean().optional().describe('The calendar of incidents whose contract and region name none (exactly one)'),
  })
  .strict();
export const calendarUpdateBody = calendarCreateBody.partial().strict();
export type CalendarCreate = z.infer<typeof calendarCreateBody>;
export type CalendarUpdate = z.infer<typeof calendarUpdateBody>;

export const calendarSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  week: weekSchema,
  isDefault: z.boolean(),
  weeklyMinutes: z.number().describe('Business minutes in a week without holidays'),
  version: z.number().describe('Grows on every change of hours or holidays'),
  ...createdUpdated,
});
export type ServiceCalendar = z.infer<typeof calendarSchema>;
export const calendarPage = pageSchema(calendarSchema);

export const holidaySchema = z.object({
  date: z.string(),
  name: z.string(),
  kind: z.enum(HOLIDAY_KINDS).describe('national and regional ones come from the holiday library; local ones are entered by hand'),
});
export type Holiday = z.infer<typeof holidaySchema>;

export const holidayListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional().describe('Only this year') });
export const holidayCreateBody = z
  .object({ date: isoDate, name: name.describe('"San Isidro", "Fiesta local"'), kind: z.enum(HOLIDAY_KINDS).optional().describe('Default local') })
  .strict();
export const holidayParams = z.object({ id, date: isoDate });
export const holidayList = itemsSchema(holidaySchema);

export const generateHolidaysBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    regionCode: z.string().trim().min(1).max(10).nullish().describe('Region (regions catalog) whose regional holidays to add; without it, national ones only'),
  })
  .strict();
export const generateHolidaysResult = z.object({
  added: z.array(holidaySchema),
  alreadyThere: z.number().describe('Dates the calendar already had (kept as they were)'),
  subdivision: z.string().nullable().describe('ISO 3166-2 subdivision used (ES-MD…)'),
});

export const serviceTargetSchema = z
  .object({
    priorityCode: z.string().trim().min(1).max(10),
    responseMinutes: z.number().int().min(0).max(525_600).describe('Business minutes to the first response'),
    resolutionMinutes: z.number().int().min(0).max(525_600).describe('Business minutes to resolution'),
  })
  .strict();
export const serviceLevelBody = z
  .object({
    calendarId: id.nullable().describe("Calendar of this contract's incidents (a 24×7 contract names a 24×7 calendar); null: the region's"),
    targets: z.array(serviceTargetSchema).max(50).describe("Targets per priority that replace the priority's own"),
  })
  .strict();
export const serviceLevelSchema = z.object({
  contractId: z.string(),
  calendarId: z.string().nullable(),
  calendarName: z.string().nullable(),
  targets: z.array(serviceTargetSchema),
  updatedAt: z.string().nullable(),
});
export type ServiceLevel = z.infer<typeof serviceLevelSchema>;

/** Spanish subdivisions the holiday library knows, with their ISO codes (ES-MD…). */
export const holidayRegionSchema = z.object({ code: z.string(), subdivision: z.string(), name: z.string() });
