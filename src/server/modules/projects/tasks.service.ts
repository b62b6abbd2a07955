/**
 * Tasks: a piece of follow-up work for a customer (optionally inside one of its projects), owned by
 * a user or a group, pending or done, with a due date and a next follow-up date for the agenda.
 * Other areas create tasks through `createTask` inside their own transaction (the activities'
 * automatic action, the quick time entry).
 */
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { fieldError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findCustomer } from '../customers/customers.service.ts';
import { indexDocument } from '../search/search.service.ts';
import { userExists, groupExists } from '../users/users.service.ts';
import { isIsoDate } from './dates.ts';
import './projects.messages.ts';
import * as projectsRepo from './projects.repository.ts';
import type { TasksTable } from './projects.tables.ts';
import * as repo from './tasks.repository.ts';

export type TaskInput = {
  title: string;
  description?: string | null;
  customerId?: number | null;
  projectId?: number | null;
  assigneeUserId?: number | null;
  assigneeGroupId?: number | null;
  dueDate?: string | null;
  nextFollowUpDate?: string | null;
  status?: 'pending' | 'done';
  /** The record that produced this task (an activity, a quick time entry…). */
  source?: { type: string; id: number } | null;
};

const TITLE_MAX = 200;

/** Exactly one assignee: a user or a group. Pure, so callers can check before opening a transaction. */
export function assigneeError(userId: number | null | undefined, groupId: number | null | undefined): { field: string; code: string } | null {
  const hasUser = userId !== null && userId !== undefined;
  const hasGroup = groupId !== null && groupId !== undefined;
  if (hasUser && hasGroup) return { field: 'assigneeUserId', code: 'one_of_user_group' };
  if (!hasUser && !hasGroup) return { field: 'assigneeUserId', code: 'assignee_required' };
  return null;
}

/**
 * Checks the references of a task and answers the customer it belongs to: the one given, or the
 * project's. A project must belong to the customer given.
 */
export async function resolveTaskRefs(
  ctx: Ctx,
  input: { customerId?: number | null; projectId?: number | null; assigneeUserId?: number | null; assigneeGroupId?: number | null },
): Promise<{ customerId: number | null }> {
  const err = assigneeError(input.assigneeUserId, input.assigneeGroupId);
  if (err) throw fieldError(err.field, err.code);
  if (input.assigneeUserId && !(await userExists(ctx, input.assigneeUserId))) throw fieldError('assigneeUserId', 'unknown_reference');
  if (input.assigneeGroupId && !(await groupExists(ctx, input.assigneeGroupId))) throw fieldError('assigneeGroupId', 'unknown_reference');
  let customerId = input.customerId ?? null;
  if (customerId !== null && !(await findCustomer(ctx, customerId))) throw fieldError('customerId', 'unknown_reference');
  if (input.projectId !== null && input.projectId !== undefined) {
    const project = await projectsRepo.findProject(ctx.db, input.projectId);
    if (!project) throw fieldError('projectId', 'unknown_reference');
    if (customerId !== null && project.customer_id !== customerId) throw fieldError('projectId', 'project_not_of_customer');
    customerId = project.customer_id;
  }
  return { customerId };
}

function checkDates(input: { dueDate?: string | null; nextFollowUpDate?: string | null }) {
  if (input.dueDate && !isIsoDate(input.dueDate)) throw fieldError('dueDate', 'invalid_date');
  if (input.nextFollowUpDate && !isIsoDate(input.nextFollowUpDate)) throw fieldError('nextFollowUpDate', 'invalid_date');
}

/** Creates a task inside the caller's transaction (or its own). */
export async function createTask(ctx: Ctx, input: TaskInput): Promise<{ id: number }> {
  const title = (input.title ?? '').trim();
  if (!title) throw fieldError('title', 'required');
  if (title.length > TITLE_MAX) throw fieldError('title', 'too_long', { maximum: TITLE_MAX });
  checkDates(input);
  const status = input.status ?? 'pending';
  if (status !== 'pending' && status !== 'done') throw fieldError('status', 'invalid_value', { values: 'pending, done' });
  return tx(ctx, async (c) => {
    const { customerId } = await resolveTaskRefs(c, input);
    const now = nowIso();
    const row = {
      title,
      description: input.description?.trim() || null,
      customer_id: customerId,
      project_id: input.projectId ?? null,
      assignee_user_id: input.assigneeUserId ?? null,
      assignee_group_id: input.assigneeGroupId ?? null,
      status,
      due_date: input.dueDate ?? null,
      next_follow_up_date: input.nextFollowUpDate ?? null,
      source_type: input.source?.type ?? null,
      source_id: input.source?.id ?? null,
      created_at: now,
      created_by: c.actor.userId || null,
      updated_at: now,
      done_at: status === 'done' ? now : null,
      done_by: status === 'done' ? c.actor.userId || null : null,
    } satisfies Omit<TasksTable, 'id'>;
    const { id } = await repo.insertTask(c.db, row);
    await recordAudit(c, {
      entityType: 'task',
      entityId: id,
      action: 'create',
      changes: {
        title,
        customerId: customerId,
        projectId: row.project_id,
        assigneeUserId: row.assignee_user_id,
        assigneeGroupId: row.assignee_group_id,
        status,
        dueDate: row.due_date,
        nextFollowUpDate: row.next_follow_up_date,
        ...(input.source ? { source: input.source } : {}),
      },
    });
    await indexTask(c, { id, ...row });
    return { id };
  });
}

/** Keeps the task's entry in /search current. */
export async function indexTask(ctx: Ctx, t: { id: number; title: string; description: string | null; customer_id: number | null; status: string }) {
  await indexDocument(ctx, {
    entityType: 'task',
    entityId: t.id,
    customerId: t.customer_id,
    title: t.title,
    subtitle: t.status === 'done' ? 'done' : 'pending',
    text: [t.title, t.description],
  });
}

export async function findTaskRow(ctx: Ctx, id: number) {
  const row = await repo.findTask(ctx.db, id);
  if (!row) throw notFound();
  return row;
}
