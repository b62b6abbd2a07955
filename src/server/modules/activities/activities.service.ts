/**
 * Technical activities ("acciones técnicas", spec §3): server-set registration stamps, the default
 * status, pending from the status, the customer/project rule, catalog codes, and the automatic
 * action of the solution type, run once per assignment in a savepoint so that a failure is
 * recorded on the activity instead of losing it.
 */
import { type Ctx, tx } from '../../context.ts';
import { nowIso, toBool, withSavepoint } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { AppError, conflict, fieldError, notFound } from '../../errors.ts';
import { dayRange } from '../../../shared/dates.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { countAttachments } from '../attachments/attachments.service.ts';
import { finishCallFromAction } from '../calls/call-finishing.ts';
import { assertActiveCode, assertCodeForUpdate, findEntry, findFlagged } from '../catalogs/catalogs.service.ts';
import type { Customer } from '../customers/customers.mapper.ts';
import { findProject } from '../projects/projects.service.ts';
import { findCustomer } from '../customers/customers.service.ts';
import type { FeedSource } from '../customers/feeds.ts';
import { indexDocument, matchingIds } from '../search/search.service.ts';
import { getUser } from '../users/users.service.ts';
import { type Activity, toActivity, toAutomaticAction } from './activities.mapper.ts';
import * as repo from './activities.repository.ts';
import { ActionFailure, type ActionInput, automaticActionHandler, isNewAssignment } from './automatic-actions.ts';
/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const ACTIVITIES = keyset('activities', 'ts', 'id');


export type ActivityInput = {
  statusCode?: string;
  customerId?: number | null;
  projectId?: number | null;
  originCode?: string | null;
  problemTypeCode?: string | null;
  problem?: string | null;
  solutionTypeCode?: string | null;
  solution?: string | null;
  fromCallId?: number;
};
export type ActivityPatch = Omit<ActivityInput, 'fromCallId' | 'statusCode'> & { statusCode?: string };

const clean = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : s.trim() || null);

/** Files may be attached to an activity: declared as `attachmentOwners.activity` in the manifest. */
export async function assertActivityExists(ctx: Ctx, id: number): Promise<void> {
  if (!(await repo.activityExists(ctx.db, id))) throw notFound();
}

export async function getActivity(ctx: Ctx, id: number): Promise<Activity> {
  const row = await repo.findActivity(ctx.db, id);
  if (!row) throw notFound();
  const counts = await countAttachments(ctx, 'activity', [id]);
  return toActivity(row, ctx.locale, { attachmentCount: counts.get(id) ?? 0 });
}

/** The history of automatic actions run on an activity, newest first. */
export async function listActivityActions(ctx: Ctx, id: number) {
  if (!(await repo.activityExists(ctx.db, id))) throw notFound();
  const rows = await repo.actionsOf(ctx.db, id);
  return rows.map((r) => ({
    id: String(r.id),
    solutionTypeCode: r.solution_type_code,
    ranAt: r.ran_at,
    ranBy: r.ran_by ? String(r.ran_by) : null,
    ...toAutomaticAction({ kind: r.kind, status: r.status, error: r.error, resultType: r.result_type, resultId: r.result_id }, ctx.locale)!,
  }));
}

/** Project rule: only with a customer, and only one of that customer's projects. */
async function assertProject(ctx: Ctx, customerId: number | null, projectId: number | null, keepingInactive = false) {
  if (!projectId) return;
  if (!customerId) throw fieldError('projectId', 'project_requires_customer');
  const project = await findProject(ctx, projectId);
  if (!project) throw fieldError('projectId', 'unknown_reference');
  if (project.customerId !== String(customerId)) throw fieldError('projectId', 'project_not_of_customer');
  if (!project.active && !keepingInactive) throw fieldError('projectId', 'project_inactive');
}

async function assertCustomer(ctx: Ctx, customerId: number | null | undefined): Promise<Customer | undefined> {
  if (!customerId) return undefined;
  const customer = await findCustomer(ctx, customerId);
  if (!customer) throw fieldError('customerId', 'unknown_reference');
  return customer;
}

async function indexActivity(ctx: Ctx, a: Activity) {
  await indexDocument(ctx, {
    entityType: 'activity',
    entityId: Number(a.id),
    customerId: a.customerId ? Number(a.customerId) : null,
    title: firstLine(a.problem ?? a.solution) ?? `#${a.id}`,
    subtitle: [a.customerName, a.solutionTypeCode].filter(Boolean).join(' · ') || null,
    text: [a.problem, a.solution, a.customerName],
    codes: [a.customerCode],
  });
}

function firstLine(s: string | null | undefined): string | null {
  if (!s) return null;
  const line = s.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/**
 * Runs the automatic action of the activity's solution type and records what happened on it. The
 * handler runs in a savepoint: if it fails, its own writes are undone and the failure (with its
 * reason) is recorded instead; the activity itself is never lost.
 */
async function runAutomaticAction(c: Ctx, activityId: number): Promise<void> {
  const row = await repo.findActivity(c.db, activityId);
  if (!row?.solution_type_code) return;
  const solutionType = await findEntry(c, 'solution-types', row.solution_type_code);
  const kind = String(solutionType?.automaticAction ?? 'none');
  if (!solutionType || kind === 'none') return;

  let status: 'done' | 'failed' = 'done';
  let error: string | null = null;
  let result: { type: string; id: number } | null = null;
  const handler = automaticActionHandler(kind);
  if (!handler) {
    status = 'failed';
    error = 'action_unavailable';
  } else {
    try {
      const user = await getUser(c, row.registered_by);
      const customer = row.customer_id ? await findCustomer(c, row.customer_id) : undefined;
      const input: ActionInput = {
        activityId,
        registeredAt: row.registered_at,
        registeredBy: { id: row.registered_by, name: user.name, timeZone: user.timeZone, language: user.language === 'en' ? 'en' : 'es' },
        customer,
        projectId: row.project_id,
        problem: row.problem,
        solution: row.solution,
        solutionType,
      };
      result = await withSavepoint(c.db, 'automatic_action', () => handler(c, input));
    } catch (e) {
      status = 'failed';
      if (e instanceof ActionFailure) error = e.code;
      else if (e instanceof AppError) error = e.errors?.[0]?.code ?? e.code;
      else {
        error = 'action_failed';
        console.error(`automatic action ${kind} on activity ${activityId} failed:`, e);
      }
    }
  }
  const now = nowIso();
  await repo.insertAction(c.db, {
    activity_id: activityId,
    solution_type_code: solutionType.code,
    kind,
    status,
    error,
    result_type: result?.type ?? null,
    result_id: result?.id ?? null,
    ran_at: now,
    ran_by: c.actor.userId || null,
  });
  await repo.updateActivity(c.db, activityId, {
    action_kind: kind,
    action_status: status,
    action_error: error,
    action_result_type: result?.type ?? null,
    action_result_id: result?.id ?? null,
  });
  await recordAudit(c, { entityType: 'activity', entityId: activityId, action: 'automatic_action', changes: { kind, status, error, result } });
}

export async function createActivity(ctx: Ctx, input: ActivityInput): Promise<Activity> {
  const problem = clean(input.problem) ?? null;
  const solution = clean(input.solution) ?? null;
  if (!problem && !solution) throw fieldError('problem', 'problem_or_solution_required');
  return tx(ctx, async (c) => {
    const status = input.statusCode ? await assertActiveCode(c, 'activity-statuses', input.statusCode, 'statusCode') : await findFlagged(c, 'activity-statuses', 'isDefault');
    if (!status) throw fieldError('statusCode', 'status_required');
    const customer = await assertCustomer(c, input.customerId);
    await assertProject(c, customer ? Number(customer.id) : null, input.projectId ?? null);
    let originCode = input.originCode;
    if (originCode) await assertActiveCode(c, 'origins', originCode, 'originCode');
    else if (originCode === undefined) originCode = (await findFlagged(c, 'origins', 'isDefault'))?.code ?? null;
    if (input.problemTypeCode) await assertActiveCode(c, 'problem-types', input.problemTypeCode, 'problemTypeCode');
    if (input.solutionTypeCode) await assertActiveCode(c, 'solution-types', input.solutionTypeCode, 'solutionTypeCode');

    const now = nowIso();
    const id = await repo.insertActivity(c.db, {
      registered_at: now,
      registered_by: c.actor.userId,
      status_code: status.code,
      pending: status.pending,
      customer_id: customer ? Number(customer.id) : null,
      project_id: input.projectId ?? null,
      origin_code: originCode ?? null,
      problem_type_code: input.problemTypeCode ?? null,
      problem,
      solution_type_code: input.solutionTypeCode ?? null,
      solution,
      from_call_id: input.fromCallId ?? null,
      updated_at: now,
      updated_by: c.actor.userId || null,
    });
    await finishCallFromAction(c, input.fromCallId ? String(input.fromCallId) : null, { type: 'activity', id });
    const created = await getActivity(c, id);
    await recordAudit(c, { entityType: 'activity', entityId: id, action: 'create', changes: created });
    await indexActivity(c, created);
    if (isNewAssignment(null, input.solutionTypeCode)) await runAutomaticAction(c, id);
    return getActivity(c, id);
  });
}

export async function updateActivity(ctx: Ctx, id: number, patch: ActivityPatch): Promise<Activity> {
  return tx(ctx, async (c) => {
    const row = await repo.findActivity(c.db, id);
    if (!row) throw notFound();
    const before = toActivity(row, c.locale);

    const problem = patch.problem !== undefined ? clean(patch.problem) ?? null : row.problem;
    const solution = patch.solution !== undefined ? clean(patch.solution) ?? null : row.solution;
    if (!problem && !solution) throw fieldError(patch.problem !== undefined ? 'problem' : 'solution', 'problem_or_solution_required');

    // Codes: keeping a value is always fine (even a retired one); a new value must be active.
    let pending: boolean | undefined;
    if (patch.statusCode !== undefined && patch.statusCode !== row.status_code) {
      const status = await assertActiveCode(c, 'activity-statuses', patch.statusCode, 'statusCode');
      pending = status.pending;
    }
    await assertCodeForUpdate(c, 'origins', patch.originCode, row.origin_code, 'originCode');
    await assertCodeForUpdate(c, 'problem-types', patch.problemTypeCode, row.problem_type_code, 'problemTypeCode');
    await assertCodeForUpdate(c, 'solution-types', patch.solutionTypeCode, row.solution_type_code, 'solutionTypeCode');

    const customerId = patch.customerId !== undefined ? patch.customerId : row.customer_id;
    if (patch.customerId !== undefined && patch.customerId !== row.customer_id) await assertCustomer(c, patch.customerId);
    const projectId = patch.projectId !== undefined ? patch.projectId : row.project_id;
    if (patch.projectId !== undefined || patch.customerId !== undefined) {
      // A change of customer re-checks the project it keeps.
      try {
        await assertProject(c, customerId, projectId, projectId === row.project_id);
      } catch (e) {
        if (patch.projectId === undefined && e instanceof AppError) throw fieldError('customerId', 'project_not_of_customer');
        throw e;
      }
    }

    const nextSolutionType = patch.solutionTypeCode !== undefined ? patch.solutionTypeCode : row.solution_type_code;
    await repo.updateActivity(c.db, id, {
      status_code: patch.statusCode,
      pending,
      customer_id: patch.customerId,
      project_id: patch.projectId,
      origin_code: patch.originCode,
      problem_type_code: patch.problemTypeCode,
      problem: patch.problem !== undefined ? problem : undefined,
      solution_type_code: patch.solutionTypeCode,
      solution: patch.solution !== undefined ? solution : undefined,
      updated_at: nowIso(),
      updated_by: c.actor.userId || null,
    });
    const after = await getActivity(c, id);
    const changes = diff(before, after);
    delete changes.updatedAt;
    delete changes.updatedBy;
    delete changes.attachmentCount;
    await recordAudit(c, { entityType: 'activity', entityId: id, action: 'update', changes });
    await indexActivity(c, after);
    if (isNewAssignment(row.solution_type_code, nextSolutionType)) await runAutomaticAction(c, id);
    return getActivity(c, id);
  });
}

/** Runs the current solution type's action again after it failed (once the cause was fixed). */
export async function retryAutomaticAction(ctx: Ctx, id: number): Promise<Activity> {
  return tx(ctx, async (c) => {
    const row = await repo.findActivity(c.db, id);
    if (!row) throw notFound();
    if (!row.solution_type_code) throw conflict('no_solution_type');
    if (row.action_status !== 'failed') throw conflict('action_not_failed');
    await runAutomaticAction(c, id);
    return getActivity(c, id);
  });
}

/** The list's filters as the repository takes them, with "me" for the caller and a text search. */
export type ActivityListQuery = Omit<repo.ActivityFilter, 'registeredBy' | 'actionStatus' | 'ids'> & {
  registeredBy?: number | 'me';
  actionStatus?: 'done' | 'failed';
  q?: string;
  limit: number;
  cursor?: string;
};

export async function listActivities(ctx: Ctx, q: ActivityListQuery) {
  const range = dayRange(q.from, q.to, ctx.actor.timeZone || ctx.config.defaultTimeZone);
  const rows = await repo.listActivities(
    ctx.db,
    {
      ...q,
      registeredBy: q.registeredBy === 'me' ? ctx.actor.userId : q.registeredBy,
      from: range.from,
      to: range.to,
      ids: q.q ? matchingIds(ctx, q.q, 'activity') : undefined,
    },
    { cursor: decodeCursor(q.cursor, ACTIVITIES), limit: q.limit },
  );
  const counts = await countAttachments(ctx, 'activity', rows.slice(0, q.limit).map((r) => r.id));
  return toPage(rows, q.limit, ACTIVITIES, (r) => [r.registered_at, r.id], (r) => toActivity(r, ctx.locale, { attachmentCount: counts.get(r.id) ?? 0 }));
}

export const activityTimeline: FeedSource = async (ctx, customerId, opts) => {
  const rows = await repo.activitiesOfCustomer(ctx.db, customerId, opts);
  return rows.map((r) => {
    const a = toActivity(r, ctx.locale);
    return {
      type: 'activity',
      id: a.id,
      at: a.registeredAt,
      title: firstLine(a.problem ?? a.solution) ?? `#${a.id}`,
      summary: a.solution,
      status: a.statusCode,
      pending: a.pending,
      userName: a.registeredByName,
    };
  });
};
