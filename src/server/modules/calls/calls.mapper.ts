import type { CallRow, NoteRow, PostponementRow } from './calls.repository.ts';
import { isPending, isPostponed } from './calls.rules.ts';

const idOrNull = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

export function toCall(r: CallRow, now: string) {
  const base = { finishedAt: r.finished_at, postponedUntil: r.postponed_until };
  return {
    id: String(r.id),
    statusCode: r.status_code,
    /** true exactly while the call has no finish stamp, whatever its status */
    pending: isPending(base),
    /** pending and postponed to a moment still to come */
    postponed: isPostponed(base, now),
    customerId: idOrNull(r.customer_id),
    customerCode: r.customer_code ?? null,
    customerName: r.customer_name ?? null,
    contactId: idOrNull(r.contact_id),
    contactName: r.contact_name ?? null,
    unitId: idOrNull(r.unit_id),
    phone: r.phone,
    taxId: r.tax_id,
    serialNumber: r.serial_number,
    toUserId: idOrNull(r.to_user_id),
    toUserName: r.to_user_name ?? null,
    toGroupId: idOrNull(r.to_group_id),
    toGroupName: r.to_group_name ?? null,
    typeCode: r.type_code,
    priorityCode: r.priority_code,
    description: r.description,
    registeredAt: r.registered_at,
    registeredBy: idOrNull(r.registered_by),
    registeredByName: r.registered_by_name ?? null,
    finishedAt: r.finished_at,
    finishedBy: idOrNull(r.finished_by),
    finishedByName: r.finished_by_name ?? null,
    finishedByActionType: r.finished_by_action_type,
    finishedByActionId: idOrNull(r.finished_by_action_id),
    postponedUntil: r.postponed_until,
    postponeCount: Number(r.postpone_count),
    updatedAt: r.updated_at,
  };
}
export type Call = ReturnType<typeof toCall>;

export function toNote(r: NoteRow) {
  return { id: String(r.id), callId: String(r.call_id), at: r.at, userId: idOrNull(r.user_id), userName: r.user_name ?? null, text: r.text };
}
export type CallNote = ReturnType<typeof toNote>;

export function toPostponement(r: PostponementRow) {
  return {
    id: String(r.id),
    callId: String(r.call_id),
    at: r.at,
    userId: idOrNull(r.user_id),
    userName: r.user_name ?? null,
    until: r.until,
    reason: r.reason,
    fromUserId: idOrNull(r.from_user_id),
    fromUserName: r.from_user_name ?? null,
    fromGroupId: idOrNull(r.from_group_id),
    fromGroupName: r.from_group_name ?? null,
    toUserId: idOrNull(r.to_user_id),
    toUserName: r.to_user_name ?? null,
    toGroupId: idOrNull(r.to_group_id),
    toGroupName: r.to_group_name ?? null,
  };
}
export type CallPostponement = ReturnType<typeof toPostponement>;
