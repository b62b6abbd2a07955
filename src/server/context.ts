import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database, Queryable } from './db/database.ts';
import { type DialectName, writeTransaction } from './db/dialect.ts';
import type { DB } from './db/schema.ts';
import type { Locale } from './i18n/messages.ts';
import { type Actor, SYSTEM_ACTOR } from './modules/auth/actor.ts';

/**
 * What every service function receives: who acts, in which language, and where to read and write.
 * `db` is the database or, inside `tx`, the open transaction, so one service can call another and
 * both write in the same transaction.
 */
export type Ctx = {
  db: Queryable;
  dialect: DialectName;
  actor: Actor;
  locale: Locale;
  config: Config;
  /** Work to run after the outermost transaction commits (wake the mailer…). */
  afterCommit: Array<() => void>;
  /**
   * The clock of the request when it is not the system's: only an app built in-process with
   * `buildApp({ clock })` has one (the demo loader, on an empty database, issues its billing history
   * "as of" past days). No HTTP input can set it. Read it with `nowOf(ctx)`.
   */
  now?: () => Date;
  /**
   * Set inside a transaction that writes no configuration (an incident's intake): its reads of
   * configuration (catalog entries, user and group names) may come from the in-memory caches of
   * this database (db/config-cache.ts) instead of the transaction, as they would outside it.
   */
  configDb?: Queryable;
  /**
   * Set inside one write of a group commit (db/group-commit.ts `groupedTx`): work a hook may leave to
   * the end of the group, done once for the whole group just before its COMMIT (`atGroupEnd`).
   */
  groupEnd?: GroupEnd;
};

/** The work one write of a group left for the group's end, by batch (db/group-commit.ts). */
export type GroupEnd = { open: boolean; batches: Map<GroupBatch<never>, { ctx: Ctx; items: unknown[] }> };
/** Work gathered across a group's writes and done once for all of them, inside the group's transaction. */
export type GroupBatch<T> = { name: string; run: (ctx: Ctx, items: T[]) => Promise<void> };

/** The current instant for the services that honour an injected clock (billing). */
export function nowOf(ctx: Pick<Ctx, 'now'>): Date {
  return ctx.now ? ctx.now() : new Date();
}

export async function tx<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  // SQLite with several processes: waits for another process's write without blocking the event loop.
  const result = await writeTransaction(ctx.db as Kysely<DB>, (trx) => fn({ ...ctx, db: trx }));
  for (const job of ctx.afterCommit.splice(0)) job();
  return result;
}

export function systemCtx(database: Database, config: Config): Ctx {
  return { db: database.db, dialect: database.dialect, actor: SYSTEM_ACTOR, locale: 'es', config, afterCommit: [] };
}
