/**
 * The pure rules of incoming calls, kept apart from the database so they are tested table-driven
 * (calls.rules.test.ts): who a call is from, who it is for, when it counts as pending now.
 */

export type FromInput = {
  customerId?: string | null;
  contactId?: string | null;
  phone?: string | null;
  taxId?: string | null;
  serialNumber?: string | null;
};

const present = (v: string | null | undefined) => typeof v === 'string' && v.trim() !== '';

/** "From" needs at least one of customer, contact, phone, tax id or serial number. */
export function hasFrom(from: FromInput): boolean {
  return present(from.customerId) || present(from.contactId) || present(from.phone) || present(from.taxId) || present(from.serialNumber);
}

export type Destination = { toUserId: number | null; toGroupId: number | null };

export type DestinationChoice =
  | { ok: true; destination: Destination; fromPreferences: boolean }
  | { ok: false; field: 'toUserId' | 'toGroupId'; code: 'one_of_user_group' | 'call_destination_required' };

/**
 * "To" is one user or one group. What the request names wins; otherwise the caller's preference
 * (a user or a group); with neither, the request is refused naming `toUserId`.
 */
export function chooseDestination(
  given: { toUserId?: string | null; toGroupId?: string | null },
  preferences: { defaultToUserId: string | null; defaultToGroupId: string | null },
): DestinationChoice {
  if (given.toUserId && given.toGroupId) return { ok: false, field: 'toUserId', code: 'one_of_user_group' };
  if (given.toUserId) return { ok: true, destination: { toUserId: Number(given.toUserId), toGroupId: null }, fromPreferences: false };
  if (given.toGroupId) return { ok: true, destination: { toUserId: null, toGroupId: Number(given.toGroupId) }, fromPreferences: false };
  if (preferences.defaultToUserId) return { ok: true, destination: { toUserId: Number(preferences.defaultToUserId), toGroupId: null }, fromPreferences: true };
  if (preferences.defaultToGroupId) return { ok: true, destination: { toUserId: null, toGroupId: Number(preferences.defaultToGroupId) }, fromPreferences: true };
  return { ok: false, field: 'toUserId', code: 'call_destination_required' };
}

/** A call is pending exactly while it has no finish stamp — whatever its status says. */
export function isPending(call: { finishedAt: string | null }): boolean {
  return call.finishedAt === null;
}

/** Postponed: pending and its postponement has not yet come. It comes back by itself afterwards. */
export function isPostponed(call: { finishedAt: string | null; postponedUntil: string | null }, now: string): boolean {
  return isPending(call) && call.postponedUntil !== null && call.postponedUntil > now;
}

/** In the "pending now" lists: pending and not postponed into the future. */
export function isPendingNow(call: { finishedAt: string | null; postponedUntil: string | null }, now: string): boolean {
  return isPending(call) && !isPostponed(call, now);
}

/** A postponement must be for a later moment than now. */
export function isFuture(until: string, now: string): boolean {
  return new Date(until).getTime() > new Date(now).getTime();
}

/** Offset of a time zone from UTC at an instant, in minutes (Europe/Madrid in summer: +120). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The UTC instant when a local calendar day starts in a time zone: date filters ("calls of
 * 22/11/2026") mean the user's day, not UTC's.
 */
export function localDayStartUtc(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle days where the offset changes (daylight saving).
  let utc = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60000;
  utc = guess - zoneOffsetMinutes(new Date(utc), timeZone) * 60000;
  return new Date(utc).toISOString();
}

/** The day after a YYYY-MM-DD date, for exclusive upper bounds. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
