/** Types and queries of the calls screens (shapes of /api/v1/calls…). */
import { useQuery } from '@tanstack/react-query';
import type { CallCounts } from '../../shared/calls.ts';
import type { CallerContext } from '../../shared/intake.ts';
import { api } from '../app/api.ts';
import { useGroups, useUsers } from '../users/queries.ts';

export { usePreferences } from '../users/queries.ts';

export type { Call, CallCounts, CallDetail, CallerInfo, CallNote, CallPostponement } from '../../shared/calls.ts';
export type CatalogEntry = { code: string; descriptionEs: string; descriptionEn: string; active: boolean; pending?: boolean; defaultPending?: boolean; defaultFinished?: boolean; isDefault?: boolean };

export const CALLS_KEY = ['calls'] as const;

export function useCallCounts() {
  return useQuery({ queryKey: [...CALLS_KEY, 'counts'], queryFn: ({ signal }) => api.get<CallCounts>('/calls/counts', undefined, signal), refetchInterval: 30_000, staleTime: 10_000 });
}

export function useCatalog(name: 'call-statuses' | 'call-types') {
  return useQuery({ queryKey: ['catalogs', name], queryFn: ({ signal }) => api.get<{ items: CatalogEntry[] }>(`/catalogs/${name}`, undefined, signal).then((r) => r.items), staleTime: 60_000 });
}

/** Active users and groups a call can be sent to. */
export function useDestinations() {
  const users = useUsers();
  const groups = useGroups();
  return { users: (users.data ?? []).filter((u) => u.active), groups: (groups.data ?? []).filter((g) => g.active), loading: users.isPending || groups.isPending };
}

/** "u:12" / "g:3" ⇄ { toUserId } / { toGroupId }: one select for "to". */
export function destinationValue(d: { toUserId?: string | null; toGroupId?: string | null }): string | null {
  if (d.toUserId) return `u:${d.toUserId}`;
  if (d.toGroupId) return `g:${d.toGroupId}`;
  return null;
}
export function destinationBody(value: string | null | undefined): { toUserId?: string; toGroupId?: string } {
  if (!value) return {};
  return value.startsWith('u:') ? { toUserId: value.slice(2) } : { toGroupId: value.slice(2) };
}

/** GET /customers/{id}/context: the caller's open work, units and contracts, beside the new-call form. */
export function useCallerContext(customerId: string | null) {
  return useQuery({
    queryKey: [...CALLS_KEY, 'caller-context', customerId],
    queryFn: ({ signal }) => api.get<CallerContext>(`/customers/${customerId}/context`, undefined, signal),
    enabled: Boolean(customerId),
    staleTime: 15_000,
  });
}
