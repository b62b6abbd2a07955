/** Commercial activities ("actividades comerciales"): visits, offers, follow-ups with a customer. */
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { AppError, fieldError, found } from '../../errors.ts';
import { mayRecordFor } from '../../../shared/policies.ts';
import { translate } from '../../i18n/messages.ts';
import { formatIsoDate, localDate } from '../../../shared/dates.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { finishCallFromAction } from '../calls/call-finishing.ts';
import { findCustomer } from '../customers/customers.service.ts';
import { feedOf } from '../customers/feeds.ts';
import { indexDocument } from '../search/search.service.ts';
import { userExists } from '../users/users.service.ts';
import * as repo from './commercial-activities.repository.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const COMMERCIAL_ACTIVITIES = keyset('commercial-activities', 'date', 'id');

import type { CommercialType } from '../../../shared/activities.ts';
export { COMMERCIAL_TYPES, type CommercialType } from '../../../shared/activities.ts';

function toCommercialActivity(r: repo.CommercialActivityRow) {
  return {
    id: String(r.id),
    registeredAt: r.registered_at,
    registeredBy: String(r.registered_by),
    customerId: String(r.customer_id),
    customerCode: r.customer_code,
    customerName: r.customer_name,
    contactId: r.contact_id ? String(r.contact_id) : null,
    contactName: r.contact_name,
    typeCode: r.type_code as CommercialType | null,
    description: r.description,
    date: r.date,
    userId: String(r.user_id),
    userName: r.user_name,
    nextActionDate: r.next_action_date,
    fromCallId: r.from_call_id ? String(r.from_call_id) : null,
    updatedAt: r.updated_at,
  };
}
export type CommercialActivity = ReturnType<typeof toCommercialActivity>;

export type CommercialInput = {
  customerId: number;
  contactId?: number | null;
  typeCode?: CommercialType | null;
  description: string;
  date?: string;
  userId?: number;
  nextActionDate?: string | null;
  fromCallId?: number;
};
export type CommercialPatch = Partial<Omit<CommercialInput, 'fromCallId'>>;

async function assertContact(ctx: Ctx, customerId: number, contactId: number | null | undefined) {
  if (!contactId) return;
  const contact = await repo.contactCustomer(ctx.db, contactId);
  if (!contact) throw fieldError('contactId', 'unknown_reference');
  if (contact.customer_id !== customerId) throw fieldError('contactId', 'contact_not_of_customer');
}

export async function getCommercialActivity(ctx: Ctx, id: number) {
  return toCommercialActivity(found(await repo.findCommercialActivity(ctx.db, id)));
}

async function index(ctx: Ctx, a: CommercialActivity) {
  await indexDocument(ctx, {
    entityType: 'commercial_activity',
    entityId: Number(a.id),
    customerId: Number(a.customerId),
    title: a.description.split('\n')[0].slice(0, 120),
    subtitle: `${a.customerName} · ${a.date}`,
    text: [a.description, a.customerName, a.contactName],
    codes: [a.customerCode],
  });
}

export async function createCommercialActivity(ctx: Ctx, input: CommercialInput) {
  const description = input.description.trim();
  if (!description) throw fieldError('description', 'required');
  return tx(ctx, async (c) => {
    if (!(await findCustomer(c, input.customerId))) throw fieldError('customerId', 'unknown_reference');
    await assertContact(c, input.customerId, input.contactId);
    const userId = input.userId ?? c.actor.userId;
    if (!(await userExists(c, userId))) throw fieldError('userId', 'unknown_reference');
    if (!mayRecordFor(c.actor, userId)) throw new AppError('forbidden', { errors: [{ field: 'userId', code: 'only_own_name' }] });
    const now = nowIso();
    const id = await repo.insertCommercialActivity(c.db, {
      registered_at: now,
      registered_by: c.actor.userId,
      customer_id: input.customerId,
      contact_id: input.contactId ?? null,
      type_code: input.typeCode ?? null,
      description,
      date: input.date ?? localDate(new Date(), c.actor.timeZone || c.config.defaultTimeZone),
      user_id: userId,
      next_action_date: input.nextActionDate ?? null,
      from_call_id: input.fromCallId ?? null,
      updated_at: now,
    });
    await finishCallFromAction(c, input.fromCallId ? String(input.fromCallId) : null, { type: 'commercial_activity', id });
    const created = await getCommercialActivity(c, id);
    await recordAudit(c, { entityType: 'commercial_activity', entityId: id, action: 'create', changes: created });
    await index(c, created);
    return created;
  });
}

export async function updateCommercialActivity(ctx: Ctx, id: number, patch: CommercialPatch) {
  return tx(ctx, async (c) => {
    const before = await getCommercialActivity(c, id);
    const customerId = patch.customerId ?? Number(before.customerId);
    if (patch.customerId !== undefined && !(await findCustomer(c, patch.customerId))) throw fieldError('customerId', 'unknown_reference');
    const contactId = patch.contactId !== undefined ? patch.contactId : before.contactId ? Number(before.contactId) : null;
    if (patch.contactId !== undefined || patch.customerId !== undefined) {
      try {
        await assertContact(c, customerId, contactId);
      } catch (e) {
        if (patch.contactId === undefined) throw fieldError('customerId', 'contact_not_of_customer');
        throw e;
      }
    }
    if (patch.userId !== undefined && !(await userExists(c, patch.userId))) throw fieldError('userId', 'unknown_reference');
    if (patch.userId !== undefined && String(patch.userId) !== before.userId && !mayRecordFor(c.actor, patch.userId)) throw new AppError('forbidden', { errors: [{ field: 'userId', code: 'only_own_name' }] });
    const description = patch.description !== undefined ? patch.description.trim() : undefined;
    if (description === '') throw fieldError('description', 'required');
    await repo.updateCommercialActivity(c.db, id, {
      customer_id: patch.customerId,
      contact_id: patch.contactId,
      type_code: patch.typeCode,
      description,
      date: patch.date,
      user_id: patch.userId,
      next_action_date: patch.nextActionDate,
      updated_at: nowIso(),
    });
    const after = await getCommercialActivity(c, id);
    const changes = diff(before, after);
    delete changes.updatedAt;
    await recordAudit(c, { entityType: 'commercial_activity', entityId: id, action: 'update', changes });
    await index(c, after);
    return after;
  });
}

export type CommercialListQuery = {
  customerId?: number;
  contactId?: number;
  userId?: number | 'me';
  typeCode?: CommercialType;
  from?: string;
  to?: string;
  /** next action date on or before today */
  nextActionDue?: boolean;
  limit: number;
  cursor?: string;
};

export async function listCommercialActivities(ctx: Ctx, q: CommercialListQuery) {
  const today = localDate(new Date(), ctx.actor.timeZone || ctx.config.defaultTimeZone);
  const rows = await repo.listCommercialActivities(
    ctx.db,
    { ...q, userId: q.userId === 'me' ? ctx.actor.userId : q.userId, nextActionDue: q.nextActionDue ? today : undefined },
    { cursor: decodeCursor(q.cursor, COMMERCIAL_ACTIVITIES), limit: q.limit },
  );
  return toPage(rows, q.limit, COMMERCIAL_ACTIVITIES, (r) => [r.date, r.id], toCommercialActivity);
}

export const commercialActivityTimeline = feedOf('commercial_activity', repo.commercialOfCustomer, (r, ctx) => ({
  at: r.registered_at,
  title: `${r.type_code ? `${translate(ctx.locale, `commercial_type_${r.type_code}`)}: ` : ''}${r.description.split('\n')[0].slice(0, 120)}`,
  summary: r.next_action_date ? `→ ${formatIsoDate(r.next_action_date, ctx.locale)}` : null,
  status: null,
  pending: r.next_action_date !== null && r.next_action_date >= r.date,
  userName: r.user_name,
}));
