/**
 * Feeds that gather records of several areas: a customer's timeline and a unit's service history.
 * Each area registers a source once at import time (calls, activities, incidents, invoices…); the
 * feed merges them newest first. The cursor is the timestamp of the last entry returned.
 */
import type { Ctx } from '../../context.ts';
import { decodeCursor, encodeCursor, type Page } from '../../db/pagination.ts';

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

export function createFeed() {
  const sources = new Map<string, FeedSource>();
  return {
    register(name: string, source: FeedSource) {
      sources.set(name, source);
    },
    async read(ctx: Ctx, ownerId: number, opts: { cursor?: string; limit: number; types?: string[] }): Promise<Page<FeedEntry>> {
      const before = decodeCursor(opts.cursor, 1)?.[0] as string | undefined;
      const chosen = [...sources.entries()].filter(([name]) => !opts.types?.length || opts.types.includes(name));
      const batches = await Promise.all(chosen.map(([, source]) => source(ctx, ownerId, { before, limit: opts.limit })));
      const merged = batches.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
      const items = merged.slice(0, opts.limit);
      const more = merged.length > opts.limit;
      return { items, nextCursor: more && items.length ? encodeCursor([items[items.length - 1].at]) : null };
    },
  };
}

/** Everything about a customer, newest first. */
export const customerTimeline = createFeed();
/** Every incident, activity and call that named a unit, newest first. */
export const unitHistory = createFeed();
