/** A time entry has no page of its own: its link (timeline) opens the task it was recorded on, or its project. */
import { Navigate, useParams } from 'react-router';
import { LoadError, PageLoader } from '../ui/feedback.tsx';
import { useTimeEntry } from './queries.ts';

export function TimeEntryRedirect() {
  const { id = '' } = useParams();
  const entry = useTimeEntry(id);
  if (entry.isPending) return <PageLoader />;
  if (entry.isError) return <LoadError error={entry.error} onRetry={() => void entry.refetch()} />;
  const e = entry.data;
  const to = e.taskId ? `/tasks/${e.taskId}` : e.projectId ? `/projects/${e.projectId}` : `/customers/${e.customerId}`;
  return <Navigate to={to} replace />;
}
