import { z } from 'zod';
import { AUTOMATIC_ACTIONS, CATALOG_NAMES, type CatalogName } from '../../../shared/catalogs.ts';

const text = (max: number) => z.string().trim().max(max);
const minutes = z.number().int().min(0).max(525_600);

/** Attributes some catalogs carry besides code, descriptions and flags (stored as JSON). */
export const attributeSchemas = {
  automaticAction: z.enum(AUTOMATIC_ACTIONS).describe('solution-types: what to do when the solution type is assigned to an activity'),
  emailSubjectEs: text(200).describe('solution-types: e-mail subject template in Spanish ({{customer}}, {{activity}}…)'),
  emailSubjectEn: text(200).describe('solution-types: e-mail subject template in English'),
  emailBodyEs: text(10_000).describe('solution-types: e-mail body template in Spanish'),
  emailBodyEn: text(10_000).describe('solution-types: e-mail body template in English'),
  waitingForCustomer: z.boolean().describe('incident-statuses: the SLA clock pauses while an incident is in this status'),
  responseMinutes: minutes.describe('priorities: business minutes to the first response'),
  resolutionMinutes: minutes.describe('priorities: business minutes to resolution'),
  escalationMarginMinutes: minutes.describe('priorities: escalate this many minutes before a target'),
  warningPercent: z.number().int().min(1).max(100).nullable().describe('priorities: also warn once this share of a target is used (80 = at 80 %); the earlier warning wins'),
  escalationEmails: z.array(z.email().max(200)).max(10).describe('priorities: addresses that get an e-mail when an incident of this priority escalates'),
  countsAsResponse: z.boolean().describe('incident-event-types: the first event of this type is the first response'),
  isEscalation: z.boolean().describe('incident-event-types: escalations (SLA warnings and breaches) are recorded with this type'),
  dueDays: z.array(z.number().int().min(0).max(730)).min(1).max(12).describe('payment-terms: days after issue of each instalment'),
  rate: z.number().int().min(0).max(10_000).describe('vat-rates: rate in basis points (2100 = 21 %)'),
  ruleOrder: z.number().int().min(0).max(100_000).describe('assignment-rules: rules are tried in this order'),
  unitTypeCode: text(10).nullable().describe('assignment-rules: matches incidents on units of this type'),
  serviceTypeCode: text(10).nullable().describe('assignment-rules: matches this service type'),
  regionCode: text(10).nullable().describe('assignment-rules: matches this region'),
  ownerUserId: z.string().regex(/^\d{1,15}$/).nullable().describe('assignment-rules: technician who becomes the owner (or ownerGroupId)'),
  ownerGroupId: z.string().regex(/^\d{1,15}$/).nullable().describe('assignment-rules: group that becomes the owner (or ownerUserId)'),
  serviceCalendarId: z.string().regex(/^\d{1,15}$/).nullable().describe('regions: service calendar of incidents of customers in this region (SLA); none: the default calendar'),
  holidayRegion: z.string().regex(/^[A-Z]{2}$/).nullable().describe('regions: autonomous community (second half of ISO 3166-2:ES: MD, CT, CN…) whose holidays apply; default the region code'),
} as const;
export type AttributeName = keyof typeof attributeSchemas;

export const CATALOG_ATTRIBUTES: Record<CatalogName, AttributeName[]> = {
  'call-statuses': [],
  'call-types': [],
  'activity-statuses': [],
  origins: [],
  'problem-types': [],
  'solution-types': ['automaticAction', 'emailSubjectEs', 'emailSubjectEn', 'emailBodyEs', 'emailBodyEn'],
  'incident-statuses': ['waitingForCustomer'],
  priorities: ['responseMinutes', 'resolutionMinutes', 'escalationMarginMinutes', 'warningPercent', 'escalationEmails'],
  'reason-codes': [],
  'resolution-codes': [],
  'incident-event-types': ['countsAsResponse', 'isEscalation'],
  'payment-terms': ['dueDays'],
  regions: ['serviceCalendarId', 'holidayRegion'],
  'service-types': [],
  'unit-types': [],
  'vat-rates': ['rate'],
  'assignment-rules': ['ruleOrder', 'unitTypeCode', 'serviceTypeCode', 'regionCode', 'ownerUserId', 'ownerGroupId'],
};

export const catalogParams = z.object({ catalog: z.enum(CATALOG_NAMES) });
export const catalogEntryParams = catalogParams.extend({ code: z.string().min(1).max(20) });

const base = {
  descriptionEs: text(200).min(1).describe('Description shown in Spanish'),
  descriptionEn: text(200).min(1).describe('Description shown in English'),
  active: z.boolean().describe('Inactive (retired) codes stay valid on old records and are not offered for new ones'),
  sortOrder: z.number().int().min(-100_000).max(100_000),
  parentCode: text(20).nullable().describe('reason-codes / resolution-codes: the general code a specific code belongs to'),
  pending: z.boolean().describe('call-statuses, activity-statuses, incident-statuses: records in this status are pending'),
  isDefault: z.boolean().describe('The default entry for new records (at most one)'),
  defaultPending: z.boolean().describe('call-statuses: status of new calls ("Habitual pendiente")'),
  defaultFinished: z.boolean().describe('call-statuses: status set when a call is finished'),
};

export const entryUpdateBody = z.object({ ...base, ...attributeSchemas }).partial().strict();
export const entryCreateBody = entryUpdateBody.extend({
  code: z.string().trim().min(1).max(10).regex(/^[A-Za-z0-9_.-]+$/, 'invalid_format').describe('Code; exactly 2 characters where the spec says so'),
  descriptionEs: base.descriptionEs,
  descriptionEn: base.descriptionEn,
});
export type EntryCreate = z.infer<typeof entryCreateBody>;
export type EntryUpdate = z.infer<typeof entryUpdateBody>;
