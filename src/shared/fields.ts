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

/** When (set by the server) and by whom an entry of a record's history (a note, an event, a change…) was made (null: the system). */
export const actor = { at: z.string().describe('Server-set'), userId: z.string().nullable(), userName: z.string().nullable() };

/** The customer a record belongs to, with its code and name. */
export const customerRef = { customerId: z.string(), customerCode: z.string(), customerName: z.string() };

/** The customer a record may name (null: none yet). */
export const optionalCustomerRef = { customerId: z.string().nullable(), customerCode: z.string().nullable(), customerName: z.string().nullable() };

/** A customer always named, whose code and name may be gone from the answer's join. */
export const customerIdRef = { customerId: z.string(), customerCode: z.string().nullable(), customerName: z.string().nullable() };

/** The customer a record belongs to, with its name (no code). */
export const customerNameRef = { customerId: z.string(), customerName: z.string() };

/** A customer always named, with its name, which may be gone from the answer's join (no code). */
export const customerIdNameRef = { customerId: z.string(), customerName: z.string().nullable() };

/** The contact person a record may name (null: none). */
export const contactRef = { contactId: z.string().nullable(), contactName: z.string().nullable() };

/** The project a record may belong to, with its code (null: none). */
export const projectRef = { projectId: z.string().nullable(), projectCode: z.string().nullable() };

/** The phone numbers and e-mail addresses of a customer or a contact. */
export const phonesEmails = { phones: z.array(z.string()), emails: z.array(z.string()) };

/** The amounts of a bill or of its lines, in cents. */
export const moneyTotals = { baseCents: z.number(), vatCents: z.number(), totalCents: z.number() };

/** Another record a record points to (its source, a notice's link…), `describe` saying which; null: none. */
export const recordRef = (describe: string) => z.object({ type: z.string(), id: z.string() }).nullable().describe(describe);

type Nullable = z.ZodNullable<z.ZodString>;
type StampedBy<P extends string> = { [K in `${P}At`]: z.ZodString } & { [K in `${P}By` | `${P}ByName`]: Nullable };

/**
 * When and by whom (user id and name; null: the system or a user gone) a record was stamped:
 * `prefix` names the act, as in `recordedAt`, `recordedBy`, `recordedByName`.
 */
export function stampedBy<P extends string>(prefix: P): StampedBy<P> {
  return { [`${prefix}At`]: z.string(), [`${prefix}By`]: z.string().nullable(), [`${prefix}ByName`]: z.string().nullable() } as StampedBy<P>;
}

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
