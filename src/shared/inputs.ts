/**
 * The validators request bodies and query strings are built from, the same in every area: record
 * ids, dates and instants, catalog codes, trimmed texts. `src/server/http.ts` re-exports them for
 * the routes. No server imports here.
 */
import { z } from 'zod';

/** Ids are opaque strings in JSON (integers inside). */
export const idString = z.string().regex(/^\d{1,15}$/, 'invalid_format').describe('Opaque record id');
export const isoDate = z.iso.date().describe('Date, YYYY-MM-DD');
export const isoDateTime = z.iso.datetime({ offset: true }).describe('Instant, ISO-8601');
/** A configuration table's code (call types, priorities, reason codes…). */
export const code = z.string().trim().min(1).max(20);
/** A text of at most `max` characters, trimmed. */
export const text = (max: number) => z.string().trim().max(max);
