/** Calls in a customer's timeline and in a unit's service history (when a serial number was given); listed in the area's manifest. */
import { type FeedEntry, type FeedSource } from '../customers/feeds.ts';
import { translate } from '../../i18n/messages.ts';
import type { Ctx } from '../../context.ts';
import * as repo from './calls.repository.ts';
type FeedRow = Awaited<ReturnType<typeof repo.callsBefore>>[number];

function toEntry(ctx: Ctx, r: FeedRow): FeedEntry {
  const who = r.contact_name ?? r.phone ?? r.tax_id ?? r.serial_number;
  return {
    type: 'call',
    id: String(r.id),
    at: r.registered_at,
    title: who ? `${translate(ctx.locale, 'call_feed_title')} · ${who}` : translate(ctx.locale, 'call_feed_title'),
    summary: r.description || null,
    status: r.status_code,
    pending: r.finished_at === null,
    userName: r.registered_by_name ?? null,
  };
}

export const callTimeline: FeedSource = async (ctx, customerId, { before, limit }) =>
  (await repo.callsBefore(ctx.db, { customerId }, before, limit)).map((r) => toEntry(ctx, r));

export const callHistory: FeedSource = async (ctx, unitId, { before, limit }) => (await repo.callsBefore(ctx.db, { unitId }, before, limit)).map((r) => toEntry(ctx, r));

export const callsFeeds = { customerTimeline: { call: callTimeline }, unitHistory: { call: callHistory } };
