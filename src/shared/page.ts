/** The answer of every list: one page of items and the cursor of the next (keyset pagination). */
import { z } from 'zod';

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Cursor of the next page, null at the end') });

export type Page<T> = { items: T[]; nextCursor: string | null };
