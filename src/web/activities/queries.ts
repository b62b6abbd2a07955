/** Types and fetchers of the activities area (activities, commercial activities, agenda, notices, outbox). */
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../app/api.ts';

export type AutomaticAction = {
  kind: string;
  status: 'done' | 'failed';
  error?: string;
  errorCode?: string;
  result?: { type: string; id: string };
} | null;

export type Activity = {
  id: string;
  registeredAt: string;
  registeredBy: string;
  registeredByName: string;
  statusCode: string;
  pending: boolean;
  customerId: string | null;
  customerCode: string | null;
  customerName: string | null;
  projectId: string | null;
  originCode: string | null;
  problemTypeCode: string | null;
  problem: string | null;
  solutionTypeCode: string | null;
  solution: string | null;
  fromCallId: string | null;
  automaticAction: AutomaticAction;
  attachmentCount?: number;
  updatedAt: string;
};

export type ActionHistoryItem = NonNullable<AutomaticAction> & { id: string; solutionTypeCode: string; ranAt: string; ranBy: string | null };

export type Attachment = {
  id: string;
  fileName: string;
  contentType: string;
  declaredContentType: string | null;
  sizeBytes: number;
  uploadedAt: string;
  uploadedByName: string | null;
  downloadUrl: string;
};

export type CommercialActivity = {
  id: string;
  registeredAt: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  contactId: string | null;
  contactName: string | null;
  typeCode: string | null;
  description: string;
  date: string;
  userId: string;
  userName: string;
  nextActionDate: string | null;
  fromCallId: string | null;
};

export const COMMERCIAL_TYPES = ['visit', 'phone_call', 'email', 'meeting', 'offer', 'demo', 'follow_up', 'other'] as const;

export type CustomerEvent = {
  id: string;
  customerId: string;
  customerName: string;
  customerCode: string;
  kind: 'callback' | 'other';
  title: string;
  notes: string | null;
  dueAt: string;
  overdue: boolean;
  assigneeUserId: string | null;
  assigneeUserName: string | null;
  assigneeGroupId: string | null;
  assigneeGroupName: string | null;
  status: 'pending' | 'done';
  source: { type: string; id: string } | null;
  doneAt: string | null;
};

export type Notice = {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: { type: string; id: string } | null;
  createdAt: string;
  read: boolean;
};
export type NoticePage = Page<Notice> & { unreadCount: number };

export type OutboxEmail = {
  id: string;
  to: string;
  toName: string | null;
  subject: string;
  bodyText?: string;
  language: string;
  customerId: string | null;
  source: { type: string; id: string } | null;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
};

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
};

export const noticesApi = {
  list: (q: Record<string, string | number | undefined>, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<NoticePage>('/notices', { ...q, cursor, limit }, signal),
  markRead: (id: string) => api.post<Notice>(`/notices/${id}/read`),
  markAllRead: () => api.post('/notices/read-all'),
};

export function useMinePendingActivities(limit: number) {
  return useQuery({ queryKey: activitiesKeys.minePending(limit), queryFn: ({ signal }) => api.get<Page<Activity>>('/activities', { pending: 'true', registeredBy: 'me', limit }, signal) });
}

/** The bell: the latest notices and the unread count, refreshed every 30 s while signed in. */
export function useLatestNotices(enabled: boolean) {
  return useQuery({ queryKey: activitiesKeys.noticesLatest(), queryFn: ({ signal }) => noticesApi.list({}, undefined, signal, 8), refetchInterval: 30_000, refetchOnWindowFocus: true, enabled });
}

export function useUnreadNotices(limit: number) {
  return useQuery({ queryKey: activitiesKeys.noticesUnread(limit), queryFn: ({ signal }) => noticesApi.list({ unread: 'true' }, undefined, signal, limit), refetchInterval: 60_000 });
}

export function useMinePendingCustomerEvents() {
  return useQuery({ queryKey: activitiesKeys.customerEventsMine(), queryFn: ({ signal }) => api.get<Page<CustomerEvent>>('/customer-events', { mine: 'true', status: 'pending', limit: 20 }, signal) });
}
