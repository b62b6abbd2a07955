/**
 * Incoming calls at scale: fills the dataset up to 1,000,000 calls (four years, ~3 % still pending,
 * some postponed, addressed to 60 agents and 12 groups — the bench agent among them) and measures
 * registering a call and the "pending now for me" inbox.
 *
 * The fill runs while preparing the first calls scenario, before any clock starts, and only when
 * the database holds fewer calls than wanted (ATIENDE_BENCH_CALLS, default 1,000,000).
 */
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { CallsTable } from '../src/server/modules/calls/calls.tables.ts';
import { recountInbox } from '../src/server/modules/calls/calls.repository.ts';
import { fmt, Progress } from './lib/progress.ts';
import type { BenchRequest, Scenario, ScenarioContext } from './scenarios/types.ts';

const WANTED = Number(process.env.ATIENDE_BENCH_CALLS ?? 1_000_000);
const AGENTS = 60;
const GROUPS = 12;

type Setup = { agentId: number; customerPhones: string[] };
let setup: Promise<Setup> | undefined;

export async function ensureCatalog(ctx: Pick<ScenarioContext, 'db'>) {
  const now = new Date().toISOString();
  const want = [
    { catalog: 'call-statuses', code: 'PE', description_es: 'Pendiente', description_en: 'Pending', pending: true, default_pending: true },
    { catalog: 'call-statuses', code: 'FI', description_es: 'Finalizada', description_en: 'Finished', pending: false, default_finished: true },
    { catalog: 'call-types', code: 'AV', description_es: 'Avería', description_en: 'Breakdown', is_default: true },
  ];
  for (const w of want) {
    const found = await ctx.db.selectFrom('catalog_entries').select('id').where('catalog', '=', w.catalog).where('code', '=', w.code).executeTakeFirst();
    if (found) continue;
    const flagTaken = async (flag: 'default_pending' | 'default_finished' | 'is_default') =>
      Boolean(await ctx.db.selectFrom('catalog_entries').select('id').where('catalog', '=', w.catalog).where(flag, '=', true).executeTakeFirst());
    await ctx.db
      .insertInto('catalog_entries')
      .values({
        catalog: w.catalog,
        code: w.code,
        description_es: w.description_es,
        description_en: w.description_en,
        pending: w.pending ?? false,
        default_pending: w.default_pending ? !(await flagTaken('default_pending')) : false,
        default_finished: w.default_finished ? !(await flagTaken('default_finished')) : false,
        is_default: w.is_default ? !(await flagTaken('is_default')) : false,
        attributes: '{}',
        sort_order: 0,
        active: true,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}

/** 60 agents (the bench agent first) and 12 groups; the bench agent belongs to two of them. */
export async function ensurePeople(ctx: Pick<ScenarioContext, 'db'>): Promise<{ users: number[]; groups: number[]; agentId: number }> {
  const now = new Date().toISOString();
  const agent = await ctx.db.selectFrom('users').select('id').where('username', '=', 'bench-agent').executeTakeFirstOrThrow();
  const users = [Number(agent.id)];
  for (let i = 1; i < AGENTS; i++) {
    const username = `bench-calls-${i}`;
    let row = await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (!row) {
      row = await ctx.db
        .insertInto('users')
        .values({ username, name: `Agente ${i}`, password_hash: '!', role: 'agent', language: 'es', time_zone: 'Europe/Madrid', active: true, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    users.push(Number(row.id));
  }
  const groups: number[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const code = `BENCH-CALLS-${g}`;
    let row = await ctx.db.selectFrom('groups').select('id').where('code', '=', code).executeTakeFirst();
    if (!row) {
      row = await ctx.db.insertInto('groups').values({ code, name: `Grupo ${g}`, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      const members = users.filter((_, i) => i % GROUPS === g || (i + 5) % GROUPS === g);
      if (members.length) await ctx.db.insertInto('group_members').values(members.map((user_id) => ({ group_id: Number(row!.id), user_id }))).execute();
    }
    groups.push(Number(row.id));
  }
  return { users, groups, agentId: users[0] };
}

export async function fillCalls(ctx: Pick<ScenarioContext, 'db' | 'random'>, people: { users: number[]; groups: number[] }) {
  const have = Number((await ctx.db.selectFrom('calls').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  if (have >= WANTED) return;
  const customers = await ctx.db.selectFrom('customers').select(['id', 'phones']).orderBy('id').limit(20_000).execute();
  const n = WANTED - have;
  const progress = new Progress(`calls`, n);
  const start = Date.now() - 4 * 365 * 86_400_000;
  const span = Date.now() - 3_600_000 - start;
  const batch = 400;
  for (let i = 0; i < n; i += batch) {
    const rows: Insertable<CallsTable>[] = [];
    for (let j = i; j < Math.min(n, i + batch); j++) {
      const at = new Date(start + (span * j) / n).toISOString();
      // Nearly every old call was finished; the last weeks hold most of the pending ones.
      const pending = j > n * 0.985 ? ctx.random() < 0.7 : ctx.random() < 0.012;
      const toGroup = ctx.random() < 0.35;
      const postponed = pending && ctx.random() < 0.1;
      const c = customers.length ? customers[Math.floor(ctx.random() * customers.length)] : undefined;
      // jsonb arrives parsed on PostgreSQL, text on SQLite
      const phones = c ? ((Array.isArray(c.phones) ? c.phones : JSON.parse(String(c.phones ?? '[]'))) as string[]) : [];
      const phone = phones[0] ?? null;
      rows.push({
        status_code: pending ? 'PE' : 'FI',
        customer_id: c ? Number(c.id) : null,
        contact_id: null,
        unit_id: null,
        phone,
        phone_normalized: phone ? phone.replace(/\D/g, '') : null,
        tax_id: null,
        serial_number: null,
        to_user_id: toGroup ? null : people.users[Math.floor(ctx.random() * people.users.length)],
        to_group_id: toGroup ? people.groups[Math.floor(ctx.random() * people.groups.length)] : null,
        type_code: 'AV',
        description: 'El cliente llama porque el equipo no arranca; pide que le llamen por la tarde.',
        registered_at: at,
        registered_by: people.users[Math.floor(ctx.random() * people.users.length)],
        finished_at: pending ? null : new Date(Date.parse(at) + 3_600_000).toISOString(),
        finished_by: pending ? null : people.users[0],
        finished_by_action_type: null,
        finished_by_action_id: null,
        postponed_until: postponed ? new Date(Date.now() + ctx.random() * 3 * 86_400_000).toISOString() : null,
        postpone_count: postponed ? 1 : 0,
        updated_at: at,
      });
    }
    await ctx.db.transaction().execute((trx) => trx.insertInto('calls').values(rows).execute());
    progress.tick(rows.length);
  }
  progress.finish();
  await sql`analyze calls`.execute(ctx.db);
}

function prepare(ctx: ScenarioContext): Promise<Setup> {
  setup ??= (async () => {
    await ensureCatalog(ctx);
    const people = await ensurePeople(ctx);
    await fillCalls(ctx, people);
    // Calls registered by earlier runs of calls-create were addressed to the bench agent and are
    // still pending: finish them, so every run measures the inbox the fill designed (a few hundred
    // pending calls per agent and group) instead of one that grows with each run.
    const stale = await ctx.db
      .updateTable('calls')
      .set((eb) => ({ finished_at: eb.ref('registered_at'), finished_by: people.agentId, status_code: 'FI' }))
      .where('finished_at', 'is', null)
      .where('description', 'like', 'Llamada de prueba %')
      .executeTakeFirst();
    if (Number(stale.numUpdatedRows)) console.log(`calls: finished ${fmt(Number(stale.numUpdatedRows))} calls left pending by earlier calls-create runs`);
    // The fill and the finishing above write the calls directly: the inbox's pending counters
    // (call_inbox_counts, kept on write by the app) are recomputed from them, as `atiende calls recount` does.
    await ctx.db.transaction().execute((trx) => recountInbox(trx));
    const phones = await ctx.db.selectFrom('phone_numbers').select('normalized').orderBy('id').limit(2000).execute();
    console.log(`calls: ${fmt(Number((await ctx.db.selectFrom('calls').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n))} in the dataset`);
    return { agentId: people.agentId, customerPhones: phones.map((p) => p.normalized) };
  })();
  return setup;
}

export const callsScenarios: Scenario[] = [
  {
    name: 'calls-pending-now',
    title: 'Call inbox: pending now for me and my groups (first page of 50)',
    async requests(ctx) {
      await prepare(ctx);
      const out: BenchRequest[] = [{ path: '/api/v1/calls?view=now&limit=50' }];
      // The next pages too, as an agent scrolls (real cursors).
      let cursor: string | null = null;
      for (let i = 0; i < 3; i++) {
        const res: { status: number; body: any } = await ctx.get(`/api/v1/calls?view=now&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
        cursor = res.body?.nextCursor ?? null;
        if (!cursor) break;
        out.push({ path: `/api/v1/calls?view=now&limit=50&cursor=${cursor}` });
      }
      out.push({ path: '/api/v1/calls/counts' });
      return out;
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'pending-now list p99 < 20 ms at 1,000,000 calls', met: result.latency.p99 < 20, measured: `${result.latency.p99} ms` };
    },
  },
  {
    name: 'calls-detail',
    title: 'Call detail: GET /api/v1/calls/{random id} (the call, its notes and postponements)',
    async requests(ctx) {
      await prepare(ctx);
      const range = await ctx.db.selectFrom('calls').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
      const lo = Number(range.lo);
      const hi = Number(range.hi);
      // Calls that have notes or postponements first (what the detail screen is opened for), then random ids.
      const withHistory = await ctx.db.selectFrom('call_notes').select('call_id').distinct().limit(200).execute();
      const ids = new Set(withHistory.map((r) => Number(r.call_id)));
      while (ids.size < Math.min(2_000, hi - lo + 1)) ids.add(lo + Math.floor(ctx.random() * (hi - lo + 1)));
      const found = await ctx.db.selectFrom('calls').select('id').where('id', 'in', [...ids]).execute();
      return found.map((r) => ({ path: `/api/v1/calls/${r.id}` }));
    },
    goal(result, all) {
      const customer = all.get('customer-detail');
      if (result.skipped || !customer || customer.skipped || !customer.requestsPerSecond) return undefined;
      const ratio = result.requestsPerSecond / customer.requestsPerSecond;
      return { description: 'call detail ≥ ⅔ of customer detail req/s', met: ratio >= 2 / 3, measured: `${(ratio * 100).toFixed(1)} %` };
    },
  },
  {
    name: 'calls-create',
    title: 'Register a call (caller looked up by phone, search indexed, durable commit)',
    async requests(ctx) {
      const { agentId, customerPhones } = await prepare(ctx);
      return Array.from({ length: 200 }, (_, k) => ({
        method: 'POST' as const,
        path: '/api/v1/calls',
        body: {
          phone: customerPhones.length ? `+${customerPhones[k % customerPhones.length]}` : `6${String(10_000_000 + k)}`,
          toUserId: String(agentId),
          description: `Llamada de prueba ${k}: el equipo muestra el error E${k % 40} al arrancar.`,
        },
      }));
    },
    goal(result, all) {
      if (result.skipped) return undefined;
      void all;
      return { description: 'register a call ≥ 1,500 req/s', met: result.requestsPerSecond >= 1500, measured: `${Math.round(result.requestsPerSecond)} req/s` };
    },
  },
];
