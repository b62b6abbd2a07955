/**
 * Tops up the bench dataset with technical activities and time entries, for the activities and
 * time reports (bench/reports.ts) to mean something at scale: the core and area data
 * (generate.ts, areas-data.ts) hold none. Idempotent: it adds only what is missing up to the
 * targets and touches no other table (the rest of the dataset is never rebuilt).
 *
 * - 1,000,000 technical activities over four years (origin, problem type and solution type from
 *   the bench catalogues, the last weeks mostly pending), ~20 % with an automatic action run
 *   (~8 % of those failed, with a reason);
 * - 2,000 projects on 1,500 customers and 1,000,000 time entries over four years by the 60 bench
 *   agents, two thirds on a project, the rest on one of 5,000 customers.
 *
 *   nice -n 19 node --import tsx bench/activities-data.ts --engine sqlite --file /work/wt-speed/bench/data/bench.db
 *   nice -n 19 node --import tsx bench/activities-data.ts --engine postgres --url postgres://postgres@127.0.0.1:5432/atiende_bench
 */
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from '../src/server/config.ts';
import { ensureCatalog, ensurePeople } from './calls.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { DEFAULT_SQLITE_FILE, maxId, rng } from './generate.ts';
import { type Bulk, openBulk } from './lib/bulk.ts';
import { fmt, Progress } from './lib/progress.ts';

const DAY = 86_400_000;
const YEARS4 = 4 * 365 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

const ORIGINS = ['TE', 'TE', 'TE', 'EM', 'WE', 'VI'];
const PROBLEMS = ['CE', 'EL', 'EL', 'IN', 'NE', 'RB', 'RU', 'US'];
const SOLUTIONS = ['LL', 'LL', 'PR', 'RT', 'SA', 'VT'];
const ACTION_KINDS = ['create_incident', 'email_customer', 'notify_user', 'schedule_callback', 'create_task'];
const FAILURES = ['El cliente no tiene e-mail', 'Sin destinatario', 'La unidad no está en servicio', 'Tiempo de espera agotado'];
const BATCH = 5_000;

async function count(bulk: Bulk, table: string): Promise<number> {
  const [r] = await bulk.query<{ n: number | string }>(`select count(*) as n from ${table}`);
  return Number(r.n);
}

/** Loads rows in batches inside one transaction per batch; the table's indexes are rebuilt once after when it was empty. */
async function load(bulk: Bulk, table: string, columns: string[], total: number, make: (k: number) => unknown[][]) {
  const empty = (await count(bulk, table)) === 0;
  const recreate = empty ? await bulk.dropIndexes([table]) : [];
  const progress = new Progress(table, total);
  for (let k = 0; k < total; k += BATCH) {
    const rows = make(k);
    await bulk.transaction(() => bulk.insert(table, columns, rows));
    progress.tick(Math.min(BATCH, total - k));
  }
  progress.finish();
  for (const statement of recreate) await bulk.exec(statement);
}

async function topUpActivities(bulk: Bulk, target: number, users: number[], now: number, random: () => number) {
  const have = await count(bulk, 'activities');
  const n = target - have;
  if (n <= 0) return console.log(`activities: ${fmt(have)} already there`);
  const customers = (await bulk.query<{ id: number }>('select id from customers order by id limit 20000')).map((r) => Number(r.id));
  let activityId = await maxId(bulk, 'activities');
  let actionId = await maxId(bulk, 'activity_actions');
  const start = now - YEARS4;
  const actions: unknown[][] = [];
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  await load(
    bulk,
    'activities',
    ['id', 'registered_at', 'registered_by', 'status_code', 'pending', 'customer_id', 'origin_code', 'problem_type_code', 'problem', 'solution_type_code', 'solution', 'updated_at'],
    n,
    (k) => {
      const rows: unknown[][] = [];
      for (let j = k; j < Math.min(n, k + BATCH); j++) {
        const at = start + ((YEARS4 - DAY) * j) / n;
        const pending = j > n * 0.99 ? random() < 0.6 : random() < 0.02;
        const solution = pending ? null : pick(SOLUTIONS);
        const id = ++activityId;
        rows.push([id, iso(at), pick(users), pending ? 'EP' : 'RE', bulk.bool(pending), pick(customers), pick(ORIGINS), pick(PROBLEMS), 'El equipo no arranca', solution, solution ? 'Revisado y ajustado' : null, iso(at)]);
        if (solution && random() < 0.2) {
          const failed = random() < 0.08;
          actions.push([++actionId, id, solution, pick(ACTION_KINDS), failed ? 'failed' : 'done', failed ? pick(FAILURES) : null, iso(at + 60_000), pick(users)]);
        }
      }
      return rows;
    },
  );
  const columns = ['id', 'activity_id', 'solution_type_code', 'kind', 'status', 'error', 'ran_at', 'ran_by'];
  await load(bulk, 'activity_actions', columns, actions.length, (k) => actions.slice(k, k + BATCH));
}

async function topUpTime(bulk: Bulk, target: number, users: number[], now: number, random: () => number) {
  const nowIso = iso(now);
  const [{ n: projects }] = await bulk.query<{ n: number | string }>("select count(*) as n from projects where code like 'BP-%'");
  if (Number(projects) === 0) {
    const owners = (await bulk.query<{ id: number }>('select id from customers order by id limit 1500')).map((r) => Number(r.id));
    const rows = Array.from({ length: 2000 }, (_, i) => [`BP-${String(i + 1).padStart(5, '0')}`, `Proyecto ${i + 1}`, owners[i % owners.length], i % 5 === 0 ? 'commercial' : 'production', bulk.bool(i % 7 !== 0), nowIso, nowIso]);
    await bulk.transaction(() => bulk.insert('projects', ['code', 'name', 'customer_id', 'kind', 'active', 'created_at', 'updated_at'], rows));
  }
  const have = await count(bulk, 'time_entries');
  const n = target - have;
  if (n <= 0) return console.log(`time entries: ${fmt(have)} already there`);
  const projectRows = (await bulk.query<{ id: number; customer_id: number }>("select id, customer_id from projects where code like 'BP-%' order by id")).map((r) => [Number(r.id), Number(r.customer_id)] as const);
  const customers = (await bulk.query<{ id: number }>('select id from customers order by id limit 5000')).map((r) => Number(r.id));
  const start = now - YEARS4;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  await load(bulk, 'time_entries', ['user_id', 'date', 'minutes', 'text', 'customer_id', 'project_id', 'created_at', 'updated_at'], n, (k) => {
    const rows: unknown[][] = [];
    for (let j = k; j < Math.min(n, k + BATCH); j++) {
      const at = start + ((YEARS4 - DAY) * j) / n;
      const project = random() < 0.67 ? pick(projectRows) : null;
      const user = pick(users);
      rows.push([user, iso(at).slice(0, 10), 15 * (1 + Math.floor(random() * 16)), 'Visita y revisión', project ? project[1] : pick(customers), project ? project[0] : null, iso(at), iso(at)]);
    }
    return rows;
  });
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      engine: { type: 'string', default: 'sqlite' },
      url: { type: 'string' },
      file: { type: 'string', default: DEFAULT_SQLITE_FILE },
      activities: { type: 'string', default: '1000000' },
      'time-entries': { type: 'string', default: '1000000' },
    },
  });
  if (args.engine === 'postgres' && !args.url) throw new Error('--url is required for postgres');
  const config: DatabaseConfig = args.engine === 'postgres' ? { dialect: 'postgres', url: args.url! } : { dialect: 'sqlite', file: args.file! };
  const started = Date.now();
  // The bench agents and catalogues exist (areas-data / the calls bench made them); nothing is migrated here.
  const database = await createDatabase(config, { migrate: false });
  const people = await ensurePeople({ db: database.db });
  await ensureCatalog({ db: database.db });
  await database.destroy();
  const bulk = await openBulk(config);
  try {
    const random = rng(20261130);
    const now = Date.now();
    await topUpActivities(bulk, Number(args.activities), people.users, now, random);
    await topUpTime(bulk, Number(args['time-entries']), people.users, now, random);
    if (bulk.engine === 'postgres') {
      for (const table of ['activities', 'activity_actions', 'projects', 'time_entries']) await bulk.exec(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 1))`);
      await bulk.exec('vacuum (analyze) activities, activity_actions, projects, time_entries');
    } else {
      await bulk.exec('analyze activities');
      await bulk.exec('analyze activity_actions');
      await bulk.exec('analyze time_entries');
      await bulk.exec('pragma wal_checkpoint(truncate)');
    }
    console.log(`activities-data: ready in ${Math.round((Date.now() - started) / 1000)} s: ${fmt(await count(bulk, 'activities'))} activities, ${fmt(await count(bulk, 'activity_actions'))} automatic actions, ${fmt(await count(bulk, 'time_entries'))} time entries`);
  } finally {
    await bulk.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
