/**
 * Quick time entry ("Registro rápido de dedicación", spec section 4): from a customer, record who
 * worked how long on what, and let the system find or create the project and task, in one
 * transaction. The choices are the pure functions of quick-time.rules.ts.
 */
import { type Ctx, tx } from '../../context.ts';
import { isUniqueViolation, nowIso, toBool } from '../../db/dialect.ts';
import { conflict, fieldError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { finishCallFromAction } from '../calls/call-finishing.ts';
import { isIsoDate } from '../../../shared/dates.ts';
import type { QuickTimeResult } from '../../../shared/projects.ts';
import { toProject } from './projects.mapper.ts';
import * as projectsRepo from './projects.repository.ts';
import { indexProject, insertProject } from './projects.service.ts';
import { chooseProject, chooseTask, type ProjectFacts, taskTitleFromText } from './quick-time.rules.ts';
import { createTask, setNextFollowUp } from './tasks.service.ts';
import * as tasksRepo from './tasks.repository.ts';
import { assertActiveUser, assertMayRecordFor, callIdOf, checkTimeEntryValues, insertTimeEntry } from './time-entries.service.ts';

export type QuickTimeInput = {
  text: string;
  userId: number;
  date: string;
  minutes: number;
  nextFollowUpDate?: string | null;
  projectId?: number | null;
  /** The call this entry answers: finished in the same transaction. */
  fromCallId?: string | null;
};

export type { QuickTimeResult };

const facts = (p: { id: number; code: string; customer_id: number; active: unknown }): ProjectFacts => ({ id: p.id, code: p.code, customerId: p.customer_id, active: toBool(p.active) });

export async function quickTime(
  ctx: Ctx,
  customerId: number,
  input: QuickTimeInput,
  opts: { afterInsert?: (c: Ctx, timeEntryId: number) => Promise<void> } = {},
): Promise<QuickTimeResult> {
  checkTimeEntryValues(input);
  if (input.nextFollowUpDate && !isIsoDate(input.nextFollowUpDate)) throw fieldError('nextFollowUpDate', 'invalid_date');
  return tx(ctx, async (c) => {
    // Two quick entries for one customer run one after the other: the second sees the project and
    // the task the first created (PostgreSQL row lock; SQLite serialises writers anyway).
    const customer = await projectsRepo.lockCustomer(c.db, customerId);
    if (!customer) throw notFound();
    await assertActiveUser(c, 'userId', input.userId);
    assertMayRecordFor(c, 'userId', input.userId);

    // Steps 1 and 2: which project.
    const active = await projectsRepo.projectsOfCustomer(c.db, customerId, { active: true });
    const coded = await projectsRepo.findProjectByCode(c.db, customer.code);
    let requested: ProjectFacts | null | 'missing' = null;
    if (input.projectId !== null && input.projectId !== undefined) {
      const p = await projectsRepo.findProject(c.db, input.projectId);
      requested = p ? facts(p) : 'missing';
    }
    const choice = chooseProject({ customerId, customerCode: customer.code, activeProjects: active.map(facts), coded: coded ? facts(coded) : null, requested });

    let projectId: number;
    let projectCreated = false;
    let projectReactivated = false;
    switch (choice.action) {
      case 'choose': {
        const candidates = await projectsRepo.projectViewsByIds(c.db, choice.candidateIds);
        throw conflict('project_choice_required', {}, { candidates: candidates.map(toProject) });
      }
      case 'code_taken':
        throw conflict('project_code_taken', { code: customer.code });
      case 'invalid_request':
        throw fieldError('projectId', choice.code);
      case 'create':
        try {
          projectId = await insertProject(c, { code: customer.code, name: customer.name, customerId, kind: 'production' });
        } catch (e) {
          // Only a project created meanwhile for another customer with this code gets here.
          if (isUniqueViolation(e)) throw conflict('project_code_taken', { code: customer.code });
          throw e;
        }
        projectCreated = true;
        break;
      case 'reactivate':
        projectId = choice.projectId;
        await projectsRepo.updateProject(c.db, projectId, { active: true, updated_at: nowIso() });
        await recordAudit(c, { entityType: 'project', entityId: projectId, action: 'reactivate', changes: { active: { from: false, to: true } } });
        projectReactivated = true;
        break;
      case 'use':
        projectId = choice.projectId;
        break;
    }
    const project = await projectsRepo.findProject(c.db, projectId);
    if (!project) throw notFound();
    if (projectReactivated) await indexProject(c, project);

    // Step 3: which task.
    const pending = await tasksRepo.pendingTasksOfProject(c.db, projectId);
    const taskChoice = chooseTask(pending.map((t) => ({ id: t.id, createdAt: t.created_at })));
    let taskId: number;
    let taskCreated = false;
    if (taskChoice.action === 'create') {
      taskId = (
        await createTask(c, {
          title: taskTitleFromText(input.text),
          // the whole text when the title had to shorten it
          description: taskTitleFromText(input.text) === input.text.trim() ? null : input.text,
          customerId,
          projectId,
          assigneeUserId: input.userId,
          nextFollowUpDate: input.nextFollowUpDate ?? null,
        })
      ).id;
      taskCreated = true;
    } else {
      taskId = taskChoice.taskId;
    }

    // Step 4: the time entry on that project and task.
    const timeEntryId = await insertTimeEntry(c, {
      userId: input.userId,
      date: input.date,
      minutes: input.minutes,
      text: input.text,
      customerId,
      projectId,
      taskId,
      callId: callIdOf(input.fromCallId),
    });
    await finishCallFromAction(c, input.fromCallId, { type: 'time_entry', id: timeEntryId });

    // Step 5: the task's next follow-up date becomes the one given (none given clears it: the
    // follow-up that was due has just been done).
    const nextFollowUpDate = input.nextFollowUpDate ?? null;
    await setNextFollowUp(c, taskId, nextFollowUpDate);
    if (opts.afterInsert) await opts.afterInsert(c, timeEntryId);

    const task = await tasksRepo.findTask(c.db, taskId);
    return {
      timeEntryId: String(timeEntryId),
      projectId: String(projectId),
      taskId: String(taskId),
      projectCreated,
      taskCreated,
      projectReactivated,
      projectCode: project.code,
      projectName: project.name,
      taskTitle: task?.title ?? '',
      nextFollowUpDate,
    };
  });
}
