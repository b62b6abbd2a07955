import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';

/**
 * PostgreSQL's plan for `q` as a prepared statement's GENERIC plan (what a pooled connection settles on after five
 * runs): EXPLAIN EXECUTE of the statement PREPAREd with `plan_cache_mode = force_generic_plan` and sequential scans
 * off, inside a transaction that is rolled back, so whatever `before` did in it (dropping indexes) is undone.
 */
export async function pgGenericPlan(db: Kysely<any>, q: { sql: string; parameters: readonly unknown[] }, before?: (trx: Transaction<any>) => Promise<void>): Promise<string> {
  const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  const rollback = new Error('rollback');
  let plan = '';
  await db
    .transaction()
    .execute(async (trx) => {
      await before?.(trx);
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
      await trx.executeQuery(CompiledQuery.raw(`prepare rv_generic as ${q.sql}`));
      const args = q.parameters.length ? `(${q.parameters.map(literal).join(', ')})` : '';
      const rows = (await trx.executeQuery(CompiledQuery.raw(`explain execute rv_generic${args}`))).rows as Array<Record<string, string>>;
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      await trx.executeQuery(CompiledQuery.raw('deallocate rv_generic'));
      throw rollback;
    })
    .catch((e) => {
      if (e !== rollback) throw e;
    });
  return plan;
}
