/**
 * Column kinds shared by every area's `<area>.tables.ts`. Booleans are `number | boolean` because
 * SQLite stores 0/1; timestamps and dates are strings in both engines (see dialect.ts).
 */
import type { ColumnType, Generated } from 'kysely';

export type Bool = ColumnType<boolean | number, boolean | undefined, boolean>;
export type Json = ColumnType<unknown, string, string>;
export type Id = Generated<number>;

/** An optional foreign key as the API writes ids: a string, or null. */
export const idOrNull = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));
