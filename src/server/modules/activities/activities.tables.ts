import type { Bool, Id } from '../../db/columns.ts';
import type { AgendaTables } from '../agenda/agenda.tables.ts';
import type { AttachmentsTables } from '../attachments/attachments.tables.ts';
import type { NotifyTables } from '../notify/notify.tables.ts';

export type ActivitiesTable = {
  id: Id;
  registered_at: string;
  registered_by: number;
  status_code: string;
  pending: Bool;
  customer_id: number | null;
  project_id: number | null;
  origin_code: string | null;
  problem_type_code: string | null;
  problem: string | null;
  solution_type_code: string | null;
  solution: string | null;
  from_call_id: number | null;
  action_kind: string | null;
  action_status: string | null;
  action_error: string | null;
  action_result_type: string | null;
  action_result_id: number | null;
  updated_at: string;
  updated_by: number | null;
};

export type ActivityActionsTable = {
  id: Id;
  activity_id: number;
  solution_type_code: string;
  kind: string;
  status: string;
  error: string | null;
  result_type: string | null;
  result_id: number | null;
  ran_at: string;
  ran_by: number | null;
};

export type CommercialActivitiesTable = {
  id: Id;
  registered_at: string;
  registered_by: number;
  customer_id: number;
  contact_id: number | null;
  type_code: string | null;
  description: string;
  date: string;
  user_id: number;
  next_action_date: string | null;
  from_call_id: number | null;
  updated_at: string;
};

/** This area's tables plus the notify, agenda and attachments tables it ships with. */
export type ActivitiesTables = {
  activities: ActivitiesTable;
  activity_actions: ActivityActionsTable;
  commercial_activities: CommercialActivitiesTable;
} & AgendaTables &
  AttachmentsTables &
  NotifyTables;
