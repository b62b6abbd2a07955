/**
 * The contract of the projects area (projects, tasks, time entries, the quick time entry, the
 * agenda, the time report): the Zod schemas of its answers. No server imports here.
 */
import { z } from 'zod';
import { authoredStamps, customerIdNameRef, customerIdRef, doneStamps, projectRef, recordRef } from './fields.ts';

export const projectKindSchema = z.enum(['production', 'commercial']).describe('production or commercial project');
export const taskStatusSchema = z.enum(['pending', 'done']);

export const projectSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  ...customerIdRef,
  kind: projectKindSchema,
  active: z.boolean(),
  ...authoredStamps,
});

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  ...projectRef,
  assigneeUserId: z.string().nullable(),
  assigneeGroupId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  status: taskStatusSchema,
  dueDate: z.string().nullable(),
  nextFollowUpDate: z.string().nullable(),
  source: recordRef('The record the task was created from (a call…)'),
  ...authoredStamps,
  ...doneStamps,
});

export const timeEntrySchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  date: z.string().describe('YYYY-MM-DD'),
  minutes: z.number(),
  text: z.string(),
  ...customerIdNameRef,
  ...projectRef,
  taskId: z.string().nullable(),
  taskTitle: z.string().nullable(),
  callId: z.string().nullable(),
  ...authoredStamps,
});

export const quickTimeResultSchema = z.object({
  timeEntryId: z.string(),
  projectId: z.string(),
  taskId: z.string(),
  projectCreated: z.boolean(),
  taskCreated: z.boolean(),
  projectReactivated: z.boolean(),
  projectCode: z.string(),
  projectName: z.string(),
  taskTitle: z.string(),
  nextFollowUpDate: z.string().nullable(),
});

export const agendaItemSchema = taskSchema.extend({
  date: z.string().describe('The earlier of the next follow-up and the due date'),
  when: z.enum(['overdue', 'today', 'upcoming']),
  followUp: z.boolean(),
  due: z.boolean(),
});
export const agendaSchema = z.object({
  today: z.string(),
  until: z.string(),
  counts: z.object({ overdue: z.number(), today: z.number(), upcoming: z.number() }),
  items: z.array(agendaItemSchema),
  truncated: z.boolean().describe('More tasks than the limit'),
});

export const timeGroupBySchema = z.enum(['customer', 'project', 'employee']);
export const timeReportSchema = z.object({
  groupBy: timeGroupBySchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  rows: z.array(
    z.object({ id: z.string().nullable(), code: z.string().nullable(), name: z.string().nullable(), customerName: z.string().nullable(), minutes: z.number(), entries: z.number() }),
  ),
  totals: z.object({ minutes: z.number(), entries: z.number() }),
});

export type ProjectKind = z.infer<typeof projectKindSchema>;
export type TaskStatus = z.infer<typeof taskStatusSchema>;
export type Project = z.infer<typeof projectSchema>;
export type Task = z.infer<typeof taskSchema>;
export type TimeEntry = z.infer<typeof timeEntrySchema>;
export type QuickTimeResult = z.infer<typeof quickTimeResultSchema>;
export type AgendaItem = z.infer<typeof agendaItemSchema>;
export type Agenda = z.infer<typeof agendaSchema>;
export type TimeGroupBy = z.infer<typeof timeGroupBySchema>;
export type TimeReport = z.infer<typeof timeReportSchema>;
