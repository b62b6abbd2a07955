/** Types and fetchers of the activities area (activities, commercial activities, agenda, notices, outbox). */
import { useQuery } from '@tanstack/react-query';
import { api, type Page, type Query } from '../app/api.ts';

import type { ActionHistoryItem, Activity, Attachment, AutomaticAction, CommercialActivity, CommercialType, CustomerEvent, Notice, OutboxEmail, OutboxSummary } from '../../shared/activities.ts';

// The server's shapes (src/shared/activities.ts), never written a second time here.
export type { ActionHistoryItem, Activity, Attachment, AutomaticAction, CommercialActivity, CommercialType, CustomerEvent, Notice, OutboxEmail, OutboxSummary };
export { COMMERCIAL_TYPES } from '../../shared/activities.ts';
export type NoticePage = Page<Notice> & { unreadCount: number };

export { useGroups, useUsers } from '../users/queries.ts';

/** Where a record produced by an automatic action (or linked from a notice) is shown. */
export function recordHref(type: string, id: string): string | null {
  switch (type) {
    case 'activity':
      return `/activities/${id}`;
    case 'task':
      return `/tasks/${id}`;
    case 'customer_event':
      return `/customer-agenda?event=${id}`;
    case 'email':
      return `/outbox?email=${id}`;
    case 'notice':
      return `/notices`;
    case 'call':
      return `/calls/${id}`;
    case 'incident':
      return `/incidents/${id}`;
    default:
      return null;
  }
}

/**
 * Query keys of the area (each key one shape). Notices, the customer agenda and the outbox are
 * parts of this area, so their keys start with 'activities' too.
 */
export const activitiesKeys = {
  all: ['activities'] as const,
  /** GET /activities?pending&registeredBy=me&limit: one Page<Activity> (home) */
  minePending: (limit: number) => ['activities', 'mine-pending', limit] as const,
  /** Every notices key (invalidate after reading one). */
  notices: ['activities', 'notices'] as const,
  /** GET /notices?limit=8: NoticePage (the bell) */
  noticesLatest: () => ['activities', 'notices', 'latest'] as const,
  /** GET /notices?unread&limit: NoticePage (home) */
  noticesUnread: (limit: number) => ['activities', 'notices', 'unread', limit] as const,
  /** GET /notices with filters: a NoticePage per cursor (useKeysetList) */
  noticesList: (q: Record<string, unknown>) => ['activities', 'notices', 'list', q] as const,
  /** GET /customer-events?mine&status=pending&limit=20: one Page<CustomerEvent> (home) */
  customerEventsMine: () => ['activities', 'customer-events', 'mine-pending'] as const,
  /** GET /activities with filters: a Page<Activity> per cursor (useKeysetList) */
  list: (q: Query) => ['activities', 'list', q] as const,
  /** GET /activities/{id}: Activity */
  detail: (id: string) => ['activities', 'detail', id] as const,
  /** GET /activities/{id}/automatic-actions: ActionHistoryItem[] */
  actionHistory: (id: string) => ['activities', 'action-history', id] as const,
  /** GET {basePath} (an owner's attachments, e.g. /activities/{id}/attachments): Attachment[] */
  attachments: (basePath: string) => ['activities', 'attachments', basePath] as const,
  /** Every commercial activities key. */
  commercial: ['activities', 'commercial'] as const,
  /** GET /commercial-activities with filters: a Page<CommercialActivity> per cursor */
  commercialList: (q: Query) => ['activities', 'commercial', 'list', q] as const,
  /** Every customer agenda key. */
  customerEvents: ['activities', 'customer-events'] as const,
  /** GET /customer-events with filters: a Page<CustomerEvent> per cursor */
  customerEventsList: (q: Query) => ['activities', 'customer-events', 'list', q] as const,
  /** GET /customer-events/{id}: CustomerEvent */
  customerEvent: (id: string | null) => ['activities', 'customer-events', 'one', id] as const,
  /** Every outbox key. */
  outbox: ['activities', 'outbox'] as const,
  /** GET /outbox with filters: a Page<OutboxEmail> per cursor */
  outboxList: (q: Query) => ['activities', 'outbox', 'list', q] as const,
  /** GET /outbox/{id}: OutboxEmail (with its text) */
  outboxEmail: (id: string) => ['activities', 'outbox', 'one', id] as const,
  /** GET /outbox/status: OutboxSummary */
  outboxSummary: () => ['activities', 'outbox', 'summary'] as const,
};

type Body = Record<string, unknown>;

export const activitiesApi = {
  list: (q: Query, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<Page<Activity>>('/activities', { ...q, cursor, limit }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Activity>(`/activities/${id}`, undefined, signal),
  create: (body: Body) => api.post<Activity>('/activities', body),
  update: (id: string, body: Body) => api.patch<Activity>(`/activities/${id}`, body),
  actionHistory: (id: string, signal?: AbortSignal) => api.get<{ items: ActionHistoryItem[] }>(`/activities/${id}/automatic-actions`, undefined, signal).then((r) => r.items),
  retryAction: (id: string) => api.post<Activity>(`/activities/${id}/automatic-action/retry`),
};

export const commercialApi = {
  list: (q: Query, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<Page<CommercialActivity>>('/commercial-activities', { ...q, cursor, limit }, signal),
  create: (body: Body) => api.post<CommercialActivity>('/commercial-activities', body),
  update: (id: string, body: Body) => api.patch<CommercialActivity>(`/commercial-activities/${id}`, body),
};

export const customerEventsApi = {
  list: (q: Query, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<Page<CustomerEvent>>('/customer-events', { ...q, cursor, limit }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<CustomerEvent>(`/customer-events/${id}`, undefined, signal),
  create: (body: Body) => api.post<CustomerEvent>('/customer-events', body),
  update: (id: string, body: Body) => api.patch<CustomerEvent>(`/customer-events/${id}`, body),
};

export const outboxApi = {
  list: (q: Query, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<Page<OutboxEmail>>('/outbox', { ...q, cursor, limit }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<OutboxEmail>(`/outbox/${id}`, undefined, signal),
  summary: (signal?: AbortSignal) => api.get<OutboxSummary>('/outbox/status', undefined, signal),
  retry: (id: string) => api.post<OutboxEmail>(`/outbox/${id}/retry`),
};

/** Files attached to a record, under the owner's path (`/activities/{id}/attachments`, `/incidents/{id}/attachments`). */
export const attachmentsApi = {
  list: (basePath: string, signal?: AbortSignal) => api.get<{ items: Attachment[] }>(basePath, undefined, signal).then((r) => r.items),
  upload: (basePath: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<Attachment>(basePath, form);
  },
  remove: (id: string) => api.delete(`/attachments/${id}`),
};

export const noticesApi = {
  list: (q: Record<string, string | number | undefined>, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<NoticePage>('/notices', { ...q, cursor, limit }, signal),
  markRead: (id: string) => api.post<Notice>(`/notices/${id}/read`),
  markAllRead: () => api.post('/notices/read-all'),
};

export function useMinePendingActivities(limit: number) {
  return useQuery({ queryKey: activitiesKeys.minePending(limit), queryFn: ({ signal }) => activitiesApi.list({ pending: 'true', registeredBy: 'me' }, undefined, signal, limit) });
}

/** The bell: the latest notices and the unread count, refreshed every 30 s while signed in. */
export function useLatestNotices(enabled: boolean) {
  return useQuery({ queryKey: activitiesKeys.noticesLatest(), queryFn: ({ signal }) => noticesApi.list({}, undefined, signal, 8), refetchInterval: 30_000, refetchOnWindowFocus: true, enabled });
}

export function useUnreadNotices(limit: number) {
  return useQuery({ queryKey: activitiesKeys.noticesUnread(limit), queryFn: ({ signal }) => noticesApi.list({ unread: 'true' }, undefined, signal, limit), refetchInterval: 60_000 });
}

export function useMinePendingCustomerEvents() {
  return useQuery({ queryKey: activitiesKeys.customerEventsMine(), queryFn: ({ signal }) => customerEventsApi.list({ mine: 'true', status: 'pending' }, undefined, signal, 20) });
}

export function useActivity(id: string) {
  return useQuery({ queryKey: activitiesKeys.detail(id), queryFn: ({ signal }) => activitiesApi.get(id, signal) });
}

export function useActionHistory(id: string) {
  return useQuery({ queryKey: activitiesKeys.actionHistory(id), queryFn: ({ signal }) => activitiesApi.actionHistory(id, signal) });
}

export function useAttachments(basePath: string) {
  return useQuery({ queryKey: activitiesKeys.attachments(basePath), queryFn: ({ signal }) => attachmentsApi.list(basePath, signal) });
}

/** One entry of the customer agenda (the one a link highlights); nothing asked without an id. */
export function useCustomerEvent(id: string | null) {
  return useQuery({ queryKey: activitiesKeys.customerEvent(id), queryFn: ({ signal }) => customerEventsApi.get(id!, signal), enabled: Boolean(id) });
}

export function useOutboxEmail(id: string) {
  return useQuery({ queryKey: activitiesKeys.outboxEmail(id), queryFn: ({ signal }) => outboxApi.get(id, signal) });
}

/** Whether SMTP is configured and the count per state, refreshed every 30 s. */
export function useOutboxSummary() {
  return useQuery({ queryKey: activitiesKeys.outboxSummary(), queryFn: ({ signal }) => outboxApi.summary(signal), refetchInterval: 30_000 });
}
