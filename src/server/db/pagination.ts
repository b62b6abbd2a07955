/**
 * Keyset pagination: the cursor carries the sort key of the last row returned, so a page is one
 * index range scan whatever its depth, and rows inserted meanwhile never shift a page.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { fieldError } from '../errors.ts';

export type Page<T> = { items: T[]; nextCursor: string | null };
export type CursorValue = string | number | null;

/**
 * What a sort value of a cursor must be, so a tampered value is a 400 on `cursor` and never reaches
 * the database as something the column cannot hold (PostgreSQL would fail the query):
 * `id` a non-negative safe integer, `int` a safe integer, `ts` an ISO-8601 UTC instant, `date`
 * YYYY-MM-DD, `text` a string of at most 500 characters.
 */
export type CursorKind = 'id' | 'int' | 'ts' | 'date' | 'text';

/**
 * One list's keyset: its name (a cursor carries it, so a cursor of another list is refused) and
 * the kind of each sort value, in `applyKeyset`'s column order.
 */
export type Keyset = { readonly list: string; readonly kinds: readonly CursorKind[] };

export function keyset(list: string, ...kinds: CursorKind[]): Keyset {
  return { list, kinds };
}

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDay(s: string): boolean {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

export function cursorValueFits(kind: CursorKind, v: unknown): boolean {
  switch (kind) {
    case 'id':
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    case 'int':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'ts':
      return typeof v === 'string' && TS.test(v) && validDay(v) && !Number.isNaN(Date.parse(v));
    case 'date':
      return typeof v === 'string' && DATE.test(v) && validDay(v);
    case 'text':
      // eslint-disable-next-line no-control-regex
      return typeof v === 'string' && v.length <= 500 && !/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v);
  }
}

export function encodeCursor(ks: Keyset, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify([ks.list, ...values])).toString('base64url');
}

/** The sort values of a cursor of this list; a 400 on `cursor` for anything else. */
export function decodeCursor(cursor: string | undefined | null, ks: Keyset): CursorValue[] | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === ks.kinds.length + 1 && v[0] === ks.list) {
      const values = v.slice(1);
      if (values.every((x, i) => cursorValueFits(ks.kinds[i]!, x))) return values as CursorValue[];
    }
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

/** Cuts the extra row fetched by applyKeyset and builds the next cursor (of list `ks`) from the last row kept. */
export function toPage<R, T>(rows: R[], limit: number, ks: Keyset, cursorOf: (row: R) => CursorValue[], map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: kept.map(map),
    nextCursor: hasMore && kept.length ? encodeCursor(ks, cursorOf(kept[kept.length - 1]!)) : null,
  };
}
