/**
 * The customer agenda ("eventos de clientes"): pending call-backs and other dated entries per
 * customer, assigned to a user or a group, pending or done.
 */
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { AppError, fieldError, notFound } from '../../errors.ts';
import { translate } from '../../i18n/messages.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { feedOf } from '../customers/feeds.ts';
import { findCustomer } from '../customers/customers.service.ts';
import { groupExists, groupIdsOf, userExists } from '../users/users.service.ts';
import { toCustomerEvent } from './agenda.mapper.ts';
import * as repo from './agenda.repository.ts';
import { creationStamps } from '../../db/stamps.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const CUSTOMER_EVENTS = keyset('customer-events', 'ts', 'id');

export type CustomerEventInput = {
  customerId: number;
  kind: 'callback' | 'other';
  title: string;
  notes?: string | null;
  dueAt: string;
  assigneeUserId?: number | null;
  assigneeGroupId?: number | null;
  /** The record that created the entry (an activity's automatic action…). */
  source?: { type: string; id: number } | null;
};

export type CustomerEventPatch = {
  kind?: 'callback' | 'other';
  title?: string;
  notes?: string | null;
  dueAt?: string;
  assigneeUserId?: number | null;
  assigneeGroupId?: number | null;
  status?: 'pending' | 'done';
};

async function assertAssignee(ctx: Ctx, userId: number | null | undefined, groupId: number | null | undefined) {
  if (userId && groupId) throw new AppError('validation_failed', { errors: [{ field: 'assigneeUserId', code: 'one_of_user_group' }, { field: 'assigneeGroupId', code: 'one_of_user_group' }] });
  if (userId && !(await userExists(ctx, userId))) throw fieldError('assigneeUserId', 'unknown_reference');
  if (groupId && !(await groupExists(ctx, groupId))) throw fieldError('assigneeGroupId', 'unknown_reference');
}

export async function getCustomerEvent(ctx: Ctx, id: number) {
  const row = await repo.findEvent(ctx.db, id);
  if (!row) throw notFound();
  return toCustomerEvent(row);
}

/** Adds an entry to a customer's agenda (assigned to the caller when no assignee is given). */
export async function createCustomerEvent(ctx: Ctx, input: CustomerEventInput) {
  return tx(ctx, async (c) => {
    if (!(await findCustomer(c, input.customerId))) throw fieldError('customerId', 'unknown_reference');
    let userId = input.assigneeUserId ?? null;
    const groupId = input.assigneeGroupId ?? null;
    if (!userId && !groupId && c.actor.userId) userId = c.actor.userId;
    await assertAssignee(c, userId, groupId);
    const now = nowIso();
    const id = await repo.insertEvent(c.db, {
      customer_id: input.customerId,
      kind: input.kind,
      title: input.title,
      notes: input.notes ?? null,
      due_at: new Date(input.dueAt).toISOString(),
      assignee_user_id: userId,
      assignee_group_id: groupId,
      status: 'pending',
      source_type: input.source?.type ?? null,
      source_id: input.source?.id ?? null,
      ...creationStamps(c.actor, now),
    });
    const created = await getCustomerEvent(c, id);
    await recordAudit(c, { entityType: 'customer_event', entityId: id, action: 'create', changes: created });
    return created;
  });
}

export async function updateCustomerEvent(ctx: Ctx, id: number, patch: CustomerEventPatch) {
  return tx(ctx, async (c) => {
    const before = await getCustomerEvent(c, id);
    const touchesAssignee = patch.assigneeUserId !== undefined || patch.assigneeGroupId !== undefined;
    let userId = before.assigneeUserId ? Number(before.assigneeUserId) : null;
    let groupId = before.assigneeGroupId ? Number(before.assigneeGroupId) : null;
    if (touchesAssignee) {
      // Giving one of the two replaces the other.
      if (patch.assigneeUserId !== undefined) {
        userId = patch.assigneeUserId;
        if (patch.assigneeGroupId === undefined && userId) groupId = null;
      }
      if (patch.assigneeGroupId !== undefined) {
        groupId = patch.assigneeGroupId;
        if (patch.assigneeUserId === undefined && groupId) userId = null;
      }
      if (!userId && !groupId) throw fieldError('assigneeUserId', 'required');
      await assertAssignee(c, userId, groupId);
    }
    const now = nowIso();
    const statusChange = patch.status !== undefined && patch.status !== before.status;
    await repo.updateEvent(c.db, id, {
      kind: patch.kind,
      title: patch.title,
      notes: patch.notes,
      due_at: patch.dueAt ? new Date(patch.dueAt).toISOString() : undefined,
      assignee_user_id: touchesAssignee ? userId : undefined,
      assignee_group_id: touchesAssignee ? groupId : undefined,
      status: patch.status,
      done_at: statusChange ? (patch.status === 'done' ? now : null) : undefined,
      done_by: statusChange ? (patch.status === 'done' ? c.actor.userId || null : null) : undefined,
      updated_at: now,
    });
    const after = await getCustomerEvent(c, id);
    await recordAudit(c, { entityType: 'customer_event', entityId: id, action: statusChange && patch.status === 'done' ? 'done' : 'update', changes: diff(before, after) });
    return after;
  });
}

export type EventListQuery = {
  customerId?: number;
  assigneeUserId?: number;
  assigneeGroupId?: number;
  mine?: boolean;
  status?: 'pending' | 'done';
  kind?: 'callback' | 'other';
  dueFrom?: string;
  dueTo?: string;
  order?: 'asc' | 'desc';
  sourceType?: string;
  sourceId?: number;
  limit: number;
  cursor?: string;
};

export async function listCustomerEvents(ctx: Ctx, q: EventListQuery) {
  const mine = q.mine ? { userId: ctx.actor.userId, groupIds: await groupIdsOf(ctx, ctx.actor.userId) } : undefined;
  const rows = await repo.listEvents(
    ctx.db,
    { ...q, mine, dueFrom: q.dueFrom ? new Date(q.dueFrom).toISOString() : undefined, dueTo: q.dueTo ? new Date(q.dueTo).toISOString() : undefined },
    { cursor: decodeCursor(q.cursor, CUSTOMER_EVENTS), limit: q.limit, direction: q.order ?? 'asc' },
  );
  const now = nowIso();
  return toPage(rows, q.limit, CUSTOMER_EVENTS, (r) => [r.due_at, r.id], (r) => toCustomerEvent(r, now));
}

export const customerEventTimeline = feedOf('customer_event', repo.eventsOfCustomer, (r, ctx) => ({
  at: r.created_at,
  title: `${translate(ctx.locale, r.kind === 'callback' ? 'agenda_callback' : 'agenda_other')}: ${r.title}`,
  summary: r.notes,
  status: r.status,
  pending: r.status === 'pending',
  userName: r.assignee_user_name ?? r.assignee_group_name,
}));
