/**
 * Column types for migrations, per engine, and tables and indexes declared as data. Migrations
 * import only this and Kysely, never app code, so an old migration keeps working whatever the app
 * becomes — and so nothing here may change the SQL it produces for a migration that has run
 * (`scripts/migration-schema-dump.ts` shows every statement, the schema and the rows, per engine).
 */
import {
  type ColumnDefinitionBuilder,
  type ComparisonOperatorExpression,
  type CreateIndexBuilder,
  type CreateTableBuilder,
  type Expression,
  type Kysely,
  PostgresAdapter,
  type SqlBool,
  sql,
} from 'kysely';

export type Kit = ReturnType<typeof migrationKit>;

/** A column type: `'text'`, `k.ts`… */
export type DataTypeExpression = Parameters<CreateTableBuilder<string, string>['addColumn']>[1];

/** A column: its type alone (nullable, no default), or its type and what it must hold. */
export type Column = DataTypeExpression | ColumnSpec;
export type ColumnSpec = {
  type: DataTypeExpression;
  notNull?: boolean;
  unique?: boolean;
  primaryKey?: boolean;
  /** The surrogate key `id` (see `Kit.id`). */
  identity?: boolean;
  default?: unknown;
  /** `table.column` */
  references?: string;
  onDelete?: 'cascade';
  check?: Expression<any>;
};

/** An index: its columns in order, or its columns and whether it is unique or partial. */
export type Index = string[] | { columns: string[]; unique?: boolean; where?: Expression<SqlBool> | [string | Expression<any>, ComparisonOperatorExpression, unknown] };

/** What a table has besides its columns, each applied in this order after them. */
export type TableOptions = {
  primaryKey?: [name: string, columns: string[]];
  unique?: [name: string, columns: string[]];
  check?: [name: string, expression: Expression<any>];
  /** Created right after the table, in the order given. */
  indexes?: Record<string, Index>;
};

function isSpec(column: Column): column is ColumnSpec {
  return typeof column === 'object' && column !== null && 'type' in column;
}

export function migrationKit(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const defineColumn = (spec: ColumnSpec) => (c: ColumnDefinitionBuilder) => {
    if (spec.identity) c = pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
    if (spec.primaryKey) c = c.primaryKey();
    if (spec.references) c = c.references(spec.references);
    if (spec.onDelete) c = c.onDelete(spec.onDelete);
    if (spec.notNull) c = c.notNull();
    if (spec.unique) c = c.unique();
    if (spec.default !== undefined) c = c.defaultTo(spec.default);
    if (spec.check) c = c.check(spec.check);
    return c;
  };
  const createIndex = async (table: string, name: string, index: Index) => {
    const { columns, unique, where } = Array.isArray(index) ? { columns: index } : index;
    let builder: CreateIndexBuilder<any> = db.schema.createIndex(name).on(table).columns(columns);
    if (unique) builder = builder.unique();
    if (where) builder = Array.isArray(where) ? builder.where(...(where as [string, ComparisonOperatorExpression, unknown])) : builder.where(where);
    await builder.execute();
  };
  const ref = (pg ? 'bigint' : 'integer') as 'bigint' | 'integer';
  const ts = (pg ? 'timestamptz' : 'text') as 'timestamptz' | 'text';
  const bool = (pg ? 'boolean' : 'integer') as 'boolean' | 'integer';
  const yes = pg ? sql`true` : sql`1`;
  const no = pg ? sql`false` : sql`0`;
  const notNull = (type: DataTypeExpression, more: Omit<ColumnSpec, 'type'> = {}): ColumnSpec => ({ type, notNull: true, ...more });
  const identity: ColumnSpec = { type: ref, identity: true };
  const t = {
    pg,
    /** foreign keys to an id */
    ref,
    ts,
    date: (pg ? 'date' : 'text') as 'date' | 'text',
    bool,
    money: (pg ? 'bigint' : 'integer') as 'bigint' | 'integer',
    json: (pg ? 'jsonb' : 'text') as 'jsonb' | 'text',
    blob: (pg ? 'bytea' : 'blob') as 'bytea' | 'blob',
    int: 'integer' as const,
    text: 'text' as const,
    false: no,
    true: yes,
    /** Adds the surrogate primary key `id`. */
    id<TB extends string, C extends string>(tb: CreateTableBuilder<TB, C>): CreateTableBuilder<TB, C | 'id'> {
      return tb.addColumn('id', identity.type, defineColumn(identity));
    },
    /** The surrogate primary key, as a column of `createTable` (what `id` adds). */
    identity,
    /** A column that must hold a value; `more` adds a default, a uniqueness rule, a reference… */
    notNull,
    primaryKey: (type: DataTypeExpression): ColumnSpec => ({ type, primaryKey: true }),
    /** A foreign key to `table.id`; `notNull` and the rest in `more`. */
    fk: (table: string, more: Omit<ColumnSpec, 'type' | 'references'> = {}): ColumnSpec => ({ type: ref, references: `${table}.id`, ...more }),
    /** A required flag, true unless set otherwise (`active`). */
    on: notNull(bool, { default: yes }),
    /** A required flag, false unless set otherwise. */
    off: notNull(bool, { default: no }),
    /** The same column under each of `names`, in that order (`...k.each(['due_at', 'warn_at'], k.ts)`). */
    each: (names: readonly string[], column: Column): Record<string, Column> => Object.fromEntries(names.map((name) => [name, column])),
    /** `created_at` and `updated_at`, both required. */
    stamps: { created_at: notNull(ts), updated_at: notNull(ts) },
    /** `created_at`, `created_by` (null for the system) and `updated_at`. */
    authored: { created_at: notNull(ts), created_by: ref, updated_at: notNull(ts) } as Record<string, Column>,
    /** Creates `name` with `columns` in the order given, then its constraints, then its `indexes`. */
    async createTable(name: string, columns: Record<string, Column>, options: TableOptions = {}): Promise<void> {
      let builder: CreateTableBuilder<string, string> = db.schema.createTable(name);
      for (const [column, def] of Object.entries(columns)) {
        builder = isSpec(def) ? builder.addColumn(column, def.type, defineColumn(def)) : builder.addColumn(column, def);
      }
      if (options.primaryKey) builder = builder.addPrimaryKeyConstraint(...options.primaryKey);
      if (options.unique) builder = builder.addUniqueConstraint(...options.unique);
      if (options.check) builder = builder.addCheckConstraint(...options.check);
      await builder.execute();
      await t.createIndexes(name, options.indexes ?? {});
    },
    /** Creates the indexes of `table`, in the order given. */
    async createIndexes(table: string, indexes: Record<string, Index>): Promise<void> {
      for (const [name, index] of Object.entries(indexes)) await createIndex(table, name, index);
    },
    /** Drops `tables` in the order given. */
    async dropTables(tables: string[], opts: { ifExists?: boolean } = {}): Promise<void> {
      for (const table of tables) await (opts.ifExists ? db.schema.dropTable(table).ifExists() : db.schema.dropTable(table)).execute();
    },
    /**
     * The `report_summary_state` row of a summary kept on write (modules/reports): built on a
     * database without `source` rows; one with them reads the source until
     * `atiende reports rebuild --only <name>` has run.
     */
    async addSummaryState(name: string, source: string): Promise<void> {
      const any = await db.selectFrom(source).select('id').limit(1).executeTakeFirst();
      await db
        .insertInto('report_summary_state')
        .values({ name, time_zone: process.env.ATIENDE_TIME_ZONE || 'Europe/Madrid', built_at: any ? null : new Date().toISOString(), next_id: 0 })
        .execute();
    },
  };
  return t;
}
