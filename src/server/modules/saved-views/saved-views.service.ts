/**
 * Saved views: a user's named filters of a list. Only the owner sees, renames, re-saves or deletes a
 * view (another user's id reads as not found); the name is unique per user and list (409 naming
 * `name`). Every change is audited as `saved_view`.
 */
import type { Page } from '../../../shared/page.ts';
import type { SavedView, SavedViewListQuery, savedViewCreateBody, savedViewPatchBody } from '../../../shared/saved-views.ts';
import type { z } from 'zod';
import { type Ctx, tx } from '../../context.ts';
import { isUniqueViolation, nowIso } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { toSavedView } from './saved-views.mapper.ts';
import * as repo from './saved-views.repository.ts';

/** Keyset of the list (db/pagination.ts): a cursor of another list is refused. */
const VIEWS = keyset('saved-views', 'text', 'text', 'id');

const nameTaken = () => new AppError('saved_view_name_taken', { status: 409, errors: [{ field: 'name', code: 'saved_view_name_taken' }] });

/** A unique-key race (two saves of one name at once) answers like the check before it. */
async function uniqueName<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

export async function listSavedViews(ctx: Ctx, q: SavedViewListQuery): Promise<Page<SavedView>> {
  const cursor = decodeCursor(q.cursor, VIEWS);
  const rows = await repo.listSavedViews(ctx.db, ctx.actor.userId, { list: q.list, cursor, limit: q.limit });
  return toPage(rows, q.limit, VIEWS, (r) => [r.list, r.name, Number(r.id)], toSavedView);
}

export async function getSavedView(ctx: Ctx, id: number): Promise<SavedView> {
  const row = await repo.findOwnSavedView(ctx.db, ctx.actor.userId, id);
  if (!row) throw notFound();
  return toSavedView(row);
}

export async function createSavedView(ctx: Ctx, input: z.output<typeof savedViewCreateBody>): Promise<SavedView> {
  const userId = ctx.actor.userId;
  return uniqueName(() =>
    tx(ctx, async (c) => {
      if (await repo.nameTaken(c.db, userId, input.list, input.name)) throw nameTaken();
      const now = nowIso();
      const id = await repo.insertSavedView(c.db, { user_id: userId, list: input.list, name: input.name, query: input.query, created_at: now, updated_at: now });
      await recordAudit(c, { entityType: 'saved_view', entityId: id, action: 'create', changes: { list: input.list, name: input.name, query: input.query } });
      return toSavedView((await repo.findOwnSavedView(c.db, userId, id))!);
    }),
  );
}

export async function updateSavedView(ctx: Ctx, id: number, input: z.output<typeof savedViewPatchBody>): Promise<SavedView> {
  const userId = ctx.actor.userId;
  return uniqueName(() =>
    tx(ctx, async (c) => {
      const before = await repo.findOwnSavedView(c.db, userId, id);
      if (!before) throw notFound();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (input.name !== undefined && input.name !== before.name) {
        if (await repo.nameTaken(c.db, userId, before.list, input.name, id)) throw nameTaken();
        changes.name = { from: before.name, to: input.name };
      }
      if (input.query !== undefined && input.query !== before.query) changes.query = { from: before.query, to: input.query };
      if (Object.keys(changes).length === 0) return toSavedView(before);
      await repo.updateSavedView(c.db, id, { ...(changes.name ? { name: input.name } : {}), ...(changes.query ? { query: input.query } : {}), updated_at: nowIso() });
      await recordAudit(c, { entityType: 'saved_view', entityId: id, action: 'update', changes });
      return toSavedView((await repo.findOwnSavedView(c.db, userId, id))!);
    }),
  );
}

export async function deleteSavedView(ctx: Ctx, id: number): Promise<void> {
  await tx(ctx, async (c) => {
    const before = await repo.findOwnSavedView(c.db, ctx.actor.userId, id);
    if (!before) throw notFound();
    await repo.deleteSavedView(c.db, id);
    await recordAudit(c, { entityType: 'saved_view', entityId: id, action: 'delete', changes: { list: before.list, name: before.name } });
  });
}
