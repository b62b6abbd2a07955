/**
 * Column types for migrations, per engine. Migrations import only this and Kysely, never app code,
 * so an old migration keeps working whatever the app becomes.
 */
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

export type Kit = ReturnType<typeof migrationKit>;

export function migrationKit(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const t = {
    pg,
    /** foreign keys to an id */
    ref: (pg ? 'bigint' : 'integer') as 'bigint' | 'integer',
    ts: (pg ? 'timestamptz' : 'text') as 'timestamptz' | 'text',
    date: (pg ? 'date' : 'text') as 'date' | 'text',
    bool: (pg ? 'boolean' : 'integer') as 'boolean' | 'integer',
    money: (pg ? 'bigint' : 'integer') as 'bigint' | 'integer',
    json: (pg ? 'jsonb' : 'text') as 'jsonb' | 'text',
    int: 'integer' as const,
    text: 'text' as const,
    false: pg ? sql`false` : sql`0`,
    true: pg ? sql`true` : sql`1`,
    /** Adds the surrogate primary key `id`. */
    id<TB extends string, C extends string>(tb: CreateTableBuilder<TB, C>): CreateTableBuilder<TB, C | 'id'> {
      return pg
        ? tb.addColumn('id', 'bigint', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity())
        : tb.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
    },
  };
  return t;
}
