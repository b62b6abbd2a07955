import type { CallListItem } from '../../../shared/calls.ts';
import type { CallListRow, CallRow, NoteRow, PostponementRow } from './calls.repository.ts';
import { isPending, isPostponed } from './calls.rules.ts';

const idOrNull = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** The names of the users and groups rows refer to, by id (the service reads them from the configuration cache). */
export type Names = { users: ReadonlyMap<number, string>; groups: ReadonlyMap<number, string> };
const nameIn = (m: ReadonlyMap<number, string>, id: number | null | undefined) => (id === null || id === undefined ? null : (m.get(Number(id)) ?? null));

export function toCall(r: CallRow, now: string, names: Names) {
  return {
    ...toCallListItem(r, now, names),
    customerCode: r.customer_code ?? null,
    contactId: idOrNull(r.contact_id),
    registeredBy: idOrNull(r.registered_by),
    registeredByName: nameIn(names.users, r.registered_by),
    finishedBy: idOrNull(r.finished_by),
    finishedByName: nameIn(names.users, r.finished_by),
    finishedByActionType: r.finished_by_action_type,
    finishedByActionId: idOrNull(r.finished_by_action_id),
    postponeCount: Number(r.postpone_count),
    updatedAt: r.updated_at,
  };
}
export type Call = ReturnType<typeof toCall>;

/** A row of a list page (callListItemSchema); the detail (toCall) is this and the fields only the detail carries. */
export function toCallListItem(r: CallListRow, now: string, names: Names): CallListItem {
  const base = { finishedAt: r.finished_at, postponedUntil: r.postponed_until };
  return {
    id: String(r.id),
    statusCode: r.status_code,
    pending: isPending(base),
    postponed: isPostponed(base, now),
    customerId: idOrNull(r.customer_id),
    customerName: r.customer_name ?? null,
    contactName: r.contact_name ?? null,
    unitId: idOrNull(r.unit_id),
    phone: r.phone,
    taxId: r.tax_id,
    serialNumber: r.serial_number,
    toUserId: idOrNull(r.to_user_id),
    toUserName: nameIn(names.users, r.to_user_id),
    toGroupId: idOrNull(r.to_group_id),
    toGroupName: nameIn(names.groups, r.to_group_id),
    typeCode: r.type_code,
    priorityCode: r.priority_code,
    description: r.description,
    registeredAt: r.registered_at,
    finishedAt: r.finished_at,
    postponedUntil: r.postponed_until,
  };
}

export function toNote(r: NoteRow, names: Names) {
  return { id: String(r.id), callId: String(r.call_id), at: r.at, userId: idOrNull(r.user_id), userName: nameIn(names.users, r.user_id), text: r.text };
}
export type CallNote = ReturnType<typeof toNote>;

export function toPostponement(r: PostponementRow, names: Names) {
  return {
    id: String(r.id),
    callId: String(r.call_id),
    at: r.at,
    userId: idOrNull(r.user_id),
    userName: nameIn(names.users, r.user_id),
    until: r.until,
    reason: r.reason,
    fromUserId: idOrNull(r.from_user_id),
    fromUserName: nameIn(names.users, r.from_user_id),
    fromGroupId: idOrNull(r.from_group_id),
    fromGroupName: nameIn(names.groups, r.from_group_id),
    toUserId: idOrNull(r.to_user_id),
    toUserName: nameIn(names.users, r.to_user_id),
    toGroupId: idOrNull(r.to_group_id),
    toGroupName: nameIn(names.groups, r.to_group_id),
  };
}
export type CallPostponement = ReturnType<typeof toPostponement>;
