/**
 * Incidents at 1,000,000 (bench/areas-data.ts fills them): the intake (serial look-up, owner rule,
 * search indexing, SLA clocks, durable commit), the incident inbox's first pages, and the
 * "similar past cases" panel as the representative types the symptom.
 *
 *   node --import tsx bench/areas-data.ts --engine sqlite        (once: the area data)
 *   node --import tsx bench/run.ts --engine sqlite --scenarios incidents-inbox,incidents-similar,incidents-create
 */
import { sql } from 'kysely';
import type { BenchRequest, Scenario, ScenarioContext } from './scenarios/types.ts';

/** The area data must be there (bench/areas-data.ts); the bench never measures an empty table. */
export async function requireAreaData(ctx: ScenarioContext): Promise<number> {
  const r = await ctx.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const n = Number(r.n);
  if (n < 1000) throw new Error('no incidents: run `node --import tsx bench/areas-data.ts --engine <engine>` first');
  return n;
}

/**
 * Real units that have incidents, with what intake and the similar-cases panel need: incidents of the
 * generated data, not those `incidents-create` runs wrote into the bench file (their symptoms all begin
 * "Intake de prueba N:", words found in tens of thousands of open incidents and no resolved one, which
 * the similar-cases panel would otherwise be timed typing; analysis.md records that case one at a time).
 */
async function sampleIncidents(ctx: ScenarioContext, n: number) {
  const max = Number((await ctx.db.selectFrom('incidents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
  const ids = Array.from({ length: n }, () => 1 + Math.floor(ctx.random() * max));
  return ctx.db
    .selectFrom('incidents')
    .select(['id', 'unit_id', 'item_id', 'serial_number', 'reason_code', 'specific_reason_code', 'symptom', 'customer_id'])
    .where('id', 'in', ids)
    .where('unit_id', 'is not', null)
    .where('symptom', 'not like', 'Intake de prueba%')
    .execute();
}

/** A serial number as people type it: lower case, with spaces or dashes, or as printed. */
function typed(serial: string, k: number): string {
  switch (k % 3) {
    case 0:
      return serial.toLowerCase();
    case 1:
      return `${serial.slice(0, 3)} ${serial.slice(3)}`;
    default:
      return serial;
  }
}

/** The words typed so far: the first two or three words, the last one cut short. */
function typing(symptom: string, k: number): string {
  const words = symptom.split(/\s+/).slice(0, 2 + (k % 2));
  const last = words.pop()!;
  return [...words, last.slice(0, Math.max(3, Math.ceil(last.length * 0.7)))].join(' ');
}

export const incidentsScenarios: Scenario[] = [
  {
    name: 'incidents-inbox',
    title: 'Incident inbox: first page of 50 (mine, my groups, unassigned, open, all, by status/priority/case type) and the next pages',
    async requests(ctx) {
      await requireAreaData(ctx);
      const firsts = [
        '/api/v1/incidents?view=mine&limit=50',
        '/api/v1/incidents?view=groups&limit=50',
        '/api/v1/incidents?view=unassigned&limit=50',
        '/api/v1/incidents?view=open&limit=50',
        '/api/v1/incidents?limit=50',
        '/api/v1/incidents?view=open&priorityCode=P1&limit=50',
        '/api/v1/incidents?view=open&statusCode=EC&limit=50',
        '/api/v1/incidents?view=open&stage=diagnosed&limit=50',
        '/api/v1/incidents?view=open&caseType=billable&limit=50',
      ];
      const out: BenchRequest[] = firsts.map((path) => ({ path }));
      // The next two pages of each, with real cursors.
      for (const first of firsts) {
        let path = first;
        for (let i = 0; i < 2; i++) {
          const res = await ctx.get(path);
          const cursor = res.body?.nextCursor;
          if (!cursor) break;
          path = `${first}&cursor=${encodeURIComponent(cursor)}`;
          out.push({ path });
        }
      }
      return out;
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'incident inbox page p99 < 20 ms at 1,000,000 incidents', met: result.latency.p99 < 20, measured: `${result.latency.p99} ms` };
    },
  },
  {
    name: 'incidents-similar',
    title: 'Similar past cases while typing the symptom (unit known: same item, reason, symptom words)',
    async requests(ctx) {
      await requireAreaData(ctx);
      const rows = await sampleIncidents(ctx, 600);
      return rows.map((r, k) => ({
        path: `/api/v1/incidents/similar?unitId=${r.unit_id}${k % 3 ? `&reasonCode=${r.reason_code}` : ''}&symptom=${encodeURIComponent(typing(r.symptom, k))}&excludeId=${r.id}`,
      }));
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'similar cases p99 < 50 ms at 1,000,000 incidents', met: result.latency.p99 < 50, measured: `${result.latency.p99} ms` };
    },
  },
  {
    name: 'incidents-create',
    title: 'Incident intake by serial number (unit, customer, warranty/contract, owner rule, number, search index, SLA clocks, durable commit)',
    async requests(ctx) {
      await requireAreaData(ctx);
      // 8,000 units, not a few hundred: a 10 s run writes ~5,000 intakes, and on 400 units each got a
      // dozen in minutes, which piled up as repeat failures in the root-causes report of later runs.
      const rows = await sampleIncidents(ctx, 8000);
      return rows.map((r, k) => ({
        method: 'POST' as const,
        path: '/api/v1/incidents',
        body: {
          serialNumber: typed(r.serial_number!, k),
          symptom: `Intake de prueba ${k}: ${r.symptom}`,
          reasonCode: r.reason_code,
          specificReasonCode: r.specific_reason_code,
          contactName: 'Persona de contacto',
          contactPhone: '600 123 456',
        },
      }));
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'incident intake ≥ 1,000/s (goal set for SQLite, durable commits)', met: result.requestsPerSecond >= 1000, measured: `${Math.round(result.requestsPerSecond)} req/s` };
    },
  },
];

/** Incidents the intake bench registered ("Intake de prueba …"), for the notes. */
export async function countBenchIntakes(ctx: ScenarioContext): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from incidents where symptom like 'Intake de prueba %'`.execute(ctx.db);
  return Number(r.rows[0]?.n ?? 0);
}
