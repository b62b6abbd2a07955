import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * The calls report's summary, kept on write (modules/reports/call-summaries.service.ts) so a year's
 * calls report at 1,000,000 calls reads a few thousand rows instead of the calls:
 * `report_call_daily`, per grain (`d`: the registration day in the summaries' time zone, `m`: its
 * month, so a year reads eleven months and the edge days) × dimension (`t`: call type, with the
 * kind of action that finished it as `outcome`; `d`: destination `u:<user>` / `g:<group>`) × code ×
 * outcome × duration bucket (time to finish, summaries.rules.ts `timeBucket`; -1: still pending),
 * how many calls (upserts `n = n + d` in the call's transaction, never read-modify-write).
 * Its `report_summary_state` row `calls`: built on an empty database; one with calls in it reads the
 * calls until `atiende reports rebuild --only calls` has run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = migrationKit(db);
  await db.schema
    .createTable('report_call_daily')
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('bucket', t.int, (c) => c.notNull())
    .addColumn('n', t.int, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_call_daily_pk', ['grain', 'day', 'dim', 'code', 'outcome', 'bucket'])
    .execute();
  const any = await db.selectFrom('calls').select('id').limit(1).executeTakeFirst();
  await db
    .insertInto('report_summary_state')
    .values({ name: 'calls', time_zone: process.env.ATIENDE_TIME_ZONE || 'Europe/Madrid', built_at: any ? null : new Date().toISOString(), next_id: 0 })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('report_summary_state').where('name', '=', 'calls').execute();
  await db.schema.dropTable('report_call_daily').execute();
}
