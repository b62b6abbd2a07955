/**
 * The data of the incidents, SLA, billing and reports benches, added to the core dataset
 * (bench/generate.ts) in bulk through the raw driver (multi-row INSERTs, indexes built once after):
 *
 * - 1,000,000 incidents over four years on the generated units (coverage copied as of the received
 *   date, reason codes general → specific, owners among 60 agents and 12 groups), the newest
 *   100,000 still open; their search documents built by the app's own `buildDocument`;
 * - two SLA clocks per incident (2,000,000 rows): stopped for the closed ones; for the open ones
 *   on time, at risk, breached or paused, and exactly 1,000 whose warning is due now and not yet
 *   sent (what one escalation sweep has to do);
 * - supply lines on ~30 % of the incidents;
 * - 1,000,000 invoices (one per closed billable incident with supplies, the rest manual), numbered
 *   per year without gaps, each with its line and instalment, and the payments of the paid and
 *   partly paid ones (the VERI*FACTU chain is not generated: the bench does not verify it);
 * - 1,000,000 calls (bench/calls.ts fillCalls).
 *
 *   node --import tsx bench/areas-data.ts --engine sqlite [--file bench/data/bench.db]
 *   node --import tsx bench/areas-data.ts --engine postgres --url postgres://…/atiende_bench
 *   options: --incidents 1000000 --invoices 1000000 --force (wipe and rebuild the area data)
 *
 * Runs once per database: it does nothing when the incidents are already there.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { DatabaseConfig } from '../src/server/config.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase, type Database } from '../src/server/db/database.ts';
import { cifFromNumber } from '../src/server/demo/spanish-ids.ts';
import { formatIncidentNumber } from '../src/server/modules/incidents/incidents.rules.ts';
import { ensureCatalog, ensurePeople, fillCalls } from './calls.ts';
import { BENCH_DIR, DEFAULT_SQLITE_FILE, DocWriter, maxId, rng } from './generate.ts';
import { type Bulk, openBulk } from './lib/bulk.ts';
import { benchToken } from './lib/dataset.ts';
import { fmt, Progress } from './lib/progress.ts';

const DAY = 86_400_000;
const MIN = 60_000;

export const AREA_TABLES = ['incidents', 'incident_clocks', 'incident_supplies', 'invoices', 'invoice_lines', 'invoice_instalments', 'invoice_payments'];

/** Reason codes: general → three specific each; earlier ones are commoner (a Pareto to find). */
const REASONS: Array<[code: string, es: string, en: string]> = [
  ['ELEC', 'Eléctrico', 'Electrical'],
  ['FRIO', 'Frío', 'Refrigeration'],
  ['AGUA', 'Circuito de agua', 'Water circuit'],
  ['GAS', 'Combustión y gas', 'Gas and combustion'],
  ['CTRL', 'Electrónica de control', 'Control electronics'],
  ['MEC', 'Mecánico', 'Mechanical'],
  ['RUIDO', 'Ruidos y vibraciones', 'Noise and vibration'],
  ['FUGA', 'Fugas', 'Leaks'],
  ['USO', 'Uso incorrecto', 'Misuse'],
  ['INST', 'Instalación', 'Installation'],
  ['SOFT', 'Configuración', 'Settings'],
  ['OTRO', 'Otros', 'Other'],
];
const RESOLUTIONS: Array<[string, string, string]> = [
  ['REP', 'Reparado in situ', 'Repaired on site'],
  ['SUST', 'Pieza sustituida', 'Part replaced'],
  ['AJU', 'Ajuste y configuración', 'Adjusted'],
  ['CAMB', 'Equipo sustituido', 'Unit replaced'],
  ['SINF', 'Sin fallo', 'No fault found'],
];

/** What the customer says, and what the technician found and did (symptom words for "similar cases"). */
const CASES: Array<{ reason: number; symptom: string; diagnosis: string; solution: string }> = [
  { reason: 0, symptom: 'El equipo no enciende y salta el diferencial al conectarlo', diagnosis: 'Resistencia derivada a masa', solution: 'Sustituida la resistencia y comprobado el aislamiento' },
  { reason: 0, symptom: 'No arranca, la pantalla se queda apagada', diagnosis: 'Fuente de alimentación averiada', solution: 'Cambiada la fuente de alimentación' },
  { reason: 1, symptom: 'La cámara no enfría y el compresor no para', diagnosis: 'Falta de gas refrigerante por microfuga', solution: 'Localizada la fuga, soldada y recargado el gas' },
  { reason: 1, symptom: 'Se forma hielo en el evaporador y no enfría bien', diagnosis: 'Ventilador del evaporador bloqueado', solution: 'Sustituido el ventilador del evaporador' },
  { reason: 2, symptom: 'Pierde presión de agua y se bloquea con error E10', diagnosis: 'Válvula de llenado defectuosa', solution: 'Cambiada la válvula de llenado y purgado el circuito' },
  { reason: 2, symptom: 'El agua sale fría aunque la caldera está encendida', diagnosis: 'Bomba de circulación agarrotada', solution: 'Desbloqueada y sustituida la bomba de circulación' },
  { reason: 3, symptom: 'La caldera se apaga con error de llama', diagnosis: 'Electrodo de ionización sucio', solution: 'Limpiado el electrodo y ajustada la combustión' },
  { reason: 3, symptom: 'Huele a gas cerca del quemador', diagnosis: 'Junta del quemador deteriorada', solution: 'Sustituida la junta y comprobada la estanqueidad' },
  { reason: 4, symptom: 'La placa muestra un código de error y se reinicia sola', diagnosis: 'Placa electrónica con relé quemado', solution: 'Sustituida la placa electrónica' },
  { reason: 4, symptom: 'El termostato no responde y la pantalla parpadea', diagnosis: 'Sonda de temperatura fuera de rango', solution: 'Cambiada la sonda de temperatura' },
  { reason: 5, symptom: 'La puerta no cierra bien y pierde frío', diagnosis: 'Bisagra desalineada y burlete gastado', solution: 'Ajustada la bisagra y cambiado el burlete' },
  { reason: 6, symptom: 'Hace mucho ruido al arrancar el motor', diagnosis: 'Rodamientos del motor gastados', solution: 'Sustituidos los rodamientos' },
  { reason: 7, symptom: 'Gotea agua por debajo del equipo', diagnosis: 'Desagüe obstruido', solution: 'Desatascado el desagüe y limpiada la bandeja' },
  { reason: 8, symptom: 'El cliente no sabe programar el horario', diagnosis: 'Programación borrada tras un corte de luz', solution: 'Programado el horario y explicado el uso al cliente' },
  { reason: 9, symptom: 'Tras la instalación no llega tensión al equipo', diagnosis: 'Conexión eléctrica mal realizada', solution: 'Rehecha la conexión según el manual' },
  { reason: 10, symptom: 'La temperatura no coincide con la configurada', diagnosis: 'Parámetros de fábrica alterados', solution: 'Restaurados los parámetros y calibrada la sonda' },
  { reason: 11, symptom: 'El cliente pide revisión porque nota un funcionamiento raro', diagnosis: 'Sin avería aparente', solution: 'Revisado el equipo completo sin encontrar fallo' },
];

const PRIORITIES = [
  { code: 'P1', share: 0.1, response: 60, resolution: 480, margin: 15 },
  { code: 'P2', share: 0.3, response: 120, resolution: 960, margin: 30 },
  { code: 'P3', share: 0.6, response: 480, resolution: 1440, margin: 60 },
];

export type AreaDataOptions = { incidents: number; open: number; due: number; invoices: number; calls: number; seed?: number };

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

async function ensureAreaCatalog(bulk: Bulk, now: string, people: { users: number[]; groups: number[] }) {
  const entries: Array<[catalog: string, code: string, es: string, en: string, parent: string | null, isDefault: boolean, attrs: Record<string, unknown>]> = [
    ['priorities', 'P1', 'Urgente', 'Urgent', null, false, { responseMinutes: 60, resolutionMinutes: 480, escalationMarginMinutes: 15, escalationEmails: ['guardia@atiende.example'] }],
  ];
  for (const [i, [code, es, en]] of REASONS.entries()) {
    entries.push(['reason-codes', code, es, en, null, false, {}]);
    for (let s = 1; s <= 3; s++) entries.push(['reason-codes', `${code}-${s}`, `${es} ${s}`, `${en} ${s}`, code, false, {}]);
    void i;
  }
  for (const [code, es, en] of RESOLUTIONS) entries.push(['resolution-codes', code, es, en, null, false, {}]);
  // Owner rules: a few by unit type to a technician, then one per region to a group (what intake evaluates).
  const regions = ['MD', 'CT', 'AN', 'VC', 'PV', 'GA', 'AR', 'CL', 'MC', 'IB', 'CN'];
  const rule = (n: number, attrs: Record<string, unknown>): [string, string, string, string, null, boolean, Record<string, unknown>] => ['assignment-rules', `R${String(n).padStart(3, '0')}`, `Regla ${n}`, `Rule ${n}`, null, false, { ruleOrder: n * 10, unitTypeCode: null, serviceTypeCode: null, regionCode: null, ownerUserId: null, ownerGroupId: null, ...attrs }];
  entries.push(rule(1, { serviceTypeCode: '24H', ownerGroupId: String(people.groups[0]) }));
  entries.push(rule(2, { unitTypeCode: 'CAL', regionCode: 'MD', ownerUserId: String(people.users[1]) }));
  regions.forEach((r, i) => entries.push(rule(10 + i, { regionCode: r, ownerGroupId: String(people.groups[i % people.groups.length]) })));
  const existing = new Set((await bulk.query<{ catalog: string; code: string }>('select catalog, code from catalog_entries')).map((r) => `${r.catalog}|${r.code}`));
  const rows = entries
    .filter(([catalog, code]) => !existing.has(`${catalog}|${code}`))
    .map(([catalog, code, es, en, parent, isDefault, attrs], i) => [catalog, code, es, en, parent, bulk.bool(true), i, bulk.bool(false), bulk.bool(isDefault), bulk.bool(false), bulk.bool(false), bulk.json(attrs), now, now]);
  if (rows.length) {
    await bulk.insert('catalog_entries', ['catalog', 'code', 'description_es', 'description_en', 'parent_code', 'active', 'sort_order', 'pending', 'is_default', 'default_pending', 'default_finished', 'attributes', 'created_at', 'updated_at'], rows);
  }
  // Intake needs a default priority.
  const [def] = await bulk.query<{ n: number }>("select count(*) as n from catalog_entries where catalog = 'priorities' and is_default = ?", [bulk.bool(true)]);
  if (!Number(def.n)) await bulk.query("update catalog_entries set is_default = ? where catalog = 'priorities' and code = 'P3'", [bulk.bool(true)]);
  const [company] = await bulk.query<{ n: number }>('select count(*) as n from billing_company');
  if (!Number(company.n)) {
    await bulk.insert(
      'billing_company',
      ['id', 'legal_name', 'tax_id', 'address', 'invoice_series', 'rectifying_series', 'default_payment_term_code', 'verifactu_environment', 'verifactu_send', 'installation_number', 'updated_at'],
      [[1, 'Servicio Técnico Bench, S.L.', cifFromNumber('B', 1234567), bulk.json({ street: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', province: 'Madrid', country: 'ES' }), 'F', 'R', 'T30', 'test', bulk.bool(false), '1', now]],
    );
  }
}

export async function areaCounts(database: Database) {
  const count = async (table: 'incidents' | 'incident_clocks' | 'incident_supplies' | 'invoices' | 'invoice_payments' | 'calls') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    incidents: await count('incidents'),
    openIncidents: Number((await database.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where('is_open', '=', true as never).executeTakeFirstOrThrow()).n),
    clocks: await count('incident_clocks'),
    supplies: await count('incident_supplies'),
    invoices: await count('invoices'),
    payments: await count('invoice_payments'),
    calls: await count('calls'),
  };
}

export async function generateAreaData(config: DatabaseConfig, database: Database, opts: AreaDataOptions, force = false): Promise<void> {
  const started = Date.now();
  const people = await ensurePeople({ db: database.db });
  await ensureCatalog({ db: database.db });
  const bulk = await openBulk(config);
  try {
    const now = Date.now();
    const nowIso = iso(now);
    await ensureAreaCatalog(bulk, nowIso, people);
    const [{ n: have }] = await bulk.query<{ n: number }>('select count(*) as n from incidents');
    if (Number(have) && !force) {
      console.log(`areas: ${fmt(Number(have))} incidents already there (--force rebuilds them)`);
    } else {
      if (Number(have)) {
        process.stderr.write('areas: wiping the area data…\n');
        for (const t of ['invoice_payments', 'invoice_instalments', 'invoice_lines', 'verifactu_records', 'invoices', 'invoice_counters', 'incident_supplies', 'incident_events', 'incident_changes', 'incident_clocks', 'incident_sla_state', 'sla_counts', 'sla_escalations', 'incident_counters']) await bulk.exec(`delete from ${t}`);
        await bulk.exec('update calls set finished_by_action_type = null, finished_by_action_id = null where finished_by_action_type is not null');
        await bulk.exec(`delete from search_documents where entity_type = 'incident'`);
        await bulk.exec('delete from incidents');
      }
      await fill(bulk, opts, people, now);
    }
  } finally {
    await bulk.close();
  }
  // Calls through the calls bench's own fill (Kysely, batches of 400).
  const random = rng(opts.seed ?? 11);
  process.env.ATIENDE_BENCH_CALLS = String(opts.calls);
  await fillCalls({ db: database.db, random }, people);
  console.log(`areas: ready in ${Math.round((Date.now() - started) / 1000)} s`, await areaCounts(database));
}

async function fill(bulk: Bulk, opts: AreaDataOptions, people: { users: number[]; groups: number[] }, now: number) {
  const random = rng(opts.seed ?? 20261129);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const N = opts.incidents;

  process.stderr.write('areas: reading units, customers and items…\n');
  const units = await bulk.query<{ id: number; customer_id: number; item_id: number; serial_number: string; warranty_end: string | null; contract_id: number | null; region_code: string | null; sale_date: string }>(
    'select id, customer_id, item_id, serial_number, warranty_end, contract_id, region_code, sale_date from units order by id',
  );
  const contracts = new Map((await bulk.query<{ id: number; code: string; end_date: string | null; service_type_code: string | null }>('select id, code, end_date, service_type_code from contracts')).map((c) => [Number(c.id), c]));
  const customers = new Map(
    (await bulk.query<{ id: number; name: string; tax_id: string | null; address: unknown; region_code: string | null }>('select id, name, tax_id, address, region_code from customers')).map((c) => [Number(c.id), c]),
  );
  const items = await bulk.query<{ id: number; code: string; description: string; kind: string; unit_price_cents: number; vat_rate: number; serialized: unknown; unit_type_code: string | null }>(
    'select id, code, description, kind, unit_price_cents, vat_rate, serialized, unit_type_code from items',
  );
  const itemById = new Map(items.map((i) => [Number(i.id), i]));
  const parts = items.filter((i) => !Number(i.serialized) && i.serialized !== true);
  const supplyItems = parts.length ? parts : items;

  const tables = ['incidents', 'incident_clocks', 'incident_supplies', 'invoices', 'invoice_lines', 'invoice_instalments', 'invoice_payments'];
  const recreate = await bulk.dropIndexes(tables);
  const incidentBase = await maxId(bulk, 'incidents');
  const supplyBase = await maxId(bulk, 'incident_supplies');
  const docs = new DocWriter(bulk, (await maxId(bulk, 'search_documents')) + 1);

  const incCols = [
    'id', 'number', 'year', 'seq', 'received_at', 'registered_at', 'registered_by', 'origin_code', 'customer_id', 'contact_name', 'contact_address', 'contact_phone', 'contact_fax', 'contact_email',
    'unit_id', 'serial_number', 'item_id', 'under_warranty', 'warranty_end', 'under_contract', 'contract_id', 'contract_code', 'contract_end', 'region_code', 'service_type_code', 'unit_type_code',
    'case_type', 'reason_code', 'specific_reason_code', 'symptom', 'diagnosis', 'solution', 'resolution_code', 'specific_resolution_code', 'estimated_close_date', 'owner_user_id', 'owner_group_id',
    'status_code', 'priority_code', 'stage', 'is_open', 'first_response_at', 'diagnosed_at', 'resolved_at', 'closed_at', 'response_due_at', 'resolution_due_at', 'invoice_id', 'source_type', 'source_id', 'updated_at',
  ];
  const clockCols = [
    'incident_id', 'target', 'state', 'calendar_id', 'target_minutes', 'margin_minutes', 'anchor_at', 'used_before', 'paused_since', 'stopped_at', 'due_at', 'warn_at', 'warned_for', 'breached_for',
    'next_escalation_at', 'lease_until', 'lease_token', 'met', 'incident_number', 'customer_id', 'priority_code', 'status_code', 'owner_user_id', 'owner_group_id', 'updated_at',
  ];
  const supCols = ['id', 'incident_id', 'item_id', 'description', 'quantity_milli', 'unit_price_cents', 'cost_cents', 'vat_rate_bp', 'created_at', 'created_by', 'updated_at'];
  const [calendar] = await bulk.query<{ id: number }>('select id from service_calendars order by is_default desc, id limit 1');
  const calendarId = Number(calendar?.id ?? 1);

  const start = now - 4 * 365 * DAY;
  const span = 4 * 365 * DAY - 2 * 3_600_000;
  const seqs = new Map<number, number>();
  let incRows: unknown[][] = [];
  let clockRows: unknown[][] = [];
  let supRows: unknown[][] = [];
  let supplyId = supplyBase;
  let running = 0;
  let due = 0;
  /** closed billable incidents with supplies: invoiced in the invoice stream below */
  const billable: Array<{ id: number; number: string; customerId: number; at: number; lines: Array<{ itemId: number; description: string; quantityMilli: number; priceCents: number; vatBp: number }> }> = [];
  const flush = async () => {
    await bulk.transaction(async () => {
      await bulk.insert('incidents', incCols, incRows);
      await bulk.insert('incident_clocks', clockCols, clockRows);
      await bulk.insert('incident_supplies', supCols, supRows);
      await docs.flush();
    });
    incRows = [];
    clockRows = [];
    supRows = [];
  };

  const progress = new Progress('incidents', N);
  for (let i = 0; i < N; i++) {
    const id = incidentBase + i + 1;
    const received = Math.floor(start + (span * (i + random())) / N);
    const year = new Date(received).getUTCFullYear();
    const seq = (seqs.get(year) ?? 0) + 1;
    seqs.set(year, seq);
    const number = formatIncidentNumber(year, seq);
    const receivedIso = iso(received);
    const unit = random() < 0.92 ? units[Math.floor(random() * units.length)] : undefined;
    const customerId = unit ? Number(unit.customer_id) : 1 + Math.floor(random() * customers.size);
    const customer = customers.get(customerId)!;
    const item = unit ? itemById.get(Number(unit.item_id)) : random() < 0.5 ? pick(items) : undefined;
    const receivedDay = day(received);
    const underWarranty = Boolean(unit?.warranty_end && unit.warranty_end >= receivedDay && unit.sale_date <= receivedDay);
    const contract = unit?.contract_id ? contracts.get(Number(unit.contract_id)) : undefined;
    const underContract = Boolean(contract && (!contract.end_date || contract.end_date >= receivedDay));
    const caseType = underWarranty || underContract ? (random() < 0.95 ? 'warranty' : 'courtesy') : random() < 0.85 ? 'billable' : 'courtesy';
    // Earlier cases (and so earlier reason codes) are commoner.
    const kase = CASES[Math.min(CASES.length - 1, Math.floor(random() * random() * CASES.length))];
    const reason = REASONS[kase.reason][0];
    const specific = `${reason}-${1 + Math.floor(random() * 3)}`;
    const priority = ((r) => (r < PRIORITIES[0].share ? PRIORITIES[0] : r < PRIORITIES[0].share + PRIORITIES[1].share ? PRIORITIES[1] : PRIORITIES[2]))(random());
    const o = random();
    const ownerUser = o < 0.65 ? people.users[Math.floor(random() * people.users.length)] : null;
    const ownerGroup = o >= 0.65 && o < 0.95 ? people.groups[Math.floor(random() * people.groups.length)] : null;
    const open = i >= N - opts.open;
    let stage = 'closed';
    let status = 'CE';
    if (open) {
      const s = random();
      stage = s < 0.6 ? 'open' : s < 0.85 ? 'diagnosed' : 'resolved';
      status = stage === 'resolved' ? 'RS' : random() < 0.06 ? 'EC' : stage === 'open' ? 'AB' : 'ER';
    }
    const paused = status === 'EC';
    const firstResponse = !open || random() < 0.7 ? Math.min(now - MIN, received + Math.floor((0.2 + random() * 8) * 3_600_000)) : null;
    const diagnosed = stage !== 'open' ? Math.min(now - MIN, received + Math.floor((0.5 + random() * 3) * DAY)) : null;
    const resolved = stage === 'resolved' || stage === 'closed' ? Math.min(now - MIN, (diagnosed ?? received) + Math.floor(random() * 6 * DAY)) : null;
    const closed = stage === 'closed' ? Math.min(now - MIN, resolved! + Math.floor(random() * 2 * DAY)) : null;
    const resolution = resolved ? RESOLUTIONS[kase.reason === 11 ? 4 : Math.floor(random() * 4)][0] : null;

    // SLA clocks: (target, stoppedAt) → a row; the open running ones get a state relative to now.
    const clock = (target: 'response' | 'resolution', minutes: number, stoppedAt: number | null) => {
      let state = stoppedAt ? 'stopped' : paused ? 'paused' : 'running';
      let dueAt = received + minutes * 2 * MIN; // business minutes, roughly: nights and weekends not worked out
      let warnAt = dueAt - priority.margin * MIN;
      let warnedFor: string | null = null;
      let breachedFor: string | null = null;
      let next: string | null = null;
      let met: boolean | null = null;
      let pausedSince: string | null = null;
      if (state === 'stopped') met = stoppedAt! <= dueAt || random() < 0.6;
      else if (state === 'paused') {
        pausedSince = iso(now - Math.floor(random() * 5 * DAY));
      } else {
        running++;
        if (running % 80 === 5 && due < opts.due) {
          // Its warning is due now and not sent yet: the escalation sweep's work.
          due++;
          warnAt = now - Math.floor((1 + random() * 20) * MIN);
          dueAt = warnAt + priority.margin * MIN;
          next = iso(warnAt);
        } else {
          const r = random();
          if (r < 0.05) {
            // at risk, warning already sent
            dueAt = now + Math.floor(random() * priority.margin * MIN) + MIN;
            warnAt = dueAt - priority.margin * MIN;
            warnedFor = iso(dueAt);
            next = iso(dueAt);
          } else if (r < 0.25) {
            // breached, both escalations sent
            dueAt = Math.max(received + MIN, now - Math.floor(random() * 30 * DAY) - MIN);
            warnAt = dueAt - priority.margin * MIN;
            warnedFor = iso(dueAt);
            breachedFor = iso(dueAt);
          } else {
            dueAt = now + priority.margin * MIN + Math.floor(random() * 5 * DAY) + MIN;
            warnAt = dueAt - priority.margin * MIN;
            next = iso(warnAt);
          }
        }
      }
      clockRows.push([
        id, target, state, calendarId, minutes, priority.margin, receivedIso, 0, pausedSince, stoppedAt ? iso(stoppedAt) : null, iso(dueAt), iso(warnAt), warnedFor, breachedFor,
        next, null, null, met === null ? null : bulk.bool(met), number, customerId, priority.code, status, ownerUser, ownerGroup, iso(stoppedAt ?? received),
      ]);
      return iso(dueAt);
    };
    const responseDue = clock('response', priority.response, firstResponse);
    const resolutionDue = clock('resolution', priority.resolution, resolved);

    // Supplies on ~30 %: a spare part, sometimes labour too.
    const lines: Array<{ itemId: number; description: string; quantityMilli: number; priceCents: number; vatBp: number }> = [];
    if (stage !== 'open' && random() < 0.35) {
      const n = random() < 0.6 ? 1 : 2;
      for (let k = 0; k < n; k++) {
        const it = pick(supplyItems);
        const q = 1000 * (1 + Math.floor(random() * 3));
        lines.push({ itemId: Number(it.id), description: it.description, quantityMilli: q, priceCents: Number(it.unit_price_cents), vatBp: Number(it.vat_rate) || 2100 });
        supRows.push([++supplyId, id, Number(it.id), it.description, q, Number(it.unit_price_cents), Math.round(Number(it.unit_price_cents) * 0.6), Number(it.vat_rate) || 2100, iso(diagnosed ?? received), ownerUser ?? people.users[0], iso(diagnosed ?? received)]);
      }
    }
    if (closed && caseType === 'billable' && lines.length) billable.push({ id, number, customerId, at: closed, lines });

    const registeredBy = people.users[Math.floor(random() * people.users.length)];
    incRows.push([
      id, number, year, seq, receivedIso, receivedIso, registeredBy, random() < 0.8 ? 'TE' : 'EM', customerId, null, null, null, null, null,
      unit ? Number(unit.id) : null, unit?.serial_number ?? null, item ? Number(item.id) : null, bulk.bool(underWarranty), unit?.warranty_end ?? null, bulk.bool(underContract),
      underContract ? Number(contract!.id) : null, underContract ? contract!.code : null, underContract ? contract!.end_date : null, unit?.region_code ?? customer.region_code ?? null,
      underContract ? contract!.service_type_code : null, item?.unit_type_code ?? null,
      caseType, reason, specific, kase.symptom, diagnosed ? kase.diagnosis : null, resolved ? kase.solution : null, resolution, null, null, ownerUser, ownerGroup,
      status, priority.code, stage, bulk.bool(open), firstResponse ? iso(firstResponse) : null, diagnosed ? iso(diagnosed) : null, resolved ? iso(resolved) : null, closed ? iso(closed) : null,
      responseDue, resolutionDue, null, null, null, iso(closed ?? resolved ?? diagnosed ?? received),
    ]);
    docs.add(
      {
        entityType: 'incident',
        entityId: id,
        customerId,
        title: `${number} · ${customer.name}`,
        subtitle: kase.symptom.slice(0, 200),
        text: [kase.symptom, diagnosed ? kase.diagnosis : null, resolved ? kase.solution : null],
        codes: [number, unit?.serial_number ?? null],
      },
      iso(closed ?? resolved ?? diagnosed ?? received),
    );
    if (incRows.length >= 5000) {
      await flush();
      progress.tick(5000);
    }
  }
  await flush();
  progress.finish();
  for (const [year, last] of seqs) await bulk.query('insert into incident_counters (year, last_number) values (?, ?)', [year, last]);
  console.log(`areas: ${fmt(N)} incidents (${fmt(opts.open)} open), ${fmt(running)} running clocks, ${fmt(due)} due for escalation, ${fmt(supplyId - supplyBase)} supply lines, ${fmt(billable.length)} billable to invoice`);

  await fillInvoices(bulk, opts, people, now, customers, billable, random);

  const pi = new Progress('indexes', recreate.length);
  for (const statement of recreate) {
    await bulk.exec(statement);
    pi.tick(1);
  }
  pi.finish();
  // The incidents point at their invoices (after the indexes: invoices_incident_idx finds each).
  process.stderr.write('areas: linking incidents to their invoices…\n');
  await bulk.exec('update incidents set invoice_id = (select max(v.id) from invoices v where v.incident_id = incidents.id) where id in (select incident_id from invoices where incident_id is not null)');
  // One SLA state row per incident with a live clock (what the badge counts), as the 0700 migration backfills it.
  process.stderr.write('areas: SLA state per incident…\n');
  await bulk.exec(
    "insert into incident_sla_state (incident_id, due_at, warn_at, paused_since, owner_user_id, owner_group_id, updated_at) select incident_id, min(case when state = 'running' then due_at end), min(case when state = 'running' then warn_at end), min(case when state = 'paused' then paused_since end), max(owner_user_id), max(owner_group_id), max(updated_at) from incident_clocks where state in ('running', 'paused') group by incident_id",
  );
  // What each is counted as now and the badge counters, as the 2026-12-01-1600 migration fills them.
  const countedAt = new Date().toISOString();
  const at = bulk.engine === 'postgres' ? `cast('${countedAt}' as timestamptz)` : `'${countedAt}'`;
  await bulk.exec(
    `update incident_sla_state set counted = case when due_at <= ${at} then 'breached' when warn_at <= ${at} then 'at_risk' end, phase_until = case when due_at <= ${at} then null when warn_at <= ${at} then due_at else warn_at end`,
  );
  await bulk.exec(
    "insert into sla_counts (owner_user_id, owner_group_id, view, n) select owner_user_id, owner_group_id, counted, count(*) from incident_sla_state where counted is not null group by owner_user_id, owner_group_id, counted union all select owner_user_id, owner_group_id, 'paused', count(*) from incident_sla_state where paused_since is not null group by owner_user_id, owner_group_id",
  );
  process.stderr.write('areas: statistics…\n');
  if (bulk.engine === 'postgres') {
    for (const table of ['incidents', 'incident_supplies', 'invoices', 'invoice_lines', 'invoice_payments', 'search_documents']) {
      await bulk.exec(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 1))`);
    }
    await bulk.exec('vacuum (analyze) incidents, incident_clocks, incident_sla_state, incident_supplies, invoices, invoice_lines, invoice_instalments, invoice_payments, search_documents, search_keys');
  } else {
    await bulk.exec("insert into search_fts(search_fts) values ('optimize')");
    await bulk.exec('pragma analysis_limit = 2000');
    await bulk.exec('analyze');
    await bulk.exec('pragma wal_checkpoint(truncate)');
  }
}

async function fillInvoices(
  bulk: Bulk,
  opts: AreaDataOptions,
  people: { users: number[] },
  now: number,
  customers: Map<number, { id: number; name: string; tax_id: string | null; address: unknown }>,
  billable: Array<{ id: number; number: string; customerId: number; at: number; lines: Array<{ itemId: number; description: string; quantityMilli: number; priceCents: number; vatBp: number }> }>,
  random: () => number,
) {
  const M = Math.max(opts.invoices, billable.length);
  billable.sort((a, b) => a.at - b.at);
  const issuer = bulk.json({ name: 'Servicio Técnico Bench, S.L.', taxId: cifFromNumber('B', 1234567), address: { street: 'Calle Mayor 1', city: 'Madrid', postalCode: '28013', province: 'Madrid', country: 'ES' } });
  const invCols = [
    'id', 'series', 'year', 'seq', 'number', 'invoice_type', 'issue_date', 'issued_at', 'issued_by', 'issuer', 'customer_id', 'customer_name', 'customer_tax_id', 'customer_address',
    'payment_term_code', 'payment_term_es', 'payment_term_en', 'description', 'incident_id', 'incident_number', 'base_cents', 'vat_cents', 'total_cents', 'vat_breakdown',
    'rectified_cents', 'paid_cents', 'outstanding_cents', 'settlement', 'next_due_date',
  ];
  const lineCols = ['id', 'invoice_id', 'position', 'item_id', 'description', 'quantity_milli', 'unit_price_cents', 'discount_bp', 'vat_rate_bp', 'amount_cents'];
  const payCols = ['id', 'invoice_id', 'instalment_seq', 'paid_on', 'amount_cents', 'method', 'recorded_at', 'recorded_by'];
  let invoiceId = await maxId(bulk, 'invoices');
  let lineId = await maxId(bulk, 'invoice_lines');
  let paymentId = await maxId(bulk, 'invoice_payments');
  const seqs = new Map<number, number>();
  const start = now - 4 * 365 * DAY;
  const manual = M - billable.length;
  const step = (4 * 365 * DAY - 3_600_000) / Math.max(1, manual);
  let next = 0;
  let inv: unknown[][] = [];
  let lin: unknown[][] = [];
  let ins: unknown[][] = [];
  let pay: unknown[][] = [];
  const methods = ['transfer', 'transfer', 'transfer', 'card', 'cash', 'direct_debit'];
  const progress = new Progress('invoices', M);
  const emit = async (at: number, customerId: number, lines: Array<{ itemId: number | null; description: string; quantityMilli: number; priceCents: number; vatBp: number }>, incident?: { id: number; number: string }) => {
    const id = ++invoiceId;
    const year = new Date(at).getUTCFullYear();
    const seq = (seqs.get(year) ?? 0) + 1;
    seqs.set(year, seq);
    const c = customers.get(customerId)!;
    const amounts = lines.map((l) => Math.round((l.priceCents * l.quantityMilli) / 1000));
    const base = amounts.reduce((a, b) => a + b, 0);
    const vat = Math.round((base * 2100) / 10_000);
    const total = base + vat;
    const issueDate = day(at);
    const dueDate = day(at + 30 * DAY);
    const age = now - at;
    const r = random();
    const settlement = age > 90 * DAY ? (r < 0.92 ? 'paid' : r < 0.95 ? 'partially_paid' : 'unpaid') : r < 0.5 ? 'paid' : r < 0.6 ? 'partially_paid' : 'unpaid';
    const paid = settlement === 'paid' ? total : settlement === 'partially_paid' ? Math.floor(total / 2) : 0;
    inv.push([
      id, 'F', year, seq, `F${year}-${String(seq).padStart(6, '0')}`, 'F1', issueDate, iso(at), people.users[0], issuer, customerId, c.name, c.tax_id, typeof c.address === 'string' ? c.address : bulk.json(c.address ?? null),
      'T30', '30 días', '30 days', incident ? `Incidencia ${incident.number}` : 'Servicio técnico', incident?.id ?? null, incident?.number ?? null, base, vat, total,
      bulk.json([{ rateBp: 2100, baseCents: base, vatCents: vat }]), 0, paid, total - paid, settlement, settlement === 'paid' ? null : dueDate,
    ]);
    lines.forEach((l, k) => lin.push([++lineId, id, k + 1, l.itemId, l.description, l.quantityMilli, l.priceCents, 0, 2100, amounts[k]]));
    ins.push([id, 1, dueDate, total]);
    if (paid) {
      const paidOn = Math.min(now - DAY, at + Math.floor(random() * 45 * DAY));
      pay.push([++paymentId, id, 1, day(paidOn), paid, methods[Math.floor(random() * methods.length)], iso(paidOn), people.users[0]]);
    }
    if (inv.length >= 5000) await flushInv();
  };
  const flushInv = async () => {
    await bulk.transaction(async () => {
      await bulk.insert('invoices', invCols, inv);
      await bulk.insert('invoice_lines', lineCols, lin);
      await bulk.insert('invoice_instalments', ['invoice_id', 'seq', 'due_date', 'amount_cents'], ins);
      await bulk.insert('invoice_payments', payCols, pay);
    });
    progress.tick(inv.length);
    inv = [];
    lin = [];
    ins = [];
    pay = [];
  };
  const customerIds = [...customers.keys()];
  for (let k = 0; k < manual; k++) {
    const at = Math.floor(start + step * k);
    while (next < billable.length && billable[next].at <= at) {
      const b = billable[next++];
      await emit(b.at, b.customerId, b.lines, { id: b.id, number: b.number });
    }
    const price = 2000 + Math.floor(random() * 40_000);
    await emit(at, customerIds[Math.floor(random() * customerIds.length)], [{ itemId: null, description: random() < 0.5 ? 'Mantenimiento preventivo' : 'Desplazamiento y mano de obra', quantityMilli: 1000, priceCents: price, vatBp: 2100 }]);
  }
  while (next < billable.length) {
    const b = billable[next++];
    await emit(b.at, b.customerId, b.lines, { id: b.id, number: b.number });
  }
  await flushInv();
  progress.finish();
  for (const [year, last] of seqs) await bulk.query('insert into invoice_counters (series, year, last_number) values (?, ?, ?)', ['F', year, last]);
  console.log(`areas: ${fmt(invoiceId)} invoices (${fmt(billable.length)} from incidents), ${fmt(paymentId)} payments`);
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      engine: { type: 'string', default: 'sqlite' },
      url: { type: 'string' },
      file: { type: 'string', default: DEFAULT_SQLITE_FILE },
      incidents: { type: 'string', default: '1000000' },
      open: { type: 'string', default: '100000' },
      due: { type: 'string', default: '1000' },
      invoices: { type: 'string', default: '1000000' },
      calls: { type: 'string', default: '1000000' },
      force: { type: 'boolean', default: false },
    },
  });
  const dbConfig: DatabaseConfig = args.engine === 'postgres' ? { dialect: 'postgres', url: args.url! } : { dialect: 'sqlite', file: args.file! };
  if (args.engine === 'postgres' && !args.url) throw new Error('--url is required for postgres');
  const config = loadConfig({ ATIENDE_LOG_LEVEL: 'warn', ATIENDE_DATA_DIR: path.join(BENCH_DIR, 'data') } as NodeJS.ProcessEnv, { database: dbConfig, runJobs: false });
  const database = await createDatabase(config.database);
  try {
    await benchToken(database, config);
    await generateAreaData(
      dbConfig,
      database,
      { incidents: Number(args.incidents), open: Number(args.open), due: Number(args.due), invoices: Number(args.invoices), calls: Number(args.calls) },
      args.force,
    );
    if (dbConfig.dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
  } finally {
    await database.destroy();
  }
}

if (process.argv[1]?.endsWith('areas-data.ts')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
