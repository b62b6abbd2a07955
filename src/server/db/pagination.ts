/**
 * Keyset pagination: the cursor carries the sort key of the last row returned, so a page is one
 * index range scan whatever its depth, and rows inserted meanwhile never shift a page.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { fieldError } from '../errors.ts';

export type Page<T> = { items: T[]; nextCursor: string | null };
export type CursorValue = string | number | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null, length: number): CursorValue[] | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === length && v.every((x) => x === null || ['string', 'number'].includes(typeof x))) return v;
  } catch {
    // fall through to the validation error
  }
  throw fieldError('cursor', 'invalid_cursor');
}

/**
 * Adds `ORDER BY cols… LIMIT limit+1` and, when a cursor is given, `WHERE (cols) > (values)`
 * (or `<` for descending). All columns sort in the same direction; the last one must be unique.
 * Sort columns must be NOT NULL.
 */
export function applyKeyset<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  opts: { columns: string[]; direction: 'asc' | 'desc'; cursor?: CursorValue[]; limit: number },
): SelectQueryBuilder<DB, TB, O> {
  let q = qb;
  if (opts.cursor) {
    const cols = sql.join(opts.columns.map((c) => sql.ref(c)));
    const vals = sql.join(opts.cursor.map((v) => sql`${v}`));
    q = q.where(sql<boolean>`(${cols}) ${sql.raw(opts.direction === 'asc' ? '>' : '<')} (${vals})`);
  }
  for (const c of opts.columns) q = q.orderBy(sql.ref(c), opts.direction);
  return q.limit(opts.limit + 1);
}

/** Cuts the extra row fetched by applyKeyset and builds the next cursor from the last row kept. */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => CursorValue[], map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: kept.map(map),
    nextCursor: hasMore && kept.length ? encodeCursor(cursorOf(kept[kept.length - 1])) : null,
  };
}
