import { type Kysely, sql } from 'kysely';
import { migrationKit } from '../migration-kit.ts';

/**
 * Service calendars (SLA area): working hours per weekday as JSON, holidays per date, a default
 * calendar, and a contract's service level (its calendar and its targets per priority) in a table
 * of its own so the contracts table stays as the products area made it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const k = migrationKit(db);
  await k
    .id(db.schema.createTable('service_calendars'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('week', k.json, (c) => c.notNull())
    .addColumn('is_default', k.bool, (c) => c.notNull().defaultTo(k.false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', k.ts, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_calendars_name_uq').on('service_calendars').column('name').unique().execute();

  await db.schema
    .createTable('service_calendar_holidays')
    .addColumn('calendar_id', k.ref, (c) => c.notNull().references('service_calendars.id').onDelete('cascade'))
    .addColumn('date', k.date, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_calendar_holidays_pk', ['calendar_id', 'date'])
    .execute();

  await db.schema
    .createTable('contract_service_levels')
    .addColumn('contract_id', k.ref, (c) => c.primaryKey().references('contracts.id').onDelete('cascade'))
    .addColumn('calendar_id', k.ref, (c) => c.references('service_calendars.id'))
    .addColumn('targets', k.json, (c) => c.notNull())
    .addColumn('updated_at', k.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contract_service_levels_calendar_idx').on('contract_service_levels').column('calendar_id').execute();

  // Every installation has a default calendar from the start: Monday to Friday, split shift, Madrid.
  const now = new Date().toISOString();
  const split = [
    { from: '08:00', to: '14:00' },
    { from: '15:30', to: '18:30' },
  ];
  const week = JSON.stringify([split, split, split, split, split, [], []]);
  await sql`insert into service_calendars (name, time_zone, week, is_default, version, created_at, updated_at)
    values (${'Calendario general'}, ${'Europe/Madrid'}, ${week}, ${k.pg ? sql`true` : sql`1`}, 1, ${now}, ${now})`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Restore a backup to undo the service-calendars migration.');
}
