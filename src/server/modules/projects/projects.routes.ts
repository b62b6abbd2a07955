import { z } from 'zod';
import { type AppInstance, boolQuery, ctxOf, idParams, idString, isoDate, listQuery, noContent, optId, idFilters, pageSchema, toId, route } from '../../http.ts';
import { agendaSchema, projectKindSchema as kind, projectSchema, quickTimeResultSchema, taskSchema, taskStatusSchema as status, timeEntrySchema, timeReportSchema } from '../../../shared/projects.ts';
import * as projects from './projects.service.ts';
import { quickTime } from './quick-time.service.ts';
import * as tasks from './tasks.service.ts';
import * as time from './time-entries.service.ts';

const text = z.string().trim().min(1).max(time.TEXT_MAX);
const minutes = z.number().int().min(1).max(time.MAX_MINUTES).describe('Duration in minutes (1–1440)');

const projectBody = z.object({
  code: z.string().trim().min(1).max(30).describe('Unique project code'),
  name: z.string().trim().min(1).max(200),
  customerId: idString,
  kind,
  active: z.boolean().optional().describe('Default true'),
});

const taskBody = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(10000).nullish(),
  customerId: idString.nullish().describe('Taken from the project when not given'),
  projectId: idString.nullish().describe("One of the customer's projects"),
  assigneeUserId: idString.nullish().describe('The user responsible (or assigneeGroupId)'),
  assigneeGroupId: idString.nullish().describe('The group responsible (or assigneeUserId)'),
  dueDate: isoDate.nullish(),
  nextFollowUpDate: isoDate.nullish().describe('When to act next on it (shown in the agenda)'),
  status: status.optional().describe('Default pending'),
});

const timeBody = z.object({
  userId: idString.describe('The employee who did the work'),
  date: isoDate,
  minutes,
  text,
  customerId: idString.nullish().describe('Taken from the task or project when not given'),
  projectId: idString.nullish(),
  taskId: idString.nullish(),
});

const fromCallId = idString.nullish().describe('Call this action was created from; finishes it in the same transaction');

const quickBody = z.object({
  text: text.describe('What was done'),
  userId: idString.describe('The employee who did it'),
  date: isoDate,
  minutes,
  nextFollowUpDate: isoDate.nullish().describe("Set on the task used; none clears the task's follow-up date"),
  projectId: idString.nullish().describe('The project chosen after a project_choice_required answer'),
  fromCallId,
});

const taskRefs = <T extends { customerId?: string | null; projectId?: string | null; assigneeUserId?: string | null; assigneeGroupId?: string | null }>(b: T) => ({
  ...b,
  customerId: optId(b.customerId),
  projectId: optId(b.projectId),
  assigneeUserId: optId(b.assigneeUserId),
  assigneeGroupId: optId(b.assigneeGroupId),
});

export async function projectsRoutes(app: AppInstance) {
  // ---- projects
  app.get('/projects', route('read', { operationId: 'listProjects', tags: ['projects'], summary: 'Projects, by code', querystring: listQuery.extend({ customerId: idString.optional(), active: boolQuery.optional(), kind: kind.optional(), q: z.string().trim().max(100).optional().describe('Part of the code or name') }), response: { 200: pageSchema(projectSchema) } }), async (request) => projects.listProjects(ctxOf(request), idFilters(request.query, ['customerId'])));
  app.get('/projects/:id', route('read', { operationId: 'getProject', tags: ['projects'], summary: 'A project', params: idParams, response: { 200: projectSchema } }), async (request) =>
  projects.getProject(ctxOf(request), toId(request.params.id)));
  app.post('/projects', route('support.write', { operationId: 'createProject', tags: ['projects'], summary: 'Create a project', body: projectBody.strict(), response: { 201: projectSchema } }), async (request, reply) =>
  reply.status(201).send(await projects.createProject(ctxOf(request), { ...request.body, customerId: toId(request.body.customerId) })));
  app.patch('/projects/:id', route('support.write', { operationId: 'updateProject', tags: ['projects'], summary: 'Change a project (name, kind, active…)', params: idParams, body: projectBody.omit({ customerId: true }).partial().strict(), response: { 200: projectSchema } }), async (request) => projects.updateProject(ctxOf(request), toId(request.params.id), request.body));

  // ---- tasks
  app.get(
    '/tasks',
    route('read', {
      operationId: 'listTasks',
      tags: ['tasks'],
      summary: 'Tasks, newest first',
      querystring: listQuery.extend({ assignee: z.enum(['me', 'my_groups', 'mine']).optional().describe("me: mine; my_groups: my groups'; mine: either"), assigneeUserId: idString.optional(), assigneeGroupId: idString.optional(), status: status.optional(), customerId: idString.optional(), projectId: idString.optional(), due: z.enum(['overdue', 'today', 'next7']).optional().describe('overdue: pending with a past due date; today; next7: due in the next 7 days'), sourceType: z.string().max(40).optional(), sourceId: idString.optional(), q: z.string().trim().max(200).optional().describe('Words of the title or description') }),
      response: { 200: pageSchema(taskSchema) },
    }),
    async (request) => tasks.listTasks(ctxOf(request), idFilters(request.query, ['assigneeUserId', 'assigneeGroupId', 'customerId', 'projectId', 'sourceId'])),
  );
  app.get('/tasks/:id', route('read', { operationId: 'getTask', tags: ['tasks'], summary: 'A task', params: idParams, response: { 200: taskSchema } }), async (request) => tasks.getTask(ctxOf(request), toId(request.params.id)));
  app.post('/tasks', route('support.write', { operationId: 'createTask', tags: ['tasks'], summary: 'Create a task', body: taskBody.extend({ fromCallId }).strict(), response: { 201: taskSchema } }), async (request, reply) => {
  const ctx = ctxOf(request);
  const { id } = await tasks.createTask(ctx, taskRefs(request.body));
  return reply.status(201).send(await tasks.getTask(ctx, id));
});
  app.patch('/tasks/:id', route('support.write', { operationId: 'updateTask', tags: ['tasks'], summary: 'Change a task; status done finishes it', params: idParams, body: taskBody.partial().strict(), response: { 200: taskSchema } }), async (request) => tasks.updateTask(ctxOf(request), toId(request.params.id), taskRefs(request.body)));

  // ---- time entries
  app.get(
    '/time-entries',
    route('read', {
      operationId: 'listTimeEntries',
      tags: ['time'],
      summary: 'Time entries, newest date first',
      querystring: listQuery.extend({ userId: idString.optional(), mine: boolQuery.optional().describe("Only the caller's"), customerId: idString.optional(), projectId: idString.optional(), taskId: idString.optional(), from: isoDate.optional(), to: isoDate.optional() }),
      response: { 200: pageSchema(timeEntrySchema) },
    }),
    async (request) => time.listTimeEntries(ctxOf(request), idFilters(request.query, ['userId', 'customerId', 'projectId', 'taskId'])),
  );
  app.get('/time-entries/:id', route('read', { operationId: 'getTimeEntry', tags: ['time'], summary: 'A time entry', params: idParams, response: { 200: timeEntrySchema } }), async (request) => time.getTimeEntry(ctxOf(request), toId(request.params.id)));
  app.post('/time-entries', route('support.write', { operationId: 'createTimeEntry', tags: ['time'], summary: 'Record time', body: timeBody.extend({ fromCallId }).strict(), response: { 201: timeEntrySchema } }), async (request, reply) => {
  const b = request.body;
  const entry = await time.createTimeEntry(ctxOf(request), { ...b, userId: toId(b.userId), customerId: optId(b.customerId), projectId: optId(b.projectId), taskId: optId(b.taskId) });
  return reply.status(201).send(entry);
});
  app.patch('/time-entries/:id', route('support.write', { operationId: 'updateTimeEntry', tags: ['time'], summary: 'Correct a time entry (own, or anyone’s for a supervisor)', params: idParams, body: timeBody.partial().strict(), response: { 200: timeEntrySchema } }), async (request) => {
    const b = request.body;
    return time.updateTimeEntry(ctxOf(request), toId(request.params.id), {
      ...b,
      userId: b.userId === undefined ? undefined : toId(b.userId),
      customerId: optId(b.customerId),
      projectId: optId(b.projectId),
      taskId: optId(b.taskId),
    });
  });
  app.delete('/time-entries/:id', route('support.write', { operationId: 'deleteTimeEntry', tags: ['time'], summary: 'Remove a time entry (own, or anyone’s for a supervisor)', params: idParams, response: { 204: noContent } }), async (request, reply) => {
  await time.deleteTimeEntry(ctxOf(request), toId(request.params.id));
  return reply.status(204).send(null);
});

  // ---- quick time entry
  app.post(
    '/customers/:id/quick-time',
    route('support.write', {
      operationId: 'recordQuickTime',
      tags: ['time'],
      summary: 'Quick time entry for a customer: finds or creates the project and task, records the time, sets the next follow-up date',
      description: 'One transaction (spec section 4). 409 project_choice_required with `candidates` when the customer has several active projects and none has its code: send again with `projectId`.',
      params: idParams,
      body: quickBody.strict(),
      response: { 201: quickTimeResultSchema },
    }),
    async (request, reply) => {
      const b = request.body;
      const result = await quickTime(ctxOf(request), toId(request.params.id), { ...b, userId: toId(b.userId), projectId: optId(b.projectId) });
      return reply.status(201).send(result);
    },
  );

  // ---- agenda
  app.get(
    '/me/agenda',
    route('authenticated', {
      operationId: 'getMyAgenda',
      tags: ['tasks'],
      summary: "The caller's agenda: pending tasks (own and their groups') by next follow-up or due date, overdue and today first",
      querystring: z.object({ until: isoDate.optional().describe('Last date shown (default a week from today)'), limit: z.coerce.number().int().min(1).max(500).default(200) }),
      response: { 200: agendaSchema },
    }),
    async (request) => tasks.agenda(ctxOf(request), request.query),
  );
}
