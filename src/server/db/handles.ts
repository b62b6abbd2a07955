/**
 * The types every database user shares — the engine's name, a query runner, an open database —
 * kept apart from the code that makes them (database.ts, dialect.ts, signals.ts), which all need
 * them and would otherwise import each other.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** A query runner: the database itself or a transaction, so repositories work inside either. */
export type Queryable = Kysely<DB> | Transaction<DB>;

export type Database = {
  db: Kysely<DB>;
  dialect: DialectName;
  /** The connection string (PostgreSQL), for the signals listener. */
  url?: string;
  destroy(): Promise<void>;
};
