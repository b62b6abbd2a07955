/** Kysely row types of the audit area (joined into `DB` in db/schema.ts). */
import type { Id, Json } from '../../db/columns.ts';

export type AuditLogTable = {
  id: Id;
  at: string;
  user_id: number | null;
  actor: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: Json | null;
};

export type AuditTables = {
  audit_log: AuditLogTable;
};
