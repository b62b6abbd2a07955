/**
 * The contract of the activities area as the web sees it: the Zod schemas of the answers of
 * technical and commercial activities, the customer agenda (customer events), notices, the outbox
 * and the files attached to a record. The server's routes declare these as their response
 * schemas; the web takes its types from them (`z.infer`). No server imports here.
 */
import { z } from 'zod';
import { authoredStamps, contactRef, customerRef, doneStamps, optionalCustomerRef, recordRef, stampedBy, userOrGroup } from './fields.ts';

// Technical activities ------------------------------------------------------------------------

export const automaticActionSchema = z
  .object({
    kind: z.string().describe('email_customer, notify_user, schedule_callback, create_task…'),
    status: z.enum(['done', 'failed']),
    error: z.string().optional().describe('Why it failed, in the caller’s language'),
    errorCode: z.string().optional(),
    result: z.object({ type: z.string().describe('email, notice, customer_event, task…'), id: z.string() }).optional().describe('The record it produced'),
  })
  .nullable()
  .describe('The last automatic action run on the activity (null: none ran)');

export const activitySchema = z.object({
  id: z.string(),
  registeredAt: z.string().describe('Server-set, immutable'),
  registeredBy: z.string().describe('Server-set, immutable'),
  registeredByName: z.string(),
  statusCode: z.string(),
  pending: z.boolean().describe('From the status’s pending flag'),
  ...optionalCustomerRef,
  projectId: z.string().nullable(),
  originCode: z.string().nullable(),
  problemTypeCode: z.string().nullable(),
  problem: z.string().nullable(),
  solutionTypeCode: z.string().nullable(),
  solution: z.string().nullable(),
  fromCallId: z.string().nullable(),
  automaticAction: automaticActionSchema,
  attachmentCount: z.number().optional(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});

/** One run of a solution type's automatic action (GET /activities/{id}/automatic-actions). */
export const actionHistoryItemSchema = z.object({
  id: z.string(),
  solutionTypeCode: z.string(),
  ranAt: z.string(),
  ranBy: z.string().nullable(),
  kind: z.string(),
  status: z.enum(['done', 'failed']),
  error: z.string().optional(),
  errorCode: z.string().optional(),
  result: z.object({ type: z.string(), id: z.string() }).optional(),
});

// Commercial activities -----------------------------------------------------------------------

export const COMMERCIAL_TYPES = ['visit', 'phone_call', 'email', 'meeting', 'offer', 'demo', 'follow_up', 'other'] as const;
export const commercialTypeSchema = z.enum(COMMERCIAL_TYPES).describe('visit, phone_call, email, meeting, offer, demo, follow_up, other');

export const commercialActivitySchema = z.object({
  id: z.string(),
  registeredAt: z.string(),
  registeredBy: z.string(),
  ...customerRef,
  ...contactRef,
  typeCode: commercialTypeSchema.nullable(),
  description: z.string(),
  date: z.string(),
  userId: z.string(),
  userName: z.string(),
  nextActionDate: z.string().nullable(),
  fromCallId: z.string().nullable(),
  updatedAt: z.string(),
});

// The customer agenda -------------------------------------------------------------------------

export const customerEventKindSchema = z.enum(['callback', 'other']).describe('callback: a pending call-back to the customer; other: any other dated entry');
export const customerEventStatusSchema = z.enum(['pending', 'done']);

export const customerEventSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  customerCode: z.string(),
  kind: customerEventKindSchema,
  title: z.string(),
  notes: z.string().nullable(),
  dueAt: z.string(),
  overdue: z.boolean().describe('Pending and due in the past'),
  ...userOrGroup('assignee'),
  status: customerEventStatusSchema,
  source: recordRef('The record that created it (an activity…)'),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  ...doneStamps,
  updatedAt: z.string(),
});

// Notices and the outbox ----------------------------------------------------------------------

export const noticeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: recordRef('The record the notice is about'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  read: z.boolean(),
});

export const outboxStatusSchema = z.enum(['queued', 'sending', 'sent', 'failed']);

export const outboxEmailSchema = z.object({
  id: z.string(),
  to: z.string(),
  toName: z.string().nullable(),
  subject: z.string(),
  bodyText: z.string().optional(),
  language: z.string(),
  customerId: z.string().nullable(),
  source: recordRef('The record that caused the e-mail (activity…)'),
  status: outboxStatusSchema,
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  messageId: z.string().nullable(),
  sentAt: z.string().nullable(),
  ...authoredStamps,
});

/** GET /outbox/status */
export const outboxSummarySchema = z.object({ smtpConfigured: z.boolean(), counts: z.object({ queued: z.number(), sending: z.number(), sent: z.number(), failed: z.number() }) });

// Attachments (of activities, incidents…) -----------------------------------------------------

export const attachmentSchema = z.object({
  id: z.string(),
  ownerType: z.string(),
  ownerId: z.string(),
  fileName: z.string(),
  contentType: z.string().describe('Detected from the file content, not taken from the client'),
  declaredContentType: z.string().nullable().describe('What the uploading client said it was'),
  sizeBytes: z.number(),
  sha256: z.string(),
  ...stampedBy('uploaded'),
  downloadUrl: z.string(),
});

export type AutomaticAction = z.infer<typeof automaticActionSchema>;
export type Activity = z.infer<typeof activitySchema>;
export type ActionHistoryItem = z.infer<typeof actionHistoryItemSchema>;
export type CommercialType = (typeof COMMERCIAL_TYPES)[number];
export type CommercialActivity = z.infer<typeof commercialActivitySchema>;
export type CustomerEvent = z.infer<typeof customerEventSchema>;
export type Notice = z.infer<typeof noticeSchema>;
export type OutboxEmail = z.infer<typeof outboxEmailSchema>;
export type OutboxSummary = z.infer<typeof outboxSummarySchema>;
export type Attachment = z.infer<typeof attachmentSchema>;
