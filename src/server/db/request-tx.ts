/**
 * A transaction that spans one whole request (opened in a hook, closed when the answer is sent):
 * used where the answer itself must be stored atomically with the work, as for Idempotency-Key.
 * `ctxOf(request)` hands it to the services, whose `tx(...)` then joins it.
 */
import type { ControlledTransaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

export type RequestTransaction = ControlledTransaction<DB>;

export function beginRequestTransaction(database: Database): Promise<RequestTransaction> {
  return database.db.startTransaction().execute();
}

export async function commitRequestTransaction(trx: RequestTransaction): Promise<void> {
  await trx.commit().execute();
}

/** Rolls back unless already finished; never throws (the connection may be gone). */
export async function rollbackRequestTransaction(trx: RequestTransaction): Promise<void> {
  if (trx.isCommitted || trx.isRolledBack) return;
  try {
    await trx.rollback().execute();
  } catch {
    // A lost connection rolls back by itself.
  }
}
