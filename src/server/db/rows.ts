/**
 * The plain writes every repository makes — insert a row and answer its new id, change the row of
 * an id, insert many rows in batches — written once. A repository keeps its named, typed function
 * (`insertCustomer`…) and delegates here; a write with anything more (companion rows, a returning
 * clause of other columns, a conflict rule) stays in the repository.
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Queryable } from './handles.ts';
import type { DB } from './schema.ts';

/** The tables whose rows have an `id` the database assigns. */
export type TableWithId = { [T in keyof DB]: DB[T] extends { id: unknown } ? T : never }[keyof DB];

/** Inserts one row and answers its id. */
export async function insertReturningId<T extends TableWithId>(db: Queryable, table: T, row: Insertable<DB[T]>): Promise<number> {
  const { id } = await (db as Kysely<any>).insertInto(table).values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

/** Sets the given columns of the row with that id. */
export async function updateById<T extends TableWithId>(db: Queryable, table: T, id: number, set: Updateable<DB[T]>): Promise<void> {
  await (db as Kysely<any>).updateTable(table as string).set(set as Record<string, unknown>).where('id', '=', id).execute();
}

/** Inserts rows 500 at a time (under both engines' bound-parameter limits) and answers their ids in the rows' order. */
export async function insertManyReturningIds<T extends TableWithId>(db: Queryable, table: T, rows: Insertable<DB[T]>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const r = await (db as Kysely<any>).insertInto(table).values(rows.slice(i, i + 500)).returning('id').execute();
    ids.push(...r.map((x: { id: unknown }) => Number(x.id)).sort((a: number, b: number) => a - b));
  }
  return ids;
}
