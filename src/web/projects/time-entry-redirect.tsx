/** A time entry has no page of its own: its link (timeline) opens the task it was recorded on, or its project. */
import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from 'react-router';
import { api } from '../app/api.ts';
import { LoadError, PageLoader } from '../ui/feedback.tsx';
import type { TimeEntry } from './api.ts';

export function TimeEntryRedirect() {
  const { id = '' } = useParams();
  const entry = useQuery({ queryKey: ['time', 'entry', id], queryFn: () => api.get<TimeEntry>(`/time-entries/${id}`) });
  if (entry.isPending) return <PageLoader />;
  if (entry.isError) return <LoadError error={entry.error} onRetry={() => void entry.refetch()} />;
  const e = entry.data;
  const to = e.taskId ? `/tasks/${e.taskId}` : e.projectId ? `/projects/${e.projectId}` : `/customers/${e.customerId}`;
  return <Navigate to={to} replace />;
}
