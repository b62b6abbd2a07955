/**
 * The stamps of a row being created: when, by whom (null for the system), and its last change,
 * which is its creation. `now` is passed when the caller writes the same instant elsewhere too.
 */
export function creationStamps(actor: { userId?: number | null }, now: string) {
  return { created_at: now, created_by: actor.userId || null, updated_at: now };
}
