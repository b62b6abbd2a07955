/** Reports: query keys and hooks — the only file of the area that calls the API. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../app/api.ts';
import type { Dashboard, Report, ReportInfo, Subscription } from '../../shared/reports.ts';

export type { Dashboard, Report, ReportInfo, Subscription };
export type ReportParams = Record<string, string | undefined>;

export const reportKeys = {
  list: () => ['reports', 'list'] as const,
  report: (name: string, params: ReportParams) => ['reports', 'report', name, params] as const,
  subscriptions: () => ['reports', 'subscriptions'] as const,
  dashboard: () => ['reports', 'dashboard'] as const,
};

const clean = (params: ReportParams) => Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));

export function useReportList() {
  return useQuery({ queryKey: reportKeys.list(), queryFn: ({ signal }) => api.get<{ items: ReportInfo[] }>('/reports', undefined, signal), staleTime: 5 * 60_000 });
}

export function useReport(name: string, params: ReportParams) {
  return useQuery({ queryKey: reportKeys.report(name, params), queryFn: ({ signal }) => api.get<Report>(`/reports/${name}`, clean(params), signal) });
}

/** The report as a file (CSV or PDF), in the caller's language. */
export async function fetchReportFile(name: string, params: ReportParams, format: 'csv' | 'pdf', table?: string): Promise<Blob> {
  const res = await api.fetchRaw(`/reports/${name}`, { ...clean(params), format, ...(table ? { table } : {}) });
  return res.blob();
}

export function useSubscriptions() {
  return useQuery({ queryKey: reportKeys.subscriptions(), queryFn: ({ signal }) => api.get<{ items: Subscription[] }>('/report-subscriptions', undefined, signal) });
}

export function useSubscribe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { report: string; frequency: 'weekly' | 'monthly'; filters: Record<string, string> }) => api.post<Subscription>('/report-subscriptions', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: reportKeys.subscriptions() }),
  });
}

export function useUnsubscribe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/report-subscriptions/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: reportKeys.subscriptions() }),
  });
}

/** How often the dashboard asks again while it is open (and when the window regains focus). */
export const DASHBOARD_REFRESH_MS = 60_000;

/** The supervisor's dashboard, refreshed every minute without reloading the page. */
export function useDashboard() {
  return useQuery({
    queryKey: reportKeys.dashboard(),
    queryFn: ({ signal }) => api.get<Dashboard>('/reports/dashboard', undefined, signal),
    refetchInterval: DASHBOARD_REFRESH_MS,
    refetchOnWindowFocus: true,
  });
}
