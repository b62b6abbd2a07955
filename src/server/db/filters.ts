/**
 * List filters as data: which column (or condition) each filter of a query narrows, applied in
 * the order named. For repositories only (the SQL stays there).
 */
import type { ExpressionBuilder, SelectQueryBuilder, SqlBool, Expression } from 'kysely';

/** A column equal to the value, or a condition built from the value (e.g. an EXISTS). */
export type FilterOn = string | ((value: any) => (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>);

/**
 * The filters of `f` that are given (not undefined: false, 0 and '' are values), each on what `on`
 * names for it, in that order; a filter `on` leaves out does not apply to the query.
 */
export function whereGiven<Q extends SelectQueryBuilder<any, any, any>>(query: Q, f: object, on: Record<string, FilterOn>): Q {
  let q = query as SelectQueryBuilder<any, any, any>;
  const given = f as Record<string, unknown>;
  for (const [name, column] of Object.entries(on)) {
    const v = given[name];
    if (v === undefined) continue;
    q = typeof column === 'string' ? q.where(column, '=', v) : q.where(column(v));
  }
  return q as Q;
}
