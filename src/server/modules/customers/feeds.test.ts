import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../context.ts';
import { createFeed, dateBound, type FeedEntry } from './feeds.ts';

/** A source over a fixed list that honours the contract: strictly before `before`, newest first. */
function listSource(type: string, entries: Array<[id: number, at: string]>) {
  return async (_ctx: Ctx, _owner: number, opts: { before?: string; limit: number }): Promise<FeedEntry[]> =>
    entries
      .map(([id, at]) => ({ type, id: String(id), at, title: `${type} ${id}` }))
      .filter((e) => !opts.before || e.at < opts.before)
      .sort((a, b) => (a.at === b.at ? Number(b.id) - Number(a.id) : a.at < b.at ? 1 : -1))
      .slice(0, opts.limit);
}

const T = (h: number) => `2024-05-10T${String(h).padStart(2, '0')}:00:00.000Z`;

describe('feeds', () => {
  const feed = createFeed();
  feed.register('call', listSource('call', [[1, T(9)], [2, T(10)], [3, T(10)], [4, T(10)], [5, T(8)]]));
  feed.register('unit', listSource('unit', [[7, T(10)], [8, T(10)], [9, T(7)]]));
  const ctx = {} as Ctx;

  async function readAll(limit: number, types?: string[]) {
    const out: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = await feed.read(ctx, 1, { limit, cursor, types });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      out.push(...page.items.map((e) => `${e.type}:${e.id}`));
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
    throw new Error('no end');
  }

  const expected = ['call:4', 'call:3', 'call:2', 'unit:8', 'unit:7', 'call:1', 'call:5', 'unit:9'];
  it.each([1, 2, 3, 4, 5, 8, 20])('pages of %i give every entry once, newest first, ties included', async (limit) => {
    expect(await readAll(limit)).toEqual(expected);
  });

  it('filters by type', async () => {
    expect(await readAll(2, ['unit'])).toEqual(['unit:8', 'unit:7', 'unit:9']);
  });

  it('refuses a forged cursor', async () => {
    await expect(feed.read(ctx, 1, { limit: 2, cursor: 'bm9wZQ' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it.each([
    [undefined, { inclusive: false }],
    ['2024-05-10T00:00:00.000Z', { beforeDate: '2024-05-10', inclusive: false }],
    ['2024-05-10T00:00:00.001Z', { beforeDate: '2024-05-10', inclusive: true }],
    ['2024-05-10T13:45:00.000Z', { beforeDate: '2024-05-10', inclusive: true }],
  ])('date-keyed sources read before %s as %o', (before, bound) => {
    expect(dateBound(before)).toEqual(bound);
  });
});
