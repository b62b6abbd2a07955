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
  const k = migrationKit(db);
  const key = ['grain', 'day', 'dim', 'code', 'outcome'] as const;
  await k.createTable('report_call_daily', {
    ...k.each(key, k.notNull('text')),
    ...k.each(['bucket', 'n'], k.notNull(k.int)),
  }, { primaryKey: ['report_call_daily_pk', [...key, 'bucket']] });
  await k.addSummaryState('calls', 'calls');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('report_summary_state').where('name', '=', 'calls').execute();
  await db.schema.dropTable('report_call_daily').execute();
}
