/** Kysely row types of the calls area (joined into `DB` in db/schema.ts). */
import type { Generated } from 'kysely';
import type { Id } from '../../db/columns.ts';

export type CallsTable = {
  id: Id;
  status_code: string;
  customer_id: number | null;
  contact_id: number | null;
  unit_id: number | null;
  phone: string | null;
  phone_normalized: string | null;
  tax_id: string | null;
  serial_number: string | null;
  to_user_id: number | null;
  to_group_id: number | null;
  type_code: string | null;
  /** priorities catalog; null on calls registered before calls had one */
  priority_code: string | null;
  /** the priority's sort order when it was set (NO_PRIORITY_RANK without one): the inbox sorts on it */
  priority_rank: Generated<number>;
  description: string;
  registered_at: string;
  registered_by: number | null;
  finished_at: string | null;
  finished_by: number | null;
  finished_by_action_type: string | null;
  finished_by_action_id: number | null;
  postponed_until: string | null;
  postpone_count: number;
  updated_at: string;
};

export type CallNotesTable = { id: Id; call_id: number; at: string; user_id: number | null; text: string };

export type CallPostponementsTable = {
  id: Id;
  call_id: number;
  at: string;
  user_id: number | null;
  until: string;
  reason: string;
  from_user_id: number | null;
  from_group_id: number | null;
  to_user_id: number | null;
  to_group_id: number | null;
};

/**
 * How many calls addressed to a destination are pending (no finish stamp): the sum of its rows,
 * each +n/−n inserted in a call's transaction and folded into one by a job (inbox-counts.ts); the
 * badge reads it instead of counting calls.
 */
export type CallInboxCountsTable = {
  id: Id;
  /** `u:<user id>` or `g:<group id>` */
  dest: string;
  pending: number;
};

export type CallsTables = { calls: CallsTable; call_notes: CallNotesTable; call_postponements: CallPostponementsTable; call_inbox_counts: CallInboxCountsTable };
