/**
 * Tasks: a piece of follow-up work for a customer (optionally inside one of its projects), owned by
 * a user or a group, pending or done, with a due date and a next follow-up date for the agenda.
 * Other areas create tasks through `createTask` inside their own transaction (the activities'
 * automatic action, the quick time entry).
 */
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { fieldError, found, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { finishCallFromAction } from '../calls/call-finishing.ts';
import { findCustomer } from '../customers/customers.service.ts';
import { indexDocument, matchingIds } from '../search/search.service.ts';
import { groupExists, groupIdsOf, userExists } from '../users/users.service.ts';
import { addDays, isIsoDate, todayIn } from '../../../shared/dates.ts';
import * as projectsRepo from './projects.repository.ts';
import type { TasksTable } from './projects.tables.ts';
import { toTask } from './tasks.mapper.ts';
import * as repo from './tasks.repository.ts';
import { creationStamps } from '../../db/stamps.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const TASKS = keyset('tasks', 'id');

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
  /** The call this task was created from: finished in the same transaction. */
  fromCallId?: string | null;
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
      ...creationStamps(c.actor, now),
      done_at: status === 'done' ? now : null,
      done_by: status === 'done' ? c.actor.userId || null : null,
    } satisfies Omit<TasksTable, 'id'>;
    const id = await repo.insertTask(c.db, row);
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
    await finishCallFromAction(c, input.fromCallId, { type: 'task', id });
    return { id };
  });
}

/** Keeps the task's entry in /search current. */
export async function indexTask(ctx: Ctx, t: { id: number; title: string; description: string | null; customer_id: number | null; status: string }) {
  const customer = t.customer_id !== null ? await findCustomer(ctx, t.customer_id) : undefined;
  await indexDocument(ctx, {
    entityType: 'task',
    entityId: t.id,
    customerId: t.customer_id,
    title: t.title,
    // what a search result shows under the title: whose it is
    subtitle: customer ? `${customer.code} · ${customer.name}` : null,
    text: [t.title, t.description],
  });
}

export async function findTaskRow(ctx: Ctx, id: number) {
  const row = await repo.findTask(ctx.db, id);
  if (!row) throw notFound();
  return row;
}

export function todayOf(ctx: Ctx): string {
  return todayIn(ctx.actor.timeZone || ctx.config.defaultTimeZone || 'Europe/Madrid');
}

export async function getTask(ctx: Ctx, id: number) {
  return toTask(found(await repo.findTaskView(ctx.db, id)));
}

/** The list's filters as the repository takes them, less what the service fills in (the caller, today). */
export type TaskListQuery = Omit<repo.TaskFilters, 'userId' | 'groupIds' | 'today' | 'in7'> & {
  q?: string;
  limit: number;
  cursor?: string;
};

export async function listTasks(ctx: Ctx, q: TaskListQuery) {
  const today = todayOf(ctx);
  const groupIds = q.assignee === 'my_groups' || q.assignee === 'mine' ? await groupIdsOf(ctx, ctx.actor.userId) : [];
  const rows = await repo.listTasks(
    ctx.db,
    { ...q, userId: ctx.actor.userId, groupIds, today, in7: addDays(today, 7) },
    { ids: q.q?.trim() ? matchingIds(ctx, q.q, 'task') : undefined, cursor: decodeCursor(q.cursor, TASKS), limit: q.limit },
  );
  return toPage(rows, q.limit, TASKS, (r) => [r.id], toTask);
}

export type TaskPatch = Partial<Omit<TaskInput, 'source' | 'fromCallId'>>;

export async function updateTask(ctx: Ctx, id: number, input: TaskPatch) {
  if (input.title !== undefined && !input.title.trim()) throw fieldError('title', 'required');
  if (input.title && input.title.trim().length > TITLE_MAX) throw fieldError('title', 'too_long', { maximum: TITLE_MAX });
  if (input.assigneeUserId && input.assigneeGroupId) throw fieldError('assigneeUserId', 'one_of_user_group');
  checkDates(input);
  return tx(ctx, async (c) => {
    const before = await repo.findTask(c.db, id);
    if (!before) throw notFound();
    // Choosing a user clears the group and the other way round: a task has one assignee.
    let assigneeUserId = before.assignee_user_id;
    let assigneeGroupId = before.assignee_group_id;
    if (input.assigneeUserId !== undefined) {
      assigneeUserId = input.assigneeUserId;
      if (input.assigneeUserId !== null && input.assigneeGroupId === undefined) assigneeGroupId = null;
    }
    if (input.assigneeGroupId !== undefined) {
      assigneeGroupId = input.assigneeGroupId;
      if (input.assigneeGroupId !== null && input.assigneeUserId === undefined) assigneeUserId = null;
    }
    const projectId = input.projectId !== undefined ? input.projectId : before.project_id;
    // Moving a task to another project takes it to that project's customer unless one is given.
    const givenCustomer = input.customerId !== undefined ? input.customerId : input.projectId !== undefined && input.projectId !== null ? null : before.customer_id;
    const { customerId } = await resolveTaskRefs(c, {
      customerId: givenCustomer,
      projectId,
      assigneeUserId,
      assigneeGroupId,
    });
    const now = nowIso();
    const status = input.status ?? before.status;
    const set = {
      title: input.title?.trim(),
      description: input.description !== undefined ? input.description?.trim() || null : undefined,
      customer_id: customerId,
      project_id: projectId,
      assignee_user_id: assigneeUserId,
      assignee_group_id: assigneeGroupId,
      status,
      due_date: input.dueDate,
      next_follow_up_date: input.nextFollowUpDate,
      ...(status !== before.status ? { done_at: status === 'done' ? now : null, done_by: status === 'done' ? c.actor.userId || null : null } : {}),
      updated_at: now,
    };
    await repo.updateTask(c.db, id, set);
    const { updated_at: _u, done_at: _d, done_by: _b, ...compared } = set as Record<string, unknown>;
    await recordAudit(c, { entityType: 'task', entityId: id, action: status !== before.status ? (status === 'done' ? 'done' : 'reopen') : 'update', changes: diff(before as Record<string, unknown>, compared) });
    const after = await repo.findTask(c.db, id);
    if (after) await indexTask(c, after);
    return getTask(c, id);
  });
}

/** Only the next follow-up date (the quick time entry's step 5). */
export async function setNextFollowUp(ctx: Ctx, id: number, date: string | null) {
  const before = await repo.findTask(ctx.db, id);
  if (!before) throw notFound();
  if (before.next_follow_up_date === date) return;
  await repo.updateTask(ctx.db, id, { next_follow_up_date: date, updated_at: nowIso() });
  await recordAudit(ctx, { entityType: 'task', entityId: id, action: 'update', changes: { next_follow_up_date: { from: before.next_follow_up_date, to: date } } });
}

export type AgendaItem = ReturnType<typeof toTask> & {
  /** The earlier of the follow-up and due dates: when to act. */
  date: string;
  /** overdue (before today), today, upcoming */
  when: 'overdue' | 'today' | 'upcoming';
  followUp: boolean;
  due: boolean;
};

/** Classifies one task for the agenda. Pure. */
export function agendaEntry(task: { nextFollowUpDate: string | null; dueDate: string | null }, today: string, until: string) {
  const dates = [task.nextFollowUpDate, task.dueDate].filter((d): d is string => Boolean(d) && (d as string) <= until);
  if (!dates.length) return null;
  const date = dates.sort()[0];
  return {
    date,
    when: (date < today ? 'overdue' : date === today ? 'today' : 'upcoming') as AgendaItem['when'],
    followUp: task.nextFollowUpDate !== null && task.nextFollowUpDate <= until,
    due: task.dueDate !== null && task.dueDate <= until,
  };
}

/**
 * The caller's agenda: their pending tasks and their groups', with a next follow-up or due date up
 * to `until` (default a week from today), overdue first, then today, then by date.
 */
export async function agenda(ctx: Ctx, q: { until?: string; limit?: number }) {
  const today = todayOf(ctx);
  const until = q.until ?? addDays(today, 7);
  const limit = q.limit ?? 200;
  const groupIds = await groupIdsOf(ctx, ctx.actor.userId);
  const rows = await repo.agendaTasks(ctx.db, { userId: ctx.actor.userId, groupIds, until, limit: limit + 1 });
  const items: AgendaItem[] = [];
  for (const r of rows.slice(0, limit)) {
    const t = toTask(r);
    const e = agendaEntry(t, today, until);
    if (e) items.push({ ...t, ...e });
  }
  return {
    today,
    until,
    counts: { overdue: items.filter((i) => i.when === 'overdue').length, today: items.filter((i) => i.when === 'today').length, upcoming: items.filter((i) => i.when === 'upcoming').length },
    items,
    truncated: rows.length > limit,
  };
}
