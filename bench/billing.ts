/**
 * Billing at 1,000,000 invoices (bench/areas-data.ts): the invoice list (first pages by status,
 * customer and period, with real cursors) and closing billable incidents, which issues each one's
 * invoice in the same transaction (number without gaps, lines, VAT, instalments, the VERI*FACTU
 * record chained to the previous one, durable commit).
 *
 *   node --import tsx bench/run.ts --engine sqlite --scenarios invoices-list,invoices-close
 *
 * Each invoices-close run consumes the incidents it closes: it prepares a fresh pool of 8,000 open
 * incidents made resolved, billable and with a supply line (SQL, before the clock starts).
 */
import { sql } from 'kysely';
import { requireAreaData } from './incidents.ts';
import type { BenchRequest, Scenario, ScenarioContext } from './scenarios/types.ts';

const POOL = 8000;

async function closePool(ctx: ScenarioContext): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('incidents')
    .select('id')
    .where('is_open', '=', true as never)
    .where('stage', '<>', 'closed')
    .orderBy('id', 'desc')
    .limit(POOL)
    .execute();
  const ids = rows.map((r) => Number(r.id));
  if (!ids.length) return ids;
  const now = new Date().toISOString();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await ctx.db
      .updateTable('incidents')
      .set({
        stage: 'resolved',
        status_code: 'RS',
        case_type: 'billable',
        diagnosis: sql`coalesce(diagnosis, 'Avería localizada')` as never,
        diagnosed_at: sql`coalesce(diagnosed_at, ${now})` as never,
        solution: sql`coalesce(solution, 'Pieza sustituida y equipo probado')` as never,
        resolution_code: sql`coalesce(resolution_code, 'REP')` as never,
        resolved_at: sql`coalesce(resolved_at, ${now})` as never,
        updated_at: now,
      })
      .where('id', 'in', chunk)
      .execute();
    // One supply line on those without: what the invoice bills.
    await sql`insert into incident_supplies (incident_id, item_id, description, quantity_milli, unit_price_cents, cost_cents, vat_rate_bp, created_at, created_by, updated_at)
      select i.id, it.id, it.description, 1000, it.unit_price_cents, it.unit_price_cents / 2, 2100, ${now}, null, ${now}
        from incidents i join items it on it.id = (select min(id) from items where kind = 'labour')
       where i.id in (${sql.join(chunk)}) and not exists (select 1 from incident_supplies s where s.incident_id = i.id)`.execute(ctx.db);
  }
  return ids;
}

export const billingScenarios: Scenario[] = [
  {
    name: 'invoices-list',
    title: 'Invoice list: first page of 50 (all, unpaid, overdue, paid, one customer, one month) and the next pages',
    async requests(ctx) {
      await requireAreaData(ctx);
      const customers = await ctx.db.selectFrom('invoices').select('customer_id').where('id', 'in', Array.from({ length: 30 }, (_, k) => 1 + k * 31_337)).execute();
      const month = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 7);
      const firsts = [
        '/api/v1/invoices?limit=50',
        '/api/v1/invoices?status=unpaid&limit=50',
        '/api/v1/invoices?status=overdue&limit=50',
        '/api/v1/invoices?status=paid&limit=50',
        `/api/v1/invoices?from=${month}-01&to=${month}-28&limit=50`,
        ...customers.slice(0, 10).map((c) => `/api/v1/invoices?customerId=${c.customer_id}&limit=50`),
      ];
      const out: BenchRequest[] = [];
      for (const first of firsts) {
        out.push({ path: first });
        const res = await ctx.get(first);
        if (res.body?.nextCursor) out.push({ path: `${first}&cursor=${encodeURIComponent(res.body.nextCursor)}` });
      }
      return out;
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'invoice list page p99 < 20 ms at 1,000,000 invoices (the inbox goal, applied here)', met: result.latency.p99 < 20, measured: `${result.latency.p99} ms` };
    },
  },
  {
    name: 'invoices-close',
    title: 'Close a billable incident: its invoice issued in the same transaction (number, lines, VAT, instalments, VERI*FACTU record, durable commit)',
    async requests(ctx) {
      await requireAreaData(ctx);
      const ids = await closePool(ctx);
      return ids.map((id) => ({ method: 'POST' as const, path: `/api/v1/incidents/${id}/close`, body: {} }));
    },
  },
];
