import type { EventRow } from './agenda.repository.ts';

export function toCustomerEvent(r: EventRow, now = new Date().toISOString()) {
  return {
    id: String(r.id),
    customerId: String(r.customer_id),
    customerName: r.customer_name,
    customerCode: r.customer_code,
    kind: r.kind as 'callback' | 'other',
    title: r.title,
    notes: r.notes,
    dueAt: r.due_at,
    overdue: r.status === 'pending' && r.due_at < now,
    assigneeUserId: r.assignee_user_id ? String(r.assignee_user_id) : null,
    assigneeUserName: r.assignee_user_name,
    assigneeGroupId: r.assignee_group_id ? String(r.assignee_group_id) : null,
    assigneeGroupName: r.assignee_group_name,
    status: r.status as 'pending' | 'done',
    source: r.source_type && r.source_id ? { type: r.source_type, id: String(r.source_id) } : null,
    createdAt: r.created_at,
    createdBy: r.created_by ? String(r.created_by) : null,
    doneAt: r.done_at,
    doneBy: r.done_by ? String(r.done_by) : null,
    updatedAt: r.updated_at,
  };
}
export type CustomerEvent = ReturnType<typeof toCustomerEvent>;
