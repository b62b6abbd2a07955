import type { Selectable } from 'kysely';
import type { TasksTable } from './projects.tables.ts';
import { idOrNull } from '../../db/columns.ts';

export function toTask(r: Selectable<TasksTable> & { customer_name?: string | null; project_code?: string | null; assignee_name?: string | null }) {
  return {
    id: String(r.id),
    title: r.title,
    description: r.description,
    customerId: idOrNull(r.customer_id),
    customerName: r.customer_name ?? null,
    projectId: idOrNull(r.project_id),
    projectCode: r.project_code ?? null,
    assigneeUserId: idOrNull(r.assignee_user_id),
    assigneeGroupId: idOrNull(r.assignee_group_id),
    assigneeName: r.assignee_name ?? null,
    status: r.status,
    dueDate: r.due_date,
    nextFollowUpDate: r.next_follow_up_date,
    source: r.source_type && r.source_id !== null ? { type: r.source_type, id: String(r.source_id) } : null,
    createdAt: r.created_at,
    createdBy: idOrNull(r.created_by),
    updatedAt: r.updated_at,
    doneAt: r.done_at,
    doneBy: idOrNull(r.done_by),
  };
}
export type Task = ReturnType<typeof toTask>;
