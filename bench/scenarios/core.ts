/**
 * The foundation scenarios: the bare-Fastify ceiling, customer detail, a filtered customer list
 * walked with keyset cursors, and the one search box with what people really type.
 */
import { foldText } from '../../src/server/db/dialect.ts';
import { fromJson } from '../../src/server/db/dialect.ts';
import type { BenchRequest, Scenario, ScenarioContext } from './types.ts';

async function randomIds(ctx: ScenarioContext, table: 'customers' | 'units' | 'contacts', n: number): Promise<number[]> {
  const r = await ctx.db.selectFrom(table).select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
  const lo = Number(r.lo ?? 0);
  const hi = Number(r.hi ?? 0);
  if (!hi) return [];
  const wanted = [...new Set(Array.from({ length: n * 2 }, () => lo + Math.floor(ctx.random() * (hi - lo + 1))))];
  const found: number[] = [];
  for (let i = 0; i < wanted.length && found.length < n; i += 500) {
    const rows = await ctx.db.selectFrom(table).select('id').where('id', 'in', wanted.slice(i, i + 500)).execute();
    found.push(...rows.map((x) => Number(x.id)));
  }
  return found.slice(0, n);
}

/** How people type a tax id: with separators, lower case… */
function typedTaxId(taxId: string, k: number): string {
  switch (k % 3) {
    case 0:
      return taxId;
    case 1:
      return `${taxId.slice(0, 1)}-${taxId.slice(1, 3)}.${taxId.slice(3, 6)}.${taxId.slice(6)}`;
    default:
      return taxId.toLowerCase();
  }
}

/** A phone as typed: the national number in groups, or international. */
function typedPhone(phone: string, k: number): string {
  const digits = phone.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('34') ? digits.slice(2) : digits;
  switch (k % 3) {
    case 0:
      return national;
    case 1:
      return `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
    default:
      return `+34 ${national}`;
  }
}

/** Word prefixes of a name, without accents, as a hurried agent types them ("rest oliv"). */
function namePrefixes(name: string, k: number): string {
  const words = foldText(name)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !['de', 'del', 'la', 'las', 'los', 'sl', 'sa', 'hijos'].includes(w));
  if (!words.length) return name;
  const take = Math.min(words.length, 1 + (k % 2));
  return words
    .slice(0, take)
    .map((w) => w.slice(0, Math.max(3, Math.min(w.length, 3 + (k % 4)))))
    .join(' ');
}

export const coreScenarios: Scenario[] = [
  {
    name: 'bare-fastify',
    title: 'Bare Fastify ceiling (GET /ping on a plain Fastify instance, same worker processes as Atiende)',
    target: 'bare',
    async requests() {
      return [{ path: '/ping' }];
    },
  },
  {
    name: 'customer-detail',
    title: 'Customer detail: GET /api/v1/customers/{random id}',
    async requests(ctx) {
      return (await randomIds(ctx, 'customers', 5000)).map((id) => ({ path: `/api/v1/customers/${id}` }));
    },
    goal(result, all) {
      const bare = all.get('bare-fastify');
      if (!bare || result.skipped || bare.skipped) return undefined;
      const ratio = result.requestsPerSecond / bare.requestsPerSecond;
      return { description: 'customer detail ≥ 25 % of bare-Fastify req/s', met: ratio >= 0.25, measured: `${(ratio * 100).toFixed(1)} %` };
    },
  },
  {
    name: 'customer-list-region',
    title: 'Customer list filtered by region, 50 per page, pages 1–20 followed by keyset cursor',
    async requests(ctx) {
      const regions = await ctx.db.selectFrom('customers').select('region_code').distinct().where('region_code', 'is not', null).execute();
      const out: BenchRequest[] = [];
      for (const { region_code } of regions) {
        let path = `/api/v1/customers?regionCode=${region_code}&limit=50`;
        for (let page = 0; page < 20; page++) {
          out.push({ path });
          const res = await ctx.get(path);
          if (res.status !== 200 || !res.body?.nextCursor) break;
          path = `/api/v1/customers?regionCode=${region_code}&limit=50&cursor=${encodeURIComponent(res.body.nextCursor)}`;
        }
      }
      return out;
    },
  },
  {
    name: 'search',
    title: 'Search: GET /api/v1/search?q= name prefixes, phones, tax ids, serials, codes as typed',
    async requests(ctx) {
      const customerIds = await randomIds(ctx, 'customers', 400);
      const unitIds = await randomIds(ctx, 'units', 200);
      const contactIds = await randomIds(ctx, 'contacts', 100);
      const customers = customerIds.length ? await ctx.db.selectFrom('customers').select(['code', 'name', 'tax_id', 'phones']).where('id', 'in', customerIds).execute() : [];
      const units = unitIds.length ? await ctx.db.selectFrom('units').select(['serial_number']).where('id', 'in', unitIds).execute() : [];
      const contacts = contactIds.length ? await ctx.db.selectFrom('contacts').select(['name', 'phones']).where('id', 'in', contactIds).execute() : [];
      const queries: string[] = [];
      customers.forEach((c, k) => {
        queries.push(namePrefixes(c.name, k));
        if (c.tax_id && k % 2 === 0) queries.push(typedTaxId(c.tax_id, k));
        const phones = fromJson<string[]>(c.phones, []);
        if (phones.length && k % 2 === 1) queries.push(typedPhone(phones[0], k));
        if (k % 10 === 0) queries.push(c.code);
      });
      units.forEach((u, k) => queries.push(k % 3 === 0 ? u.serial_number.slice(0, 8) : u.serial_number));
      contacts.forEach((c, k) => {
        queries.push(k % 2 ? namePrefixes(c.name, k) : typedPhone(fromJson<string[]>(c.phones, [''])[0] ?? '', k));
      });
      // Very common single prefixes: the worst case for a text index.
      queries.push('rest', 'hotel', 'garc', 'comunidad', 'mar', 'calle mayor');
      return queries.filter((q) => q.trim()).map((q) => ({ path: `/api/v1/search?q=${encodeURIComponent(q)}` }));
    },
    goal(result) {
      if (result.skipped) return undefined;
      return { description: 'search p99 < 50 ms', met: result.latency.p99 < 50, measured: `${result.latency.p99} ms` };
    },
  },
];
