/**
 * The calls area as the web reads and writes it: query keys (each key one shape), the requests
 * (`callsApi`) and hooks. The only file of the area that calls the API; the types come from
 * src/shared/calls.ts and src/shared/intake.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { BulkCallsResult, BulkFinish, BulkReassign, CallCounts, CallDetail, CallerInfo, CallListItem } from '../../shared/calls.ts';
import type { CallerContext } from '../../shared/intake.ts';
import { api, type Page, type Query } from '../app/api.ts';
import { useGroups, useUsers } from '../users/queries.ts';

export { usePreferences } from '../users/queries.ts';

export type { BulkCallRefusal, BulkCallsResult, Call, CallCounts, CallDetail, CallerInfo, CallListItem, CallNote, CallPostponement } from '../../shared/calls.ts';

/** The inbox's filters as sent to GET /calls. */
export type CallFilters = Query;
/** Who a caller may be, as typed in the new-call form. */
export type CallerKeys = { phone: string; taxId: string; serialNumber: string };
/** "To" as the API takes it: a user or a group. */
export type Destination = { toUserId?: string; toGroupId?: string };
export type CallCreate = Destination & {
  phone: string | null;
  taxId: string | null;
  serialNumber: string | null;
  customerId: string | null;
  contactId: string | null;
  typeCode: string | null;
  statusCode: string | null;
  priorityCode: string | null;
  description: string;
};
export type CallPatch = { statusCode?: string; typeCode: string | null; priorityCode: string | null; description: string; toUserId: string | null; toGroupId: string | null };
export type CallPostpone = Destination & { until: string; reason: string };

export const callsKeys = {
  /** Everything of the area: invalidate this after any change to a call. */
  all: ['calls'] as const,
  /** GET /calls with these filters: a Page<CallListItem> per cursor (useKeysetList). */
  list: (f: CallFilters) => ['calls', 'list', f] as const,
  /** GET /calls?view=now&limit=n: one Page<CallListItem> (the home page's first calls). */
  firstPending: (limit: number) => ['calls', 'first-pending', limit] as const,
  /** GET /calls/counts: CallCounts */
  counts: () => ['calls', 'counts'] as const,
  /** GET /calls/{id}: CallDetail */
  detail: (id: string | undefined) => ['calls', 'detail', id] as const,
  /** GET /calls/identify: CallerInfo */
  identify: (who: CallerKeys) => ['calls', 'identify', who] as const,
  /** GET /customers/{id}/context: CallerContext */
  callerContext: (customerId: string | null) => ['calls', 'caller-context', customerId] as const,
};

export const callsApi = {
  listPage: (f: CallFilters, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<Page<CallListItem>>('/calls', { ...f, cursor, limit }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<CallDetail>(`/calls/${id}`, undefined, signal),
  create: (body: CallCreate) => api.post<CallDetail>('/calls', body),
  update: (id: string, body: CallPatch) => api.patch<CallDetail>(`/calls/${id}`, body),
  finish: (id: string) => api.post<CallDetail>(`/calls/${id}/finish`),
  reopen: (id: string) => api.post<CallDetail>(`/calls/${id}/reopen`),
  postpone: (id: string, body: CallPostpone) => api.post<CallDetail>(`/calls/${id}/postpone`, body),
  addNote: (id: string, text: string) => api.post(`/calls/${id}/notes`, { text }),
  bulkFinish: (body: BulkFinish) => api.post<BulkCallsResult>('/calls/bulk-finish', body),
  bulkReassign: (body: BulkReassign) => api.post<BulkCallsResult>('/calls/bulk-reassign', body),
};

export function useCall(id: string | undefined) {
  return useQuery({ queryKey: callsKeys.detail(id), queryFn: ({ signal }) => callsApi.get(id!, signal), enabled: Boolean(id) });
}

/** After a call changed: its detail takes the answer, lists and counts refetch. */
export function useCallChanged() {
  const queryClient = useQueryClient();
  return (c: CallDetail) => {
    queryClient.setQueryData(callsKeys.detail(c.id), c);
    void queryClient.invalidateQueries({ queryKey: [...callsKeys.all, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...callsKeys.all, 'first-pending'] });
    void queryClient.invalidateQueries({ queryKey: callsKeys.counts() });
  };
}

/** Refetch everything of the calls area (a call was created or finished elsewhere). */
export function useInvalidateCalls() {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: callsKeys.all }), [queryClient]);
}

/**
 * A call finished by an action saved elsewhere (`fromCallId`): its cached copy (pending, offering
 * "Finalizar") is dropped unless a page shows it now, so going back to the call loads it finished
 * instead of showing it pending first; what is on screen, the lists and the counts refetch.
 */
export function useCallFinishedElsewhere() {
  const queryClient = useQueryClient();
  return useCallback(
    (id: string) => {
      queryClient.removeQueries({ queryKey: callsKeys.detail(id), type: 'inactive' });
      void queryClient.invalidateQueries({ queryKey: callsKeys.all });
    },
    [queryClient],
  );
}

export function useCallCounts() {
  return useQuery({ queryKey: callsKeys.counts(), queryFn: ({ signal }) => api.get<CallCounts>('/calls/counts', undefined, signal), refetchInterval: 30_000, staleTime: 10_000 });
}

/** The first pending calls of the signed-in user (home page). */
export function useFirstPendingCalls(limit: number) {
  return useQuery({ queryKey: callsKeys.firstPending(limit), queryFn: ({ signal }) => api.get<Page<CallListItem>>('/calls', { view: 'now', limit }, signal), refetchInterval: 30_000 });
}

/** Who is calling, from what the agent typed (the same resolution the server applies on save). */
export function useIdentifyCaller(who: CallerKeys, enabled: boolean) {
  return useQuery({
    queryKey: callsKeys.identify(who),
    queryFn: ({ signal }) => api.get<CallerInfo>('/calls/identify', { phone: who.phone, taxId: who.taxId, serialNumber: who.serialNumber }, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
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
export function destinationBody(value: string | null | undefined): Destination {
  if (!value) return {};
  return value.startsWith('u:') ? { toUserId: value.slice(2) } : { toGroupId: value.slice(2) };
}

/** GET /customers/{id}/context: the caller's open work, units and contracts, beside the new-call form. */
export function useCallerContext(customerId: string | null) {
  return useQuery({
    queryKey: callsKeys.callerContext(customerId),
    queryFn: ({ signal }) => api.get<CallerContext>(`/customers/${customerId}/context`, undefined, signal),
    enabled: Boolean(customerId),
    staleTime: 15_000,
  });
}

/**
 * The inbox's bulk actions (POST /calls/bulk-finish, /calls/bulk-reassign): all the selected calls
 * change or none does; a refusal is an ApiError whose `body.errors` lists each refused call
 * (BulkCallRefusal). On success lists, counts and the changed calls' details refresh.
 */
export function useBulkCallAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: 'finish'; ids: string[] } | { kind: 'reassign'; ids: string[]; to: Destination }) =>
      action.kind === 'finish' ? callsApi.bulkFinish({ ids: action.ids }) : callsApi.bulkReassign({ ids: action.ids, ...action.to }),
    onSuccess: (result) => {
      // The changed calls' cached copies (pending, or for the old destination) are dropped: opening one
      // from the inbox loads it as it is now instead of showing it unchanged first.
      for (const c of result.items) {
        queryClient.removeQueries({ queryKey: callsKeys.detail(c.id), type: 'inactive' });
        void queryClient.invalidateQueries({ queryKey: callsKeys.detail(c.id) });
      }
      void queryClient.invalidateQueries({ queryKey: [...callsKeys.all, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...callsKeys.all, 'first-pending'] });
      void queryClient.invalidateQueries({ queryKey: callsKeys.counts() });
    },
  });
}
