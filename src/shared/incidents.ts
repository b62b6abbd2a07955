/**
 * The incidents API contract: request and response schemas, shared by the server (routes validate
 * and document with them) and the web UI (`import type` of the inferred types). No server imports.
 */
import { z } from 'zod';
import { actor, customerIdRef, moneyTotals, recordRef, registeredStamps, userOrGroup } from './fields.ts';
import { code, idString as id, isoDate, isoDateTime, text } from './inputs.ts';
import { listQuery, pageSchema } from './page.ts';

export const CASE_TYPES = ['warranty', 'courtesy', 'billable'] as const;
export const STAGES = ['open', 'diagnosed', 'resolved', 'closed'] as const;
export const INCIDENT_VIEWS = ['mine', 'groups', 'unassigned', 'open', 'all'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export type Stage = (typeof STAGES)[number];
export type IncidentView = (typeof INCIDENT_VIEWS)[number];

/** A quantity with up to 3 decimals, as text ("1.5") or a number; stored as thousandths. */
export const quantity = z
  .union([z.string().trim().regex(/^\d{1,9}([.,]\d{1,3})?$/, 'invalid_quantity'), z.number().positive().max(999_999_999)])
  .describe('Quantity, up to 3 decimals ("1.5" or 1.5)');

const contactFields = {
  contactName: text(200).nullish().describe('Who called, as they gave it'),
  contactAddress: text(500).nullish(),
  contactPhone: text(40).nullish(),
  contactFax: text(40).nullish(),
  contactEmail: text(200).nullish(),
};

export const newCustomerSchema = z
  .object({
    name: text(200).min(1).describe('Name of the new customer'),
    phone: text(40).nullish(),
    email: z.string().trim().max(200).pipe(z.email('invalid_email')).nullish(),
    taxId: text(20).nullish().describe('CIF/NIF/NIE, validated when given'),
  })
  .strict()
  .describe('A customer created on the spot, in the same transaction (one of phone or e-mail is required)');

export const incidentCreateBody = z
  .object({
    customerId: id.nullish().describe('An existing customer (or newCustomer, or a serial that identifies one)'),
    newCustomer: newCustomerSchema.nullish(),
    serialNumber: text(80).nullish().describe('Serial number however typed; identifies the unit, its item and customer'),
    unitId: id.nullish(),
    itemId: id.nullish().describe('Item, when there is no unit'),
    originCode: code.nullish().describe('origins catalog; default the entry flagged isDefault'),
    receivedAt: isoDateTime.nullish().describe('When the case reached us; default now, never in the future'),
    ...contactFields,
    caseType: z.enum(CASE_TYPES).nullish().describe('Default: warranty when under warranty or contract on the received date, else billable'),
    reasonCode: code.nullish().describe('General reason code'),
    specificReasonCode: code.nullish().describe('Specific reason code; must belong to the general one'),
    symptom: text(20_000).min(1).describe('What the customer sees'),
    priorityCode: code.nullish().describe('Default: the priority flagged isDefault'),
    statusCode: code.nullish().describe('Default: the incident status flagged isDefault'),
    estimatedCloseDate: isoDate.nullish().describe('Close date promised to the customer'),
    ownerUserId: id.nullish().describe('Owner chosen by hand; default: the first matching assignment rule'),
    ownerGroupId: id.nullish(),
    fromCallId: id.nullish().describe('Call this incident was created from; finishes it'),
  })
  .strict();
export type IncidentCreate = z.infer<typeof incidentCreateBody>;

export const incidentPatchBody = z
  .object({
    customerId: id,
    unitId: id.nullable().describe('Changing the unit copies its coverage as of the received date again'),
    itemId: id.nullable(),
    originCode: code.nullable(),
    ...contactFields,
    caseType: z.enum(CASE_TYPES),
    reasonCode: code.nullable(),
    specificReasonCode: code.nullable(),
    symptom: text(20_000).min(1),
    diagnosis: text(20_000).nullable(),
    solution: text(20_000).nullable(),
    resolutionCode: code.nullable(),
    specificResolutionCode: code.nullable(),
    priorityCode: code,
    statusCode: code,
    estimatedCloseDate: isoDate.nullable(),
  })
  .partial()
  .strict();
export type IncidentPatch = z.infer<typeof incidentPatchBody>;

export const delegateBody = z
  .object({ toUserId: id.nullish(), toGroupId: id.nullish(), note: text(2000).min(1).describe('Why, for the history') })
  .strict();
export const diagnoseBody = z.object({ diagnosis: text(20_000).nullish().describe('Default: the diagnosis already written') }).strict();
export const resolveBody = z
  .object({ solution: text(20_000).nullish(), resolutionCode: code.nullish(), specificResolutionCode: code.nullish() })
  .strict();
export const closeBody = z.object({}).strict();
export const reopenBody = z.object({ reason: text(2000).min(1) }).strict();

export const eventCreateBody = z
  .object({
    typeCode: code.nullish().describe('incident-event-types; default the entry flagged isDefault'),
    text: text(20_000).min(1),
    fromCallId: id.nullish().describe('Call being added to this incident; finishes it'),
  })
  .strict();

export const supplyCreateBody = z
  .object({
    itemId: id,
    quantity,
    unitPriceCents: z.number().int().min(0).max(1_000_000_000).nullish().describe("Default: the item's price"),
    description: text(500).nullish().describe("Default: the item's description"),
  })
  .strict();
export const supplyPatchBody = z
  .object({ quantity, unitPriceCents: z.number().int().min(0).max(1_000_000_000), description: text(500).min(1) })
  .partial()
  .strict();

export const incidentListQuery = listQuery.extend({
  view: z.enum(INCIDENT_VIEWS).optional().describe('mine: owned by me; groups: owned by one of my groups; unassigned; open: not closed; all (default)'),
  stage: z.enum(STAGES).optional(),
  open: z.enum(['true', 'false']).optional().describe('true: not closed (default for mine, groups and unassigned)'),
  statusCode: code.optional(),
  priorityCode: code.optional(),
  caseType: z.enum(CASE_TYPES).optional(),
  customerId: id.optional(),
  unitId: id.optional(),
  ownerUserId: id.optional(),
  ownerGroupId: id.optional(),
  q: text(200).min(1).optional().describe('Number, symptom, diagnosis or solution words'),
});
export type IncidentListQuery = z.infer<typeof incidentListQuery>;

export const similarQuery = z.object({
  unitId: id.optional(),
  itemId: id.optional(),
  reasonCode: code.optional(),
  symptom: text(2000).optional(),
  q: text(2000).optional().describe('Same as symptom'),
  excludeId: id.optional(),
});

// ---- answers -----------------------------------------------------------------------------------

export const warrantySchema = z.object({
  underWarranty: z.boolean(),
  warrantyEnd: z.string().nullable(),
  underContract: z.boolean(),
  contractId: z.string().nullable(),
  contractCode: z.string().nullable(),
  contractEnd: z.string().nullable(),
}).describe('Coverage copied from the unit as of the received date');

export const incidentSchema = z.object({
  id: z.string(),
  number: z.string().describe('INC-<year>-<6 digits>, without gaps per year'),
  receivedAt: z.string(),
  ...registeredStamps,
  originCode: z.string().nullable(),
  ...customerIdRef,
  contactName: z.string().nullable(),
  contactAddress: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactFax: z.string().nullable(),
  contactEmail: z.string().nullable(),
  unitId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  itemId: z.string().nullable(),
  itemCode: z.string().nullable(),
  itemDescription: z.string().nullable(),
  warranty: warrantySchema,
  regionCode: z.string().nullable(),
  serviceTypeCode: z.string().nullable(),
  caseType: z.enum(CASE_TYPES),
  reasonCode: z.string().nullable(),
  specificReasonCode: z.string().nullable(),
  symptom: z.string(),
  diagnosis: z.string().nullable(),
  solution: z.string().nullable(),
  resolutionCode: z.string().nullable(),
  specificResolutionCode: z.string().nullable(),
  estimatedCloseDate: z.string().nullable(),
  ...userOrGroup('owner'),
  statusCode: z.string(),
  priorityCode: z.string(),
  stage: z.enum(STAGES),
  firstResponseAt: z.string().nullable(),
  diagnosedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  responseDueAt: z.string().nullable().describe('Set by the SLA area'),
  resolutionDueAt: z.string().nullable().describe('Set by the SLA area'),
  invoiceId: z.string().nullable().describe('Invoice issued on close (billing area)'),
  source: recordRef('The record that created it (an activity…)'),
  updatedAt: z.string(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const eventSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  typeCode: z.string(),
  text: z.string(),
  ...actor,
  fromCallId: z.string().nullable(),
  countsAsResponse: z.boolean(),
});
export type IncidentEvent = z.infer<typeof eventSchema>;

export const supplySchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  itemId: z.string(),
  itemCode: z.string().nullable(),
  itemKind: z.string().nullable(),
  description: z.string(),
  quantity: z.string().describe('Up to 3 decimals, "." as separator'),
  quantityMilli: z.number(),
  unitPriceCents: z.number(),
  costCents: z.number().describe("Unit cost: items carry no cost of their own, so it is the item's price when the line was added"),
  vatRateBp: z.number(),
  baseCents: z.number().describe('quantity × unit price, rounded to the cent'),
  vatCents: z.number(),
  totalCents: z.number(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type IncidentSupply = z.infer<typeof supplySchema>;

export const changeSchema = z.object({
  id: z.string(),
  ...actor,
  kind: z.string().describe('owner, case_type, status, priority, diagnose, resolve, close, reopen, customer, unit'),
  from: z.string().nullable(),
  to: z.string().nullable(),
  fromName: z.string().nullable().describe('For owner changes: the name of the user or group in from (user:<id> / group:<id>)'),
  toName: z.string().nullable().describe('For owner changes: the name of the user or group in to'),
  note: z.string().nullable(),
});
export type IncidentChange = z.infer<typeof changeSchema>;

export const totalsSchema = z.object({ ...moneyTotals, costCents: z.number() });

export const missingSchema = z.object({
  diagnose: z.array(z.string()),
  resolve: z.array(z.string()),
  close: z.array(z.string()),
}).describe('What each lifecycle step still needs (empty: the step may be taken now)');

export const incidentDetailSchema = incidentSchema.extend({
  events: z.array(eventSchema),
  supplies: z.array(supplySchema),
  changes: z.array(changeSchema),
  totals: totalsSchema,
  missing: missingSchema,
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

/**
 * A row of the incident lists (the inbox, the customer page, "add to an incident", the caller's
 * context): what a list shows and filters by, not the whole incident — GET /incidents/{id} has that.
 * Each field is the same as the detail's.
 */
export const incidentListItemSchema = incidentSchema
  .pick({
    id: true,
    number: true,
    receivedAt: true,
    customerId: true,
    customerCode: true,
    customerName: true,
    unitId: true,
    serialNumber: true,
    caseType: true,
    symptom: true,
    ownerUserId: true,
    ownerUserName: true,
    ownerGroupId: true,
    ownerGroupName: true,
    statusCode: true,
    priorityCode: true,
    stage: true,
  })
  .describe('An incident as the lists show it; GET /incidents/{id} answers the whole incident');
export type IncidentListItem = z.infer<typeof incidentListItemSchema>;

export const incidentPageSchema = pageSchema(incidentListItemSchema);

export const similarSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      resolvedAt: z.string().nullable(),
      itemId: z.string().nullable(),
      itemDescription: z.string().nullable(),
      reasonCode: z.string().nullable(),
      symptom: z.string(),
      diagnosis: z.string().nullable(),
      solution: z.string().nullable(),
      sameItem: z.boolean(),
      sameReason: z.boolean(),
      sharedWords: z.number(),
    }),
  ),
});
export type SimilarIncidents = z.infer<typeof similarSchema>;
