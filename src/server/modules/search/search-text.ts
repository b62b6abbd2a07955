/**
 * Pure normalisation for the search index: what goes into a document and what a query becomes.
 * Both sides fold case and accents and glue separators inside codes, so "B-12.345.678",
 * "b12345678" and "91 234 56 78" find what was stored as "B12345678" and "+34 912 345 678".
 */
import { foldText } from '../../db/dialect.ts';
import { normalizePhone } from '../customers/phones.ts';

/** Tokens of free text: folded, split on anything but letters and digits. */
export function textTokens(s: string | null | undefined): string[] {
  if (!s) return [];
  return foldText(s)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A code-like value (tax id, serial, invoice number) as one glued token, plus its parts. */
export function codeTokens(s: string | null | undefined): string[] {
  if (!s) return [];
  const parts = textTokens(s);
  const glued = parts.join('');
  return glued && parts.length > 1 ? [glued, ...parts] : parts;
}

/** Exact look-up key of a code-like value: folded with separators removed. */
export function exactKey(s: string): string {
  return textTokens(s).join('');
}

export type SearchQuery = { terms: string[]; keys: string[] };

/**
 * Turns what a user typed into prefix terms for the full-text index and exact keys. A query that
 * is mostly digits is also read as a phone number.
 */
export function parseQuery(q: string): SearchQuery {
  const trimmed = q.trim().slice(0, 200);
  const keys = new Set<string>();
  const glued = exactKey(trimmed);
  if (glued.length >= 2) keys.add(glued);
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length >= 6 && /^[\d\s+().\-/]+$/.test(trimmed)) {
    const phone = normalizePhone(trimmed);
    if (phone) keys.add(`tel:${phone}`);
    // A phone typed in pieces is one term, not several.
    return { terms: [digits], keys: [...keys] };
  }
  const words = trimmed.split(/\s+/).filter(Boolean);
  const terms = words.flatMap((w) => {
    const t = textTokens(w);
    // "B-1234" or "SN-2024-00" inside a query: search the glued form the document stores too.
    return t.length > 1 && /\d/.test(w) ? [t.join('')] : t;
  });
  return { terms: [...new Set(terms)].slice(0, 8), keys: [...keys] };
}
