/** Types and fetchers of projects, tasks, time entries, the quick time entry, the agenda and the time report. */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Agenda, AgendaItem, Project, ProjectKind, QuickTimeResult, Task, TaskStatus, TimeEntry, timeGroupBySchema, timeReportSchema } from '../../shared/projects.ts';
import { api, type Page, type Query } from '../app/api.ts';

// The server's shapes (src/shared/projects.ts), never written a second time here.
export type { Agenda, AgendaItem, Project, ProjectKind, QuickTimeResult, Task, TaskStatus, TimeEntry };
export type TimeGroupBy = z.infer<typeof timeGroupBySchema>;
export type TimeReport = z.infer<typeof timeReportSchema>;
export type TimeReportRow = TimeReport['rows'][number];
export type QuickTimeInput = { text: string; userId: string; date: string; minutes: number; nextFollowUpDate?: string | null; projectId?: string | null; fromCallId?: string | null };

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
  /** GET /projects?customerId&limit=100: one Page<Project>, active or not (the activity form's picker) */
  ofCustomer: (customerId: string | null) => ['projects', 'of-customer', customerId] as const,
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

/** Every project of a customer, active or not (a picker keeps a retired current value); nothing asked without a customer. */
export function useCustomerProjects(customerId: string | null) {
  return useQuery({ queryKey: projectsKeys.ofCustomer(customerId), queryFn: ({ signal }) => projectsApi.list({ customerId, limit: 100 }, signal), enabled: Boolean(customerId), staleTime: 30_000 });
}
