/**
 * The contract of the intake area: what the agent sees beside an identified caller while taking a
 * call (GET /customers/{id}/context). No server imports: the web imports these types.
 */
import { z } from 'zod';
import { warrantySchema } from './incidents.ts';

const moreFlag = z.boolean().describe('More than the ones listed (the list shows the newest 10)');

export const callerContextSchema = z.object({
  customer: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  openCalls: z.array(z.object({ id: z.string(), registeredAt: z.string(), description: z.string(), statusCode: z.string(), postponedUntil: z.string().nullable() })),
  moreCalls: moreFlag,
  pendingActivities: z.array(z.object({ id: z.string(), registeredAt: z.string(), problem: z.string().nullable(), statusCode: z.string() })),
  moreActivities: moreFlag,
  pendingTasks: z.array(z.object({ id: z.string(), title: z.string(), dueDate: z.string().nullable() })),
  moreTasks: moreFlag,
  openIncidents: z.array(z.object({ id: z.string(), number: z.string(), symptom: z.string(), stage: z.string(), statusCode: z.string(), priorityCode: z.string() })),
  moreIncidents: moreFlag,
  units: z.array(
    z.object({
      id: z.string(),
      serialNumber: z.string(),
      itemDescription: z.string(),
      ...warrantySchema.shape,
    }),
  ),
  moreUnits: moreFlag,
  contracts: z
    .array(z.object({ id: z.string(), code: z.string(), description: z.string().nullable(), endDate: z.string(), serviceTypeCode: z.string().nullable(), priorityCode: z.string().nullable() }))
    .describe("Contracts in force today, with their service type and priority (the calls' and incidents' priority under the contract)"),
});
export type CallerContext = z.infer<typeof callerContextSchema>;
