/**
 * Field groups that many answers share, spread into `z.object({ … })` where the fields stand
 * (`...userOrGroup('owner')`), so each group is written once: a record's stamps, the customer or
 * item it names, the user or group it is for. The spread keeps the fields' order, so the OpenAPI
 * document is the same as with the fields written out. No server imports here.
 */
import { z } from 'zod';

/** When a record was created and last changed. */
export const createdUpdated = { createdAt: z.string(), updatedAt: z.string() };

/** When and by whom (user id; null: the system) a record was created, and when it last changed. */
export const authoredStamps = { createdAt: z.string(), createdBy: z.string().nullable(), updatedAt: z.string() };

/** Who registered a call or an incident, set by the server. */
export const registeredStamps = {
  registeredAt: z.string().describe('Server-set, immutable'),
  registeredBy: z.string().nullable().describe('Server-set, immutable'),
  registeredByName: z.string().nullable(),
};

/** When and by whom a pending record (task, agenda entry) was done. */
export const doneStamps = { doneAt: z.string().nullable(), doneBy: z.string().nullable() };

/** When and by whom an entry of a record's history (a note, a change…) was made (null: the system). */
export const actor = { at: z.string(), userId: z.string().nullable(), userName: z.string().nullable() };

/** The customer a record belongs to, with its code and name. */
export const customerRef = { customerId: z.string(), customerCode: z.string(), customerName: z.string() };

/** The customer a record may name (null: none yet). */
export const optionalCustomerRef = { customerId: z.string().nullable(), customerCode: z.string().nullable(), customerName: z.string().nullable() };

/** A customer always named, whose code and name may be gone from the answer's join. */
export const customerIdRef = { customerId: z.string(), customerCode: z.string().nullable(), customerName: z.string().nullable() };

type Nullable = z.ZodNullable<z.ZodString>;
type UserOrGroup<P extends string> = { [K in `${P}UserId` | `${P}UserName` | `${P}GroupId` | `${P}GroupName`]: Nullable };

/**
 * A user or a group a record is for (a call's destination, an incident's owner…): `prefix` names
 * the role, as in `toUserId`, `toUserName`, `toGroupId`, `toGroupName`; each may be null.
 */
export function userOrGroup<P extends string>(prefix: P): UserOrGroup<P> {
  return {
    [`${prefix}UserId`]: z.string().nullable(),
    [`${prefix}UserName`]: z.string().nullable(),
    [`${prefix}GroupId`]: z.string().nullable(),
    [`${prefix}GroupName`]: z.string().nullable(),
  } as UserOrGroup<P>;
}
