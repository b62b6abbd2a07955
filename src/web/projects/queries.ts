/** Types and fetchers of projects, tasks, time entries, the quick time entry, the agenda and the time report. */
import { useQuery } from '@tanstack/react-query';
import { api, type Page, type Query } from '../app/api.ts';

export type ProjectKind = 'production' | 'commercial';
export type Project = {
  id: string;
  code: string;
  name: string;
  customerId: string;
  customerCode: string | null;
  customerName: string | null;
  kind: ProjectKind;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type TaskStatus = 'pending' | 'done';
export type Task = {
  id: string;
  title: string;
  description: string | null;
  customerId: string | null;
  customerName: string | null;
  projectId: string | null;
  projectCode: string | null;
  assigneeUserId: string | null;
  assigneeGroupId: string | null;
  assigneeName: string | null;
  status: TaskStatus;
  dueDate: string | null;
  nextFollowUpDate: string | null;
  source: { type: string; id: string } | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  doneAt: string | null;
  doneBy: string | null;
};

export type TimeEntry = {
  id: string;
  userId: string;
  userName: string | null;
  date: string;
  minutes: number;
  text: string;
  customerId: string;
  customerName: string | null;
  projectId: string | null;
  projectCode: string | null;
  taskId: string | null;
  taskTitle: string | null;
  callId: string | null;
  createdAt: string;
  createdBy: string | null;
};

export type QuickTimeInput = { text: string; userId: string; date: string; minutes: number; nextFollowUpDate?: string | null; projectId?: string | null; fromCallId?: string | null };
export type QuickTimeResult = {
  timeEntryId: string;
  projectId: string;
  taskId: string;
  projectCreated: boolean;
  taskCreated: boolean;
  projectReactivated: boolean;
  projectCode: string;
  projectName: string;
  taskTitle: string;
  nextFollowUpDate: string | null;
};

export type AgendaItem = Task & { date: string; when: 'overdue' | 'today' | 'upcoming'; followUp: boolean; due: boolean };
export type Agenda = { today: string; until: string; counts: { overdue: number; today: number; upcoming: number }; items: AgendaItem[]; truncated: boolean };

export type TimeGroupBy = 'customer' | 'project' | 'employee';
export type TimeReportRow = { id: string | null; code: string | null; name: string | null; customerName: string | null; minutes: number; entries: number };
export type TimeReport = { groupBy: TimeGroupBy; from: string | null; to: string | null; rows: TimeReportRow[]; totals: { minutes: number; entries: number } };


export const projectsApi = {
  list: (q: Query, signal?: AbortSignal) => api.get<Page<Project>>('/projects', q, signal),
  get: (id: string) => api.get<Project>(`/projects/${id}`),
  create: (body: { code: string; name: string; customerId: string; kind: ProjectKind; active?: boolean }) => api.post<Project>('/projects', body),
  update: (id: string, body: Partial<{ code: string; name: string; kind: ProjectKind; active: boolean }>) => api.patch<Project>(`/projects/${id}`, body),
};

export const tasksApi = {
  list: (q: Query, signal?: AbortSignal) => api.get<Page<Task>>('/tasks', q, signal),
  get: (id: string) => api.get<Task>(`/tasks/${id}`),
  create: (body: Record<string, unknown>) => api.post<Task>('/tasks', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<Task>(`/tasks/${id}`, body),
};

export const timeApi = {
  list: (q: Query, signal?: AbortSignal) => api.get<Page<TimeEntry>>('/time-entries', q, signal),
  create: (body: Record<string, unknown>) => api.post<TimeEntry>('/time-entries', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<TimeEntry>(`/time-entries/${id}`, body),
  remove: (id: string) => api.delete(`/time-entries/${id}`),
  quick: (customerId: string, body: QuickTimeInput) => api.post<QuickTimeResult>(`/customers/${customerId}/quick-time`, body),
  report: (q: { groupBy: TimeGroupBy; from?: string; to?: string; customerId?: string; projectId?: string; userId?: string }, signal?: AbortSignal) => api.get<TimeReport>('/reports/time', q, signal),
  agenda: (q: Query, signal?: AbortSignal) => api.get<Agenda>('/me/agenda', q, signal),
};

/** Query keys of the area (each key one shape); every one starts with 'projects'. */
export const projectsKeys = {
  all: ['projects'] as const,
  /** GET /projects with filters: a Page<Project> per cursor (useKeysetList) */
  list: (q: Query) => ['projects', 'list', q] as const,
  /** GET /projects?customerId&active&limit=200: one Page<Project> (pickers) */
  options: (customerId: string | null) => ['projects', 'options', customerId] as const,
  /** GET /projects/{id}: Project */
  detail: (id: string) => ['projects', 'detail', id] as const,
  /** GET /tasks with filters: a Page<Task> per cursor (useKeysetList) */
  tasks: (q: Query) => ['projects', 'tasks', q] as const,
  /** GET /tasks with filters: one Page<Task> (a customer's pending tasks) */
  tasksFirst: (q: Query) => ['projects', 'tasks-first', q] as const,
  /** GET /tasks/{id}: Task */
  task: (id: string) => ['projects', 'task', id] as const,
  /** GET /time-entries with filters: a Page<TimeEntry> per cursor */
  timeEntries: (q: Query) => ['projects', 'time-entries', q] as const,
  /** GET /time-entries/{id}: TimeEntry */
  timeEntry: (id: string) => ['projects', 'time-entry', id] as const,
  /** GET /reports/time: TimeReport */
  timeReport: (q: Query) => ['projects', 'time-report', q] as const,
  /** GET /me/agenda?until: Agenda */
  agenda: (until: string | undefined) => ['projects', 'agenda', until ?? null] as const,
};

export function useMyAgenda(until?: string) {
  return useQuery({ queryKey: projectsKeys.agenda(until), queryFn: ({ signal }) => timeApi.agenda({ until }, signal) });
}

export function useTimeEntry(id: string) {
  return useQuery({ queryKey: projectsKeys.timeEntry(id), queryFn: ({ signal }) => api.get<TimeEntry>(`/time-entries/${id}`, undefined, signal) });
}

/** The time report as a CSV file (its text). */
export async function timeReportCsv(q: { groupBy: TimeGroupBy; from?: string; to?: string }) {
  const res = await api.fetchRaw('/reports/time', { ...q, format: 'csv' });
  return res.text();
}
