/**
 * The SLA area as the web reads it: service calendars, their holidays, contracts' service levels,
 * incidents' clocks and the supervisor's lists. The only file of the area that calls the API.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CalendarCreate, CalendarUpdate, generateHolidaysResult, Holiday, HolidayKind, ServiceCalendar, ServiceLevel } from '../../shared/service-calendars.ts';
import type { ClockListQuery, IncidentClock, IncidentSla, SlaCounts } from '../../shared/sla.ts';
import { api, type Page } from '../app/api.ts';

export type { Holiday, HolidayKind, IncidentClock, IncidentSla, ServiceCalendar, ServiceLevel, SlaCounts };
export type GenerateResult = z.infer<typeof generateHolidaysResult>;
export type ClockView = ClockListQuery['view'];

export const slaKeys = {
  all: ['sla'] as const,
  /** GET /service-calendars (every calendar, one page of 200) */
  calendars: () => ['sla', 'calendars'] as const,
  calendar: (id: string) => ['sla', 'calendar', id] as const,
  /** GET /service-calendars/{id}/holidays?year= */
  holidays: (id: string, year: number) => ['sla', 'holidays', id, year] as const,
  /** GET /service-calendars/holiday-regions */
  holidayRegions: () => ['sla', 'holiday-regions'] as const,
  serviceLevel: (contractId: string) => ['sla', 'service-level', contractId] as const,
  /** GET /incidents/{id}/sla */
  incident: (id: string) => ['sla', 'incident', id] as const,
  /** GET /incidents/sla?view=… pages */
  clocks: (filters: Record<string, unknown>) => ['sla', 'clocks', filters] as const,
  /** GET /incidents/sla/counts */
  counts: () => ['sla', 'counts'] as const,
};

export const slaApi = {
  clocksPage: (q: Record<string, string | number | boolean | undefined>, signal?: AbortSignal) => api.get<Page<IncidentClock>>('/incidents/sla', q, signal),
};

export function useCalendars(opts: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: slaKeys.calendars(), enabled: opts.enabled ?? true, queryFn: ({ signal }) => api.get<Page<ServiceCalendar>>('/service-calendars', { limit: 200 }, signal), select: (p) => p.items });
}

export function useCalendar(id: string | undefined) {
  return useQuery({ queryKey: slaKeys.calendar(id ?? ''), enabled: !!id, queryFn: ({ signal }) => api.get<ServiceCalendar>(`/service-calendars/${id}`, undefined, signal) });
}

export function useHolidays(id: string | undefined, year: number) {
  return useQuery({ queryKey: slaKeys.holidays(id ?? '', year), enabled: !!id, queryFn: ({ signal }) => api.get<{ items: Holiday[] }>(`/service-calendars/${id}/holidays`, { year }, signal), select: (r) => r.items });
}

export function useHolidayRegions(opts: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: slaKeys.holidayRegions(), enabled: opts.enabled ?? true, staleTime: Infinity, queryFn: ({ signal }) => api.get<{ items: Array<{ code: string; subdivision: string; name: string }> }>('/service-calendars/holiday-regions', undefined, signal), select: (r) => r.items });
}

export function useSaveCalendar() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CalendarCreate | CalendarUpdate }) => (id ? api.patch<ServiceCalendar>(`/service-calendars/${id}`, body) : api.post<ServiceCalendar>('/service-calendars', body)),
    onSuccess: () => qc.invalidateQueries({ queryKey: slaKeys.all }),
  });
}

export function saveCalendar(id: string | undefined, body: CalendarCreate | CalendarUpdate) {
  return id ? api.patch<ServiceCalendar>(`/service-calendars/${id}`, body) : api.post<ServiceCalendar>('/service-calendars', body);
}

export function useDeleteCalendar() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.delete(`/service-calendars/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: slaKeys.all }) });
}

export function useHolidayMutations(id: string) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: slaKeys.all });
  return {
    add: useMutation({ mutationFn: (body: { date: string; name: string; kind?: HolidayKind }) => api.post<Holiday>(`/service-calendars/${id}/holidays`, body), onSuccess: done }),
    remove: useMutation({ mutationFn: (date: string) => api.delete(`/service-calendars/${id}/holidays/${date}`), onSuccess: done }),
    generate: useMutation({ mutationFn: (body: { year: number; regionCode?: string | null }) => api.post<GenerateResult>(`/service-calendars/${id}/holidays/generate`, body), onSuccess: done }),
  };
}

export function addHoliday(id: string, body: { date: string; name: string; kind?: HolidayKind }) {
  return api.post<Holiday>(`/service-calendars/${id}/holidays`, body);
}

export function useIncidentSla(incidentId: string) {
  return useQuery({ queryKey: slaKeys.incident(incidentId), queryFn: ({ signal }) => api.get<IncidentSla>(`/incidents/${incidentId}/sla`, undefined, signal), refetchInterval: 60_000 });
}

export function useSlaCounts() {
  return useQuery({ queryKey: slaKeys.counts(), queryFn: ({ signal }) => api.get<SlaCounts>('/incidents/sla/counts', undefined, signal), refetchInterval: 60_000 });
}
