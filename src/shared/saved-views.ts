/**
 * The saved-views API contract: a user's named filters of a list (the list's query string, as the
 * address bar holds it). Shared by the server (routes validate and document with them) and the web
 * UI (`import type` of the inferred types). No server imports.
 */
import { z } from 'zod';
import { createdUpdated } from './fields.ts';
import { idString as id } from './inputs.ts';

/** The lists a view can be saved for (the web's list pages, by their area's name). */
export const SAVED_VIEW_LISTS = ['calls', 'incidents', 'activities', 'commercial-activities', 'invoices', 'customers', 'units', 'contracts', 'items', 'projects', 'tasks', 'time'] as const;
export type SavedViewList = (typeof SAVED_VIEW_LISTS)[number];

/** Longest query string a view keeps. */
export const SAVED_VIEW_QUERY_MAX = 2000;

const list = z.enum(SAVED_VIEW_LISTS).describe('The list the view filters');
const name = z.string().trim().min(1).max(80).describe('Name shown in the "Saved views" menu; unique per user and list');
const query = z
  .string()
  .max(SAVED_VIEW_QUERY_MAX)
  // A leading "?" is how the address bar shows it; it is kept without.
  .transform((s) => s.replace(/^\?/, ''))
  .describe('The list\'s query string as in the address bar, without "?" (e.g. "view=all&type=AV"); at most 2,000 characters');

export const savedViewSchema = z.object({
  id,
  list: z.enum(SAVED_VIEW_LISTS),
  name: z.string(),
  query: z.string(),
  ...createdUpdated,
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewCreateBody = z.object({ list, name, query }).strict();
export type SavedViewCreate = z.input<typeof savedViewCreateBody>;

/** Rename a view, or keep the list's current filters under it. */
export const savedViewPatchBody = z.object({ name, query }).partial().strict();
export type SavedViewPatch = z.input<typeof savedViewPatchBody>;

export const savedViewListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100).describe('Page size (1–200)'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
  list: list.optional().describe('Only the views of this list'),
});
export type SavedViewListQuery = z.infer<typeof savedViewListQuery>;
