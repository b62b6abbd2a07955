import { z } from 'zod';
import { idString, isoDate } from '../../http.ts';

export { activitySchema, automaticActionSchema } from '../../../shared/activities.ts';

export const catalogCode = z.string().trim().min(1).max(10);
const longText = z.string().max(20_000);

/** Fields the server sets: named in the schema only to refuse them with a clear message. */
export const serverSet = z
  .unknown()
  .refine((v) => v === undefined, { message: 'readonly_field' })
  .optional()
  .describe('Set by the server; refused if sent');

const editable = {
  customerId: idString.nullish(),
  projectId: idString.nullish().describe('Only with a customer, and one of that customer’s projects'),
  originCode: catalogCode.nullish().describe('origins; defaults to the origin marked default'),
  problemTypeCode: catalogCode.nullish().describe('problem-types'),
  problem: longText.nullish(),
  solutionTypeCode: catalogCode.nullish().describe('solution-types; assigning one runs its automatic action'),
  solution: longText.nullish(),
};
const stamps = { id: serverSet, registeredAt: serverSet, registeredBy: serverSet, pending: serverSet, automaticAction: serverSet, updatedAt: serverSet, updatedBy: serverSet };

export const activityCreateBody = z
  .object({
    statusCode: catalogCode.optional().describe('activity-statuses; defaults to the status marked default ("Habitual")'),
    ...editable,
    fromCallId: idString.optional().describe('The call this activity answers: creating it finishes that call'),
    ...stamps,
  })
  .strict();

export const activityPatchBody = z
  .object({ statusCode: catalogCode.optional(), ...editable, fromCallId: serverSet, ...stamps })
  .strict();

export const activityListQuery = z.object({
  pending: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  customerId: idString.optional(),
  projectId: idString.optional(),
  statusCode: catalogCode.optional(),
  originCode: catalogCode.optional(),
  problemTypeCode: catalogCode.optional(),
  solutionTypeCode: catalogCode.optional(),
  registeredBy: z.union([z.literal('me'), idString]).optional().describe('A user id, or "me"'),
  actionStatus: z.enum(['done', 'failed']).optional().describe('failed: activities whose last automatic action failed'),
  from: isoDate.optional().describe('Registered on or after this date (local time)'),
  to: isoDate.optional().describe('Registered on or before this date (local time)'),
  q: z.string().trim().max(200).optional().describe('Words of the problem, solution or customer'),
});
