/** The contract of the audit trail. No server imports here. */
import { z } from 'zod';

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  actor: z.string().nullable().describe('Who did it (username, token name or "system")'),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()).nullable().describe('Changed fields, { field: { from, to } } on updates'),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
