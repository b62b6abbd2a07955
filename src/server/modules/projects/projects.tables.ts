import type { Bool, Id } from '../../db/columns.ts';

export type ProjectsTable = {
  id: Id;
  code: string;
  name: string;
  customer_id: number;
  kind: 'production' | 'commercial';
  active: Bool;
  created_at: string;
  created_by: number | null;
  updated_at: string;
};

export type TasksTable = {
  id: Id;
  title: string;
  description: string | null;
  customer_id: number | null;
  project_id: number | null;
  assignee_user_id: number | null;
  assignee_group_id: number | null;
  status: 'pending' | 'done';
  due_date: string | null;
  next_follow_up_date: string | null;
  source_type: string | null;
  source_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  done_at: string | null;
  done_by: number | null;
};

export type TimeEntriesTable = {
  id: Id;
  user_id: number;
  date: string;
  minutes: number;
  text: string;
  customer_id: number;
  project_id: number | null;
  task_id: number | null;
  call_id: number | null;
  created_at: string;
  created_by: number | null;
  updated_at: string;
};

export type ProjectsTables = {
  projects: ProjectsTable;
  tasks: TasksTable;
  time_entries: TimeEntriesTable;
};
