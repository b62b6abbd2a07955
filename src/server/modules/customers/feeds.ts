/**
 * Feeds that gather records of several areas: a customer's timeline and a unit's service history.
 * Each area registers a source once at import time (calls, activities, incidents, invoices…); the
 * feed merges them newest first.
 *
 * A source answers the entries strictly before `before`, newest first (ties by id, newest first),
 * at most `limit`. The cursor carries the timestamp of the last entry returned plus the entries
 * already returned at exactly that timestamp, so entries sharing a timestamp (units sold the same
 * day) are neither lost nor repeated across pages.
 */
import type { Ctx } from '../../context.ts';
import type { Queryable } from '../../db/handles.ts';
import { cursorValueFits, type Page } from '../../db/pagination.ts';
import { fieldError } from '../../errors.ts';

export type FeedEntry = {
  /** 'call', 'activity', 'incident', 'task', 'time_entry', 'invoice', 'unit', 'contact'… */
  type: string;
  id: string;
  /** When it happened (ISO-8601 UTC); the feed sorts on it. */
  at: string;
  title: string;
  summary?: string | null;
  /** Status text or code to show as a badge. */
  status?: string | null;
  pending?: boolean;
  userName?: string | null;
};

export type FeedSource = (ctx: Ctx, ownerId: number, opts: { before?: string; limit: number }) => Promise<FeedEntry[]>;

/**
 * A feed source from a repository read of the owner's rows and what an entry of one row shows: the
 * entry's type is the source's and its id the row's, so no source writes them again.
 */
export function feedOf<R extends { id: number }>(
  type: string,
  read: (db: Queryable, ownerId: number, opts: { before?: string; limit: number }) => Promise<R[]>,
  entry: (r: R, ctx: Ctx) => Omit<FeedEntry, 'type' | 'id'>,
): FeedSource {
  return async (ctx, ownerId, opts) => (await read(ctx.db, ownerId, opts)).map((r) => ({ type, id: String(r.id), ...entry(r, ctx) }));
}

const keyOf = (e: FeedEntry) => `${e.type}:${e.id}`;

/** Newest first; ties by type, then id newest first (numeric ids compare as numbers). */
export function compareEntries(a: FeedEntry, b: FeedEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  const na = Number(a.id);
  const nb = Number(b.id);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return nb - na;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Names a feed cursor, so a cursor of another list is refused (as db/pagination.ts does for keysets). */
const FEED_TAG = 'feed';

function encodeFeedCursor(at: string, seen: string[]): string {
  return Buffer.from(JSON.stringify([FEED_TAG, at, ...seen])).toString('base64url');
}

function decodeFeedCursor(cursor: string | undefined): { at: string; seen: Set<string> } | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v[0] === FEED_TAG && cursorValueFits('ts', v[1]) && v.length <= 1000 && v.slice(2).every((x) => cursorValueFits('text', x))) {
      return { at: v[1], seen: new Set(v.slice(2)) };
    }
  } catch {
    // fall through
  }
  throw fieldError('cursor', 'invalid_cursor');
}

/** For sources keyed on a date column: entries are stamped at UTC midnight of that date. */
export function dateBound(before: string | undefined): { beforeDate?: string; inclusive: boolean } {
  if (!before) return { inclusive: false };
  const day = before.slice(0, 10);
  return { beforeDate: day, inclusive: before > `${day}T00:00:00.000Z` };
}

export function createFeed() {
  const sources = new Map<string, FeedSource>();
  return {
    register(name: string, source: FeedSource) {
      sources.set(name, source);
    },
    names(): string[] {
      return [...sources.keys()];
    },
    async read(ctx: Ctx, ownerId: number, opts: { cursor?: string; limit: number; types?: string[] }): Promise<Page<FeedEntry>> {
      const cursor = decodeFeedCursor(opts.cursor);
      // Ask for the cursor's own timestamp too (1 ms later, exclusive) and drop what was already
      // sent; one more than the page to know whether another page follows.
      const before = cursor ? new Date(Date.parse(cursor.at) + 1).toISOString() : undefined;
      const extra = (cursor?.seen.size ?? 0) + 1;
      const chosen = [...sources.entries()].filter(([name]) => !opts.types?.length || opts.types.includes(name));
      const batches = await Promise.all(chosen.map(([, source]) => source(ctx, ownerId, { before, limit: opts.limit + extra })));
      const merged = batches
        .flat()
        .filter((e) => !cursor || e.at < cursor.at || (e.at === cursor.at && !cursor.seen.has(keyOf(e))))
        .sort(compareEntries);
      const items = merged.slice(0, opts.limit);
      if (merged.length <= opts.limit || !items.length) return { items, nextCursor: null };
      const lastAt = items[items.length - 1].at;
      const seen = items.filter((e) => e.at === lastAt).map(keyOf);
      if (cursor && cursor.at === lastAt) seen.push(...cursor.seen);
      return { items, nextCursor: encodeFeedCursor(lastAt, seen) };
    },
  };
}

/** Everything about a customer, newest first. */
export const customerTimeline = createFeed();
/** Every incident, activity and call that named a unit, newest first. */
export const unitHistory = createFeed();
