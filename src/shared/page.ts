/** The answer of every list: one page of items and the cursor of the next (keyset pagination). */
import { z } from 'zod';

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Cursor of the next page, null at the end') });

export type Page<T> = { items: T[]; nextCursor: string | null };

/** The answer of a short list given whole (an incident's events, the reports offered…): every item, no cursor. */
export const itemsSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** The page size and cursor every list takes, spread where a list's query has them (`...pageFields`). */
export const pageFields = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200)'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
};

/** The query of a list with no filters of its own; `listQuery.extend({ … })` adds them. */
export const listQuery = z.object(pageFields);
