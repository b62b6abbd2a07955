/**
 * The contract of the calls area: the Zod schemas of its answers, used by the server's routes
 * (`response`) and, as types, by the web (`import type`). No server imports here.
 */
import { z } from 'zod';
import { actor, contactRef, optionalCustomerRef, registeredStamps, userOrGroup } from './fields.ts';
import { idString as callId } from './inputs.ts';
import { warrantyState } from './products.ts';

export const callSchema = z.object({
  id: z.string(),
  statusCode: z.string(),
  pending: z.boolean().describe('true exactly while the call has no finish stamp'),
  postponed: z.boolean().describe('pending and postponed until a moment still to come'),
  ...optionalCustomerRef,
  ...contactRef,
  unitId: z.string().nullable(),
  phone: z.string().nullable(),
  taxId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  ...userOrGroup('to'),
  typeCode: z.string().nullable(),
  priorityCode: z.string().nullable().describe('Priorities catalog: chosen at intake, else the contract\'s, else the default; null on calls registered before calls had one'),
  description: z.string(),
  ...registeredStamps,
  finishedAt: z.string().nullable().describe('Server-set when finished, immutable'),
  finishedBy: z.string().nullable(),
  finishedByName: z.string().nullable(),
  finishedByActionType: z.string().nullable().describe('activity, task, incident… when an action created from the call finished it'),
  finishedByActionId: z.string().nullable(),
  postponedUntil: z.string().nullable(),
  postponeCount: z.number(),
  updatedAt: z.string(),
});
/**
 * A row of the call lists (the inbox, the home page, the CSV export, the caller's context): what a
 * list shows and filters by, not the whole call — GET /calls/{id} has that. Each field is the same
 * as the detail's.
 */
export const callListItemSchema = callSchema
  .pick({
    id: true,
    statusCode: true,
    pending: true,
    postponed: true,
    customerId: true,
    customerName: true,
    contactName: true,
    unitId: true,
    phone: true,
    taxId: true,
    serialNumber: true,
    toUserId: true,
    toUserName: true,
    toGroupId: true,
    toGroupName: true,
    typeCode: true,
    priorityCode: true,
    description: true,
    registeredAt: true,
    finishedAt: true,
    postponedUntil: true,
  })
  .describe('A call as the lists show it; GET /calls/{id} answers the whole call');
export const noteSchema = z.object({ id: z.string(), callId: z.string(), ...actor, text: z.string() });
export const postponementSchema = z.object({
  id: z.string(),
  callId: z.string(),
  ...actor,
  until: z.string(),
  reason: z.string(),
  ...userOrGroup('from'),
  ...userOrGroup('to'),
});
export const detailSchema = callSchema.extend({ notes: z.array(noteSchema), postponements: z.array(postponementSchema) });
export const callCountsSchema = z.object({ pendingNow: z.number(), postponed: z.number(), allPendingNow: z.number().nullable().describe('Supervisors only; null for others') });
export const callerInfoSchema = z.object({
  customer: z.object({ id: z.string(), code: z.string(), name: z.string(), taxId: z.string().nullable() }).nullable(),
  contact: z.object({ id: z.string(), name: z.string() }).nullable(),
  unit: z.object({ id: z.string(), serialNumber: z.string(), itemDescription: z.string().nullable(), warrantyEnd: z.string().nullable(), warranty: warrantyState }).nullable(),
  pendingCalls: z.number(),
});

/** Most calls one bulk request (finish, reassign) takes. */
export const BULK_CALLS_MAX = 100;
const bulkIds = z.array(callId).min(1).max(BULK_CALLS_MAX).describe('The calls, 1 to 100 ids (a repeated id counts once): every one changes or none does');
/** POST /calls/bulk-finish: finish these calls, each as POST /calls/{id}/finish would, all or none. */
export const bulkFinishBody = z.object({ ids: bulkIds }).strict();
/** POST /calls/bulk-reassign: send these calls to one user or one group, each as PATCH /calls/{id} would, all or none. */
export const bulkReassignBody = z
  .object({
    ids: bulkIds,
    toUserId: callId.nullish().describe('User the calls are for (one of toUserId / toGroupId)'),
    toGroupId: callId.nullish().describe('Group the calls are for (one of toUserId / toGroupId)'),
  })
  .strict();
export const bulkCallsResultSchema = z.object({ count: z.number().describe('Calls changed'), items: z.array(callSchema).describe('The calls as they are now, in the order of ids') });
/** One call a bulk request could not change, listed in the 409 calls_bulk_refused problem's `errors`. */
export const bulkCallRefusalSchema = z.object({ id: z.string(), field: z.literal('ids'), code: z.string(), detail: z.string().describe('Why, in the language of the request') });

export type Call = z.infer<typeof callSchema>;
export type CallListItem = z.infer<typeof callListItemSchema>;
export type CallNote = z.infer<typeof noteSchema>;
export type CallPostponement = z.infer<typeof postponementSchema>;
export type CallDetail = z.infer<typeof detailSchema>;
export type CallCounts = z.infer<typeof callCountsSchema>;
export type CallerInfo = z.infer<typeof callerInfoSchema>;
export type BulkFinish = z.infer<typeof bulkFinishBody>;
export type BulkReassign = z.infer<typeof bulkReassignBody>;
export type BulkCallsResult = z.infer<typeof bulkCallsResultSchema>;
export type BulkCallRefusal = z.infer<typeof bulkCallRefusalSchema>;
