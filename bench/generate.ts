/**
 * Large dataset generator for the benchmark: customers (valid Spanish tax ids, phones, e-mails,
 * addresses, regions), contacts, items, contracts and serialized units, with the phone_numbers
 * look-up table and the search index filled exactly as the app fills them.
 *
 *   node --import tsx bench/generate.ts --engine sqlite [--customers 200000] [--units 1000000]
 *   node --import tsx bench/generate.ts --engine postgres --url postgres://…/atiende_bench
 *
 * SQLite writes bench/data/bench.db (gitignored). For PostgreSQL without --url use bench/run.ts,
 * which starts a throwaway cluster, generates and measures in one go.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from '../src/server/config.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { foldText } from '../src/server/db/dialect.ts';
import { DEMO_ITEMS } from '../src/server/demo/demo-items.ts';
import { cifFromNumber, nieFromNumber, nifFromNumber } from '../src/server/demo/spanish-ids.ts';
import { DEMO_REGIONS, DEMO_UNIT_TYPES } from '../src/server/demo/steps/configuration.ts';
import { normalizePhone } from '../src/server/modules/customers/phones.ts';
import { buildDocument, type IndexInput } from '../src/server/modules/search/search.service.ts';
import { exactKey } from '../src/server/modules/search/search-text.ts';
import { type Bulk, openBulk } from './lib/bulk.ts';
import { contactIndex, customerIndex, unitIndex } from './lib/documents.ts';
import { fmt, Progress } from './lib/progress.ts';
import { BUSINESS_KINDS, BUSINESS_NAMES, FIRST_NAMES, POSITIONS, REGIONS, STREETS, SURNAMES } from './lib/vocabulary.ts';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SQLITE_FILE = path.join(BENCH_DIR, 'data', 'bench.db');

export type GenerateOptions = { customers: number; units: number; seed?: number; today?: string };
export type DatasetInfo = { customers: number; contacts: number; units: number; contracts: number; items: number; searchDocuments: number; searchKeys: number; phoneNumbers: number; seconds: number };

/** mulberry32 */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function addMonths(date: string, months: number) {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

/** Display formats people type phone numbers in; the app normalises all of them. */
function formatPhone(national9: string, style: number): string {
  const n = national9;
  switch (style % 4) {
    case 0:
      return `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 7)} ${n.slice(7)}`;
    case 1:
      return `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    case 2:
      return `+34 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    default:
      return n;
  }
}

function slug(s: string) {
  return foldText(s).replace(/[^a-z0-9]+/g, '').slice(0, 24) || 'cliente';
}

export class DocWriter {
  docs: unknown[][] = [];
  keys: unknown[][] = [];
  count = 0;
  keyCount = 0;
  constructor(
    private readonly bulk: Bulk,
    private nextId: number,
  ) {}
  add(input: IndexInput, updatedAt: string) {
    const { row, keys } = buildDocument(input);
    const id = this.nextId++;
    this.docs.push([id, row.entity_type, row.entity_id, row.customer_id, row.title, row.subtitle, row.content, updatedAt]);
    for (const k of keys) this.keys.push([k, id]);
    this.count++;
    this.keyCount += keys.length;
  }
  async flush() {
    await this.bulk.insert('search_documents', ['id', 'entity_type', 'entity_id', 'customer_id', 'title', 'subtitle', 'content', 'updated_at'], this.docs);
    await this.bulk.insert('search_keys', ['key', 'document_id'], this.keys);
    this.docs = [];
    this.keys = [];
  }
}

export async function maxId(bulk: Bulk, table: string): Promise<number> {
  const [r] = await bulk.query<{ m: number | string | null }>(`select max(id) as m from ${table}`);
  return Number(r?.m ?? 0);
}

async function ensureCatalog(bulk: Bulk, now: string) {
  const entries: Array<[string, string, string, string, Record<string, unknown>]> = [
    ...DEMO_REGIONS.map((r) => ['regions', r.code, r.descriptionEs, r.descriptionEn, {}] as [string, string, string, string, Record<string, unknown>]),
    ...DEMO_UNIT_TYPES.map((r) => ['unit-types', r.code, r.descriptionEs, r.descriptionEn, {}] as [string, string, string, string, Record<string, unknown>]),
    ['service-types', 'MP', 'Mantenimiento preventivo', 'Preventive maintenance', {}],
    ['service-types', 'TR', 'Todo riesgo (piezas y mano de obra)', 'Full cover (parts and labour)', {}],
    ['service-types', '24H', 'Servicio 24 horas, 365 días', '24/7 service', {}],
    ['priorities', 'P2', 'Alta', 'High', { responseMinutes: 120, resolutionMinutes: 960, escalationMarginMinutes: 30 }],
    ['priorities', 'P3', 'Normal', 'Normal', { responseMinutes: 480, resolutionMinutes: 1440, escalationMarginMinutes: 60 }],
    ['vat-rates', 'G21', 'IVA general 21 %', 'Standard VAT 21 %', { rate: 2100 }],
  ];
  const existing = new Set((await bulk.query<{ catalog: string; code: string }>('select catalog, code from catalog_entries')).map((r) => `${r.catalog}|${r.code}`));
  const rows = entries
    .filter(([catalog, code]) => !existing.has(`${catalog}|${code}`))
    .map(([catalog, code, es, en, attrs], i) => [catalog, code, es, en, bulk.bool(true), i, bulk.bool(false), bulk.bool(false), bulk.bool(false), bulk.bool(false), bulk.json(attrs), now, now]);
  await bulk.insert('catalog_entries', ['catalog', 'code', 'description_es', 'description_en', 'active', 'sort_order', 'pending', 'is_default', 'default_pending', 'default_finished', 'attributes', 'created_at', 'updated_at'], rows);
}

export async function generateDataset(config: DatabaseConfig, opts: GenerateOptions): Promise<DatasetInfo> {
  const started = Date.now();
  // Migrate with the app's own migrator first, then load through the raw driver.
  const migrated = await createDatabase(config);
  await migrated.destroy();
  const bulk = await openBulk(config);
  try {
    const [{ n }] = await bulk.query<{ n: number | string }>('select count(*) as n from customers');
    if (Number(n) > 0) throw new Error(`the database already has ${n} customers; generate into an empty database`);
    const random = rng(opts.seed ?? 42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const today = opts.today ?? new Date().toISOString().slice(0, 10);
    const now = new Date().toISOString();
    const N = opts.customers;

    await ensureCatalog(bulk, now);

    // Items: the demo catalogue, plus numbered variants so there are a few hundred products.
    const itemBase = await maxId(bulk, 'items');
    const items: Array<{ id: number; description: string; warrantyMonths: number; serialPrefix: string; serialized: boolean }> = [];
    const itemRows: unknown[][] = [];
    for (let v = 0; v < 8; v++) {
      for (const it of DEMO_ITEMS) {
        const id = itemBase + itemRows.length + 1;
        const code = v === 0 ? it.code : `${it.code}-V${v}`;
        const description = v === 0 ? it.description : `${it.description} (serie ${2018 + v})`;
        const serialized = it.kind === 'product';
        itemRows.push([id, code, description, foldText(`${code} ${description}`), it.kind, it.priceCents + v * 1000, it.vatRate, it.warrantyMonths, bulk.bool(serialized), it.unitType ?? null, bulk.bool(true), now, now]);
        if (serialized) items.push({ id, description, warrantyMonths: it.warrantyMonths, serialPrefix: `${it.serialPrefix}${v}`, serialized });
      }
    }
    await bulk.transaction(() =>
      bulk.insert('items', ['id', 'code', 'description', 'search_folded', 'kind', 'unit_price_cents', 'vat_rate', 'warranty_months', 'serialized', 'unit_type_code', 'active', 'created_at', 'updated_at'], itemRows),
    );

    const loaded = ['customers', 'contacts', 'phone_numbers', 'contracts', 'units', 'search_documents', 'search_keys'];
    const recreateIndexes = await bulk.dropIndexes(loaded);

    const customerBase = await maxId(bulk, 'customers');
    const contactBase = await maxId(bulk, 'contacts');
    const contractBase = await maxId(bulk, 'contracts');
    const unitBase = await maxId(bulk, 'units');
    const docs = new DocWriter(bulk, (await maxId(bulk, 'search_documents')) + 1);
    const phoneBase = await maxId(bulk, 'phone_numbers');
    let phoneId = phoneBase;

    // What units need to know about their customer.
    const customerName: string[] = new Array(N + 1);
    const customerRegion = new Uint8Array(N + 1);
    const customerContract = new Int32Array(N + 1);

    const regionWeights = REGIONS.flatMap((r, i) => Array.from({ length: r.weight }, () => i));
    let contactCount = 0;
    let contractCount = 0;
    const batch = 2000;
    const pc = new Progress('customers', N);
    for (let start = 1; start <= N; start += batch) {
      const end = Math.min(N, start + batch - 1);
      const customers: unknown[][] = [];
      const contacts: unknown[][] = [];
      const phones: unknown[][] = [];
      const contracts: unknown[][] = [];
      for (let i = start; i <= end; i++) {
        const id = customerBase + i;
        const regionIndex = pick(regionWeights);
        const region = REGIONS[regionIndex];
        const [city, province, postal] = pick(region.cities);
        const r = random();
        let name: string;
        let taxId: string;
        // Bijective scrambles of i keep tax ids and phone numbers unique.
        const scramble7 = (i * 7_919 + 1_234_567) % 10_000_000;
        const scramble8 = (i * 104_729 + 23_456_789) % 100_000_000;
        if (r < 0.45) {
          name = `${pick(BUSINESS_KINDS)} ${pick(BUSINESS_NAMES)}, S.L.`;
          taxId = cifFromNumber('B', scramble7);
        } else if (r < 0.52) {
          name = `${pick(BUSINESS_KINDS)} ${pick(SURNAMES)} e Hijos, S.A.`;
          taxId = cifFromNumber('A', scramble7);
        } else if (r < 0.64) {
          name = `Comunidad de Propietarios ${pick(STREETS)} ${1 + Math.floor(random() * 120)}`;
          taxId = cifFromNumber('H', scramble7);
        } else if (r < 0.96) {
          name = `${pick(FIRST_NAMES)} ${pick(SURNAMES)} ${pick(SURNAMES)}`;
          taxId = nifFromNumber(scramble8);
        } else {
          name = `${pick(FIRST_NAMES)} ${pick(SURNAMES)} ${pick(SURNAMES)}`;
          taxId = nieFromNumber(random() < 0.5 ? 'X' : 'Y', scramble7);
        }
        const code = `CL${pad(i, 7)}`;
        const landline = `${region.landline}${pad(scramble7, 7)}`;
        const mobile = `6${pad(scramble8, 8)}`;
        const customerPhones = random() < 0.6 ? [formatPhone(landline, i), formatPhone(mobile, i + 1)] : [formatPhone(random() < 0.5 ? landline : mobile, i)];
        const emails = [`info@${slug(name)}${i}.example`];
        const address = { street: `${pick(STREETS)}, ${1 + Math.floor(random() * 150)}`, city, postalCode: `${postal}${pad(Math.floor(random() * 100), 2)}`, province, country: 'ES' };
        const createdAt = new Date(Date.parse(`${today}T09:00:00Z`) - Math.floor(random() * 6 * 365) * 86_400_000).toISOString();
        customers.push([id, code, name, foldText(name), taxId, bulk.json(address), bulk.json(customerPhones), bulk.json(emails), region.code, 'es', null, bulk.bool(true), createdAt, createdAt]);
        for (const p of customerPhones) phones.push([++phoneId, normalizePhone(p)!, id, null]);
        customerName[i] = name;
        customerRegion[i] = regionIndex;
        docs.add(customerIndex({ id, code, name, taxId, phones: customerPhones, emails, city }), createdAt);

        const nContacts = r < 0.64 ? 1 + Math.floor(random() * 2) : random() < 0.3 ? 1 : 0;
        for (let k = 0; k < nContacts; k++) {
          const contactId = contactBase + ++contactCount;
          const cname = `${pick(FIRST_NAMES)} ${pick(SURNAMES)}`;
          const cmobile = `7${pad((contactCount * 15_485_863 + 7_654_321) % 100_000_000, 8)}`;
          const cphones = [formatPhone(cmobile, contactCount)];
          const position = pick(POSITIONS);
          const cemails = [`${slug(cname)}${contactCount}@${slug(name)}.example`];
          contacts.push([contactId, id, cname, foldText(cname), position, bulk.json(cphones), bulk.json(cemails), null, bulk.bool(true), createdAt, createdAt]);
          for (const p of cphones) phones.push([++phoneId, normalizePhone(p)!, id, contactId]);
          docs.add(contactIndex({ id: contactId, customerId: id, name: cname, position, emails: cemails, customerName: name, phones: cphones }), createdAt);
        }

        if (random() < 0.1) {
          const contractId = contractBase + ++contractCount;
          const startDate = addDays(today, -Math.floor(random() * 3 * 365));
          const endDate = addDays(addMonths(startDate, 12 * (1 + Math.floor(random() * 3))), -1);
          const service = pick(['MP', 'TR', '24H']);
          const contractCode = `CT${pad(contractCount, 7)}`;
          const contractDescription = `Contrato de mantenimiento ${service === 'TR' ? 'todo riesgo' : service === '24H' ? '24 horas' : 'preventivo'}`;
          contracts.push([contractId, contractCode, id, contractDescription, foldText(`${contractCode} ${contractDescription}`), service, service === '24H' ? 'P2' : 'P3', startDate, endDate, bulk.bool(true), now, now]);
          customerContract[i] = contractId;
        }
      }
      await bulk.transaction(async () => {
        await bulk.insert('customers', ['id', 'code', 'name', 'name_folded', 'tax_id', 'address', 'phones', 'emails', 'region_code', 'language', 'notes', 'active', 'created_at', 'updated_at'], customers);
        await bulk.insert('contacts', ['id', 'customer_id', 'name', 'name_folded', 'position', 'phones', 'emails', 'notes', 'active', 'created_at', 'updated_at'], contacts);
        await bulk.insert('phone_numbers', ['id', 'normalized', 'customer_id', 'contact_id'], phones);
        await bulk.insert('contracts', ['id', 'code', 'customer_id', 'description', 'search_folded', 'service_type_code', 'priority_code', 'start_date', 'end_date', 'active', 'created_at', 'updated_at'], contracts);
        await docs.flush();
      });
      pc.tick(end - start + 1);
    }
    pc.finish();

    const U = opts.units;
    const pu = new Progress('units', U);
    const unitBatch = 5000;
    for (let start = 1; start <= U; start += unitBatch) {
      const end = Math.min(U, start + unitBatch - 1);
      const units: unknown[][] = [];
      for (let i = start; i <= end; i++) {
        const id = unitBase + i;
        // Some customers (hotels, chains) have many units: a skewed pick plus a uniform one.
        const ci = random() < 0.3 ? 1 + Math.floor(N * random() ** 3) : 1 + Math.floor(N * random());
        const item = pick(items);
        const saleDate = addDays(today, -Math.floor(random() * 4 * 365));
        const warrantyEnd = item.warrantyMonths ? addMonths(saleDate, item.warrantyMonths) : null;
        const serial = `${item.serialPrefix}${saleDate.slice(2, 4)}${pad(i, 8)}`;
        const contractId = customerContract[ci] && random() < 0.8 ? customerContract[ci] : null;
        const customerId = customerBase + ci;
        const createdAt = `${saleDate}T10:00:00.000Z`;
        units.push([id, serial, exactKey(serial), item.id, customerId, saleDate, warrantyEnd, contractId, REGIONS[customerRegion[ci]].code, null, bulk.bool(true), createdAt, createdAt]);
        docs.add(unitIndex({ id, customerId, serialNumber: serial, itemDescription: item.description, customerName: customerName[ci] }), createdAt);
      }
      await bulk.transaction(async () => {
        await bulk.insert('units', ['id', 'serial_number', 'serial_folded', 'item_id', 'customer_id', 'sale_date', 'warranty_end', 'contract_id', 'region_code', 'notes', 'active', 'created_at', 'updated_at'], units);
        await docs.flush();
      });
      pu.tick(end - start + 1);
    }
    pu.finish();

    const pi = new Progress('indexes', recreateIndexes.length);
    for (const statement of recreateIndexes) {
      await bulk.exec(statement);
      pi.tick(1);
    }
    pi.finish();
    process.stderr.write('finishing: statistics and index maintenance…\n');
    if (bulk.engine === 'postgres') {
      for (const table of ['items', 'customers', 'contacts', 'phone_numbers', 'contracts', 'units', 'search_documents']) {
        await bulk.exec(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 1))`);
      }
      await bulk.exec('vacuum (analyze) customers, contacts, phone_numbers, contracts, units, items, search_documents, search_keys');
    } else {
      await bulk.exec("insert into search_fts(search_fts) values ('optimize')");
      await bulk.exec('pragma analysis_limit = 2000');
      await bulk.exec('analyze');
      await bulk.exec('pragma wal_checkpoint(truncate)');
    }
    return {
      customers: N,
      contacts: contactCount,
      units: U,
      contracts: contractCount,
      items: itemRows.length,
      searchDocuments: docs.count,
      searchKeys: docs.keyCount,
      phoneNumbers: phoneId - phoneBase,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await bulk.close();
  }
}

export function removeSqliteFiles(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

async function main() {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'sqlite' },
      url: { type: 'string' },
      file: { type: 'string', default: DEFAULT_SQLITE_FILE },
      customers: { type: 'string', default: '200000' },
      units: { type: 'string', default: '1000000' },
      force: { type: 'boolean', default: false },
    },
  });
  const customers = Number(values.customers);
  const units = Number(values.units);
  let config: DatabaseConfig;
  if (values.engine === 'postgres') {
    if (!values.url) throw new Error('--engine postgres needs --url (or use bench/run.ts --engine postgres, which starts a throwaway cluster)');
    config = { dialect: 'postgres', url: values.url };
  } else {
    if (values.force) removeSqliteFiles(values.file!);
    config = { dialect: 'sqlite', file: values.file! };
  }
  const info = await generateDataset(config, { customers, units });
  console.log(
    `Generated in ${info.seconds.toFixed(0)} s: ${fmt(info.customers)} customers, ${fmt(info.contacts)} contacts, ${fmt(info.units)} units, ${fmt(info.contracts)} contracts, ${fmt(info.items)} items, ${fmt(info.searchDocuments)} search documents, ${fmt(info.searchKeys)} search keys, ${fmt(info.phoneNumbers)} phone numbers.`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
