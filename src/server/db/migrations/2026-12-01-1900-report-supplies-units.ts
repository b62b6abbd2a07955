import type { Kysely } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * The last two root-cause figures at 1,000,000 incidents and units, kept on write
 * (modules/reports/stock-summaries.service.ts):
 * - `report_free_supplies`: the supply lines of warranty and courtesy incidents per grain (`d`: the
 *   day the line was added, in ATIENDE_TIME_ZONE; `m`: its month) × item × case type: how many lines
 *   and their cost (each line's quantity × cost rounded to the cent). Changed when a line is added,
 *   changed or removed and when an incident's case type changes.
 * - `report_units_in_service`: active units per item and month of sale (`YYYY-MM`). Changed when a
 *   unit is created or changed (item, sale date, active).
 * Their `report_summary_state` rows (`free-supplies`, `units-in-service`): built on an empty
 * database; one with supply lines or units in it reads the source rows until
 * `atiende reports rebuild --only free-supplies` / `--only units-in-service` has run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = migrationKit(db);
  await db.schema
    .createTable('report_free_supplies')
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('item_id', t.ref, (c) => c.notNull())
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('lines', t.ref, (c) => c.notNull())
    .addColumn('cost', t.money, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_free_supplies_pk', ['grain', 'period', 'item_id', 'case_type'])
    .execute();
  await db.schema
    .createTable('report_units_in_service')
    .addColumn('item_id', t.ref, (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('n', t.ref, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_units_in_service_pk', ['item_id', 'month'])
    .execute();
  const zone = process.env.ATIENDE_TIME_ZONE || 'Europe/Madrid';
  const now = new Date().toISOString();
  const supplies = await db.selectFrom('incident_supplies').select('id').limit(1).executeTakeFirst();
  const units = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  await db
    .insertInto('report_summary_state')
    .values([
      { name: 'free-supplies', time_zone: zone, built_at: supplies ? null : now, next_id: 0 },
      { name: 'units-in-service', time_zone: zone, built_at: units ? null : now, next_id: 0 },
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('report_summary_state').where('name', 'in', ['free-supplies', 'units-in-service']).execute();
  await db.schema.dropTable('report_units_in_service').execute();
  await db.schema.dropTable('report_free_supplies').execute();
}
