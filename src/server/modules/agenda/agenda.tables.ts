import type { Id } from '../../db/columns.ts';

export type CustomerEventsTable = {
  id: Id;
  customer_id: number;
  kind: string;
  title: string;
  notes: string | null;
  due_at: string;
  assignee_user_id: number | null;
  assignee_group_id: number | null;
  status: string;
  source_type: string | null;
  source_id: number | null;
  created_at: string;
  created_by: number | null;
  done_at: string | null;
  done_by: number | null;
  updated_at: string;
};

export type AgendaTables = { customer_events: CustomerEventsTable };
