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
