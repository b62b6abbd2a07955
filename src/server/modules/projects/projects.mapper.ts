import type { Selectable } from 'kysely';
import { toBool } from '../../db/dialect.ts';
import type { ProjectsTable, TimeEntriesTable } from './projects.tables.ts';
import { idOrNull } from '../../db/columns.ts';

export function toProject(r: Selectable<ProjectsTable> & { customer_code?: string | null; customer_name?: string | null }) {
  return {
    id: String(r.id),
    code: r.code,
    name: r.name,
    customerId: String(r.customer_id),
    customerCode: r.customer_code ?? null,
    customerName: r.customer_name ?? null,
    kind: r.kind,
    active: toBool(r.active),
    createdAt: r.created_at,
    createdBy: idOrNull(r.created_by),
    updatedAt: r.updated_at,
  };
}
export type Project = ReturnType<typeof toProject>;

export function toTimeEntry(
  r: Selectable<TimeEntriesTable> & { user_name?: string | null; customer_name?: string | null; project_code?: string | null; task_title?: string | null },
) {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    userName: r.user_name ?? null,
    date: r.date,
    minutes: Number(r.minutes),
    text: r.text,
    customerId: String(r.customer_id),
    customerName: r.customer_name ?? null,
    projectId: idOrNull(r.project_id),
    projectCode: r.project_code ?? null,
    taskId: idOrNull(r.task_id),
    taskTitle: r.task_title ?? null,
    callId: idOrNull(r.call_id),
    createdAt: r.created_at,
    createdBy: idOrNull(r.created_by),
    updatedAt: r.updated_at,
  };
}
export type TimeEntry = ReturnType<typeof toTimeEntry>;
