/**
 * Time entries ("dedicación"): who worked how long on which customer, project and task, on a date.
 */
import { mayChangeTimeEntry, mayRecordFor } from '../../../shared/policies.ts';
import { type Ctx, tx } from '../../context.ts';
import { nowIso, toBool } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { AppError, fieldError, found, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { finishCallFromAction } from '../calls/call-finishing.ts';
import { findCustomer } from '../customers/customers.service.ts';
import { getUser } from '../users/users.service.ts';
import { isIsoDate } from '../../../shared/dates.ts';
import { toTimeEntry } from './projects.mapper.ts';
import * as projectsRepo from './projects.repository.ts';
import * as tasksRepo from './tasks.repository.ts';
import * as repo from './time-entries.repository.ts';
import { creationStamps } from '../../db/stamps.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const TIME_ENTRIES = keyset('time-entries', 'date', 'id');

export const MAX_MINUTES = 24 * 60;
export const TEXT_MAX = 4000;

export type TimeEntryInput = {
  userId: number;
  date: string;
  minutes: number;
  text: string;
  customerId?: number | null;
  projectId?: number | null;
  taskId?: number | null;
  /** The call this entry answers: finished in the same transaction. */
  fromCallId?: string | null;
};

/** Checks the values a time entry carries by itself (no database). */
export function checkTimeEntryValues(input: { date?: string; minutes?: number; text?: string }) {
  if (input.date !== undefined && !isIsoDate(input.date)) throw fieldError('date', 'invalid_date');
  if (input.minutes !== undefined) {
    if (!Number.isInteger(input.minutes)) throw fieldError('minutes', 'not_integer');
    if (input.minutes < 1) throw fieldError('minutes', 'too_small', { minimum: 1 });
    if (input.minutes > MAX_MINUTES) throw fieldError('minutes', 'too_big', { maximum: MAX_MINUTES });
  }
  if (input.text !== undefined) {
    if (!input.text.trim()) throw fieldError('text', 'required');
    if (input.text.length > TEXT_MAX) throw fieldError('text', 'too_long', { maximum: TEXT_MAX });
  }
}

export async function assertActiveUser(ctx: Ctx, field: string, userId: number) {
  let user: Awaited<ReturnType<typeof getUser>>;
  try {
    user = await getUser(ctx, userId);
  } catch {
    throw fieldError(field, 'unknown_reference');
  }
  if (!user.active) throw fieldError(field, 'user_inactive');
}

/**
 * Works out the customer, project and task of an entry from what was given: a task names its
 * project and customer, a project its customer; what is given must agree.
 */
export async function resolveTimeRefs(ctx: Ctx, input: { customerId?: number | null; projectId?: number | null; taskId?: number | null }) {
  let customerId = input.customerId ?? null;
  let projectId = input.projectId ?? null;
  const taskId = input.taskId ?? null;
  if (taskId !== null) {
    const task = await tasksRepo.findTask(ctx.db, taskId);
    if (!task) throw fieldError('taskId', 'unknown_reference');
    if (task.project_id !== null) {
      if (projectId !== null && projectId !== task.project_id) throw fieldError('taskId', 'task_not_of_project');
      projectId = task.project_id;
    } else if (projectId !== null) {
      throw fieldError('taskId', 'task_not_of_project');
    }
    if (task.customer_id !== null) {
      if (customerId !== null && customerId !== task.customer_id) throw fieldError('taskId', 'task_not_of_customer');
      customerId = task.customer_id;
    }
  }
  if (projectId !== null) {
    const project = await projectsRepo.findProject(ctx.db, projectId);
    if (!project) throw fieldError('projectId', 'unknown_reference');
    if (customerId !== null && customerId !== project.customer_id) throw fieldError('projectId', 'project_not_of_customer');
    if (!toBool(project.active)) throw fieldError('projectId', 'project_inactive');
    customerId = project.customer_id;
  }
  if (customerId === null) throw fieldError('customerId', 'customer_required');
  if (!(await findCustomer(ctx, customerId))) throw fieldError('customerId', 'unknown_reference');
  return { customerId, projectId, taskId };
}

/** The call id kept on the entry (finishCallFromAction validates it and refuses a bad one). */
export function callIdOf(fromCallId: string | null | undefined): number | null {
  return fromCallId && /^\d{1,15}$/.test(fromCallId) ? Number(fromCallId) : null;
}

/** Inserts an entry whose references were already checked (the quick entry uses it too). */
export async function insertTimeEntry(ctx: Ctx, e: { userId: number; date: string; minutes: number; text: string; customerId: number; projectId: number | null; taskId: number | null; callId?: number | null }) {
  const now = nowIso();
  const row = {
    user_id: e.userId,
    date: e.date,
    minutes: e.minutes,
    text: e.text.trim(),
    customer_id: e.customerId,
    project_id: e.projectId,
    task_id: e.taskId,
    call_id: e.callId ?? null,
    ...creationStamps(ctx.actor, now),
  };
  const id = await repo.insertTimeEntry(ctx.db, row);
  await recordAudit(ctx, {
    entityType: 'time_entry',
    entityId: id,
    action: 'create',
    changes: { userId: row.user_id, date: row.date, minutes: row.minutes, customerId: row.customer_id, projectId: row.project_id, taskId: row.task_id, ...(row.call_id ? { callId: row.call_id } : {}) },
  });
  return id;
}

/** Work is recorded in one's own name; supervisors and administrators record it for anyone (403 otherwise). */
export function assertMayRecordFor(ctx: Ctx, field: string, userId: number) {
  if (!mayRecordFor(ctx.actor, userId)) throw new AppError('forbidden', { errors: [{ field, code: 'only_own_name' }] });
}

export async function createTimeEntry(ctx: Ctx, input: TimeEntryInput, opts: { afterInsert?: (c: Ctx, id: number) => Promise<void> } = {}) {
  checkTimeEntryValues(input);
  return tx(ctx, async (c) => {
    await assertActiveUser(c, 'userId', input.userId);
    assertMayRecordFor(c, 'userId', input.userId);
    const refs = await resolveTimeRefs(c, input);
    const id = await insertTimeEntry(c, { ...input, ...refs, callId: callIdOf(input.fromCallId) });
    await finishCallFromAction(c, input.fromCallId, { type: 'time_entry', id });
    if (opts.afterInsert) await opts.afterInsert(c, id);
    return getTimeEntry(c, id);
  });
}

export async function getTimeEntry(ctx: Ctx, id: number) {
  return toTimeEntry(found(await repo.findTimeEntryView(ctx.db, id)));
}

export async function listTimeEntries(ctx: Ctx, q: repo.TimeEntryFilters & { mine?: boolean; limit: number; cursor?: string }) {
  const filters = { ...q, userId: q.mine ? ctx.actor.userId : q.userId };
  const rows = await repo.listTimeEntries(ctx.db, filters, { cursor: decodeCursor(q.cursor, TIME_ENTRIES), limit: q.limit });
  return toPage(rows, q.limit, TIME_ENTRIES, (r) => [r.date, r.id], toTimeEntry);
}

/** One's own entries can be corrected by their author or employee; a supervisor corrects anyone's. */
function assertMayChange(ctx: Ctx, row: { user_id: number; created_by: number | null }) {
  if (!mayChangeTimeEntry(ctx.actor, { userId: row.user_id, createdBy: row.created_by })) throw new AppError('forbidden');
}

export async function updateTimeEntry(ctx: Ctx, id: number, input: Partial<Omit<TimeEntryInput, 'fromCallId'>>) {
  checkTimeEntryValues(input);
  return tx(ctx, async (c) => {
    const before = await repo.findTimeEntry(c.db, id);
    if (!before) throw notFound();
    assertMayChange(c, before);
    if (input.userId !== undefined && input.userId !== before.user_id) {
      await assertActiveUser(c, 'userId', input.userId);
      assertMayRecordFor(c, 'userId', input.userId);
    }
    const refsChanged = input.customerId !== undefined || input.projectId !== undefined || input.taskId !== undefined;
    const refs = refsChanged
      ? await resolveTimeRefs(c, {
          // a new task or project brings its own customer and project unless they are given too
          customerId: input.customerId !== undefined ? input.customerId : input.projectId !== undefined || input.taskId !== undefined ? null : before.customer_id,
          projectId: input.projectId !== undefined ? input.projectId : input.taskId !== undefined ? null : before.project_id,
          taskId: input.taskId !== undefined ? input.taskId : input.projectId !== undefined ? null : before.task_id,
        })
      : null;
    const set = {
      user_id: input.userId,
      date: input.date,
      minutes: input.minutes,
      text: input.text?.trim(),
      ...(refs ? { customer_id: refs.customerId, project_id: refs.projectId, task_id: refs.taskId } : {}),
    };
    await repo.updateTimeEntry(c.db, id, { ...set, updated_at: nowIso() });
    await recordAudit(c, { entityType: 'time_entry', entityId: id, action: 'update', changes: diff(before as Record<string, unknown>, set) });
    return getTimeEntry(c, id);
  });
}

export async function deleteTimeEntry(ctx: Ctx, id: number) {
  return tx(ctx, async (c) => {
    const before = await repo.findTimeEntry(c.db, id);
    if (!before) throw notFound();
    assertMayChange(c, before);
    await repo.deleteTimeEntry(c.db, id);
    await recordAudit(c, { entityType: 'time_entry', entityId: id, action: 'delete', changes: { userId: before.user_id, date: before.date, minutes: before.minutes, customerId: before.customer_id, projectId: before.project_id, taskId: before.task_id } });
  });
}
