/**
 * The VERI*FACTU chains: a registration or cancellation record for every invoice issued or
 * voided, and the billing system's event log, each linked to the previous one by its fingerprint.
 *
 * A link is added inside the caller's transaction while holding the chain's head row (locked FOR
 * UPDATE on PostgreSQL; SQLite's single writer): two app servers issuing at once queue on the
 * head, so the chain never forks, and a rolled-back invoice leaves no record behind.
 */
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import type { Insertable } from 'kysely';
import { isoWithOffset } from '../../../shared/dates.ts';
import type { ChainState, VerifyResult } from '../../../shared/billing.ts';
import { type Ctx, nowOf, tx } from '../../context.ts';
import { fromJson, nowIso, toJson } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import * as repo from './billing.repository.ts';
import type { VerifactuRecordsTable } from './billing.tables.ts';
import { type AltaXmlRecord, parseAeatReply, type PreviousRef, recordsToSoap, recordsToXml, type SystemInfo, type XmlRecord } from './verifactu-xml.ts';
import {
  aeatAmount,
  aeatDate,
  altaFingerprint,
  anulacionFingerprint,
  type ChainBreak,
  type ChainCheck,
  type ChainRecord,
  eventFingerprint,
  type EventRecord,
  type EventTypeCode,
  verifyChain,
  verifyEventChain,
} from './verifactu.rules.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const VERIFACTU_RECORDS = keyset('verifactu-records', 'int');
const VERIFACTU_EVENTS = keyset('verifactu-events', 'int');

export const SYSTEM = { name: 'Atiende', id: 'AT', version: '0.1.0' } as const;
/** The AEAT's SOAP endpoints of VERI*FACTU (the certificate goes with the request). */
export const AEAT_ENDPOINTS = {
  test: 'https://prewww1.aeat.es/wlpl/TIKE-CONT/ws/SistemaFacturacion/VerifactuSOAP',
  production: 'https://www1.agenciatributaria.gob.es/wlpl/TIKE-CONT/ws/SistemaFacturacion/VerifactuSOAP',
} as const;

type CompanyRow = NonNullable<Awaited<ReturnType<typeof repo.findCompany>>>;

function systemInfo(company: CompanyRow | undefined): SystemInfo {
  return {
    producerName: company?.legal_name ?? '',
    producerNif: company?.tax_id ?? '',
    name: SYSTEM.name,
    id: SYSTEM.id,
    version: SYSTEM.version,
    installationNumber: company?.installation_number ?? '1',
  };
}

export type AltaInput = {
  invoiceId: number;
  issuerNif: string;
  issuerName: string;
  number: string;
  issueDate: string;
  invoiceType: string;
  vatCents: number;
  totalCents: number;
  description: string;
  recipient: { name: string; nif: string } | null;
  rectifying: AltaXmlRecord['rectifying'];
  breakdown: Array<{ vatRateBp: number; baseCents: number; vatCents: number }>;
  sendNow: boolean;
};

/** The invoice a chained record is about, as the record and the next one's reference name it. */
type ChainedInvoice = { kind: 'alta' | 'anulacion'; invoiceId: number; issuerNif: string; number: string; issueDate: string; sendNow: boolean };
type AltaAmounts = Pick<Insertable<VerifactuRecordsTable>, 'tipo_factura' | 'cuota_total' | 'importe_total' | 'xml_data'>;

/**
 * Chains one record about `invoice` (inside the caller's transaction): locks the head, lets `make`
 * compute the fingerprint from the previous one and the generation time (and an alta's amounts),
 * stores the record with its place in the chain and moves the head on to it.
 */
async function appendRecord(ctx: Ctx, invoice: ChainedInvoice, make: (previous: { fingerprint: string; generatedAt: string }) => { fingerprint: string; amounts?: AltaAmounts }) {
  return tx(ctx, async (c) => {
    const head = await repo.lockHead(c.db, 'records');
    const generatedAt = isoWithOffset(nowOf(c), c.config.defaultTimeZone);
    const { fingerprint, amounts } = make({ fingerprint: head.last_fingerprint, generatedAt });
    const seq = Number(head.last_seq) + 1;
    await repo.insertRecord(c.db, {
      seq,
      kind: invoice.kind,
      invoice_id: invoice.invoiceId,
      issuer_nif: invoice.issuerNif,
      num_serie: invoice.number,
      fecha_expedicion: invoice.issueDate,
      ...(amounts ?? { tipo_factura: null, cuota_total: null, importe_total: null, xml_data: '{}' }),
      previous_fingerprint: head.last_fingerprint,
      previous_ref: toJson(fromJson<PreviousRef | null>(head.last_ref, null)),
      generated_at: generatedAt,
      fingerprint,
      send_state: invoice.sendNow ? 'pending' : 'not_sent',
      created_at: nowIso(),
    });
    const ref: PreviousRef = { IDEmisorFactura: invoice.issuerNif, NumSerieFactura: invoice.number, FechaExpedicionFactura: invoice.issueDate, Huella: fingerprint };
    await repo.moveHead(c.db, 'records', { last_seq: seq, last_fingerprint: fingerprint, last_ref: toJson(ref) });
    return { seq, fingerprint, generatedAt };
  });
}

/** Adds the registration record of an issued invoice to the chain (inside the caller's transaction). */
export async function appendAlta(ctx: Ctx, a: AltaInput): Promise<{ seq: number; fingerprint: string; generatedAt: string }> {
  const invoice: ChainedInvoice = { kind: 'alta', invoiceId: a.invoiceId, issuerNif: a.issuerNif, number: a.number, issueDate: aeatDate(a.issueDate), sendNow: a.sendNow };
  return appendRecord(ctx, invoice, (previous) => {
    const fields = {
      IDEmisorFactura: invoice.issuerNif,
      NumSerieFactura: invoice.number,
      FechaExpedicionFactura: invoice.issueDate,
      TipoFactura: a.invoiceType,
      CuotaTotal: aeatAmount(a.vatCents),
      ImporteTotal: aeatAmount(a.totalCents),
      Huella: previous.fingerprint,
      FechaHoraHusoGenRegistro: previous.generatedAt,
    };
    const xml = { issuerName: a.issuerName, description: a.description, recipient: a.recipient, rectifying: a.rectifying, breakdown: a.breakdown.map((b) => ({ rate: aeatAmount(b.vatRateBp), base: aeatAmount(b.baseCents), cuota: aeatAmount(b.vatCents) })) };
    return { fingerprint: altaFingerprint(fields), amounts: { tipo_factura: fields.TipoFactura, cuota_total: fields.CuotaTotal, importe_total: fields.ImporteTotal, xml_data: toJson(xml) as string } };
  });
}

/** Adds the cancellation record of a voided invoice. */
export async function appendAnulacion(ctx: Ctx, a: { invoiceId: number; issuerNif: string; number: string; issueDate: string; sendNow: boolean }) {
  const invoice: ChainedInvoice = { kind: 'anulacion', invoiceId: a.invoiceId, issuerNif: a.issuerNif, number: a.number, issueDate: aeatDate(a.issueDate), sendNow: a.sendNow };
  const { seq, fingerprint } = await appendRecord(ctx, invoice, (previous) => ({
    fingerprint: anulacionFingerprint({
      IDEmisorFacturaAnulada: invoice.issuerNif,
      NumSerieFacturaAnulada: invoice.number,
      FechaExpedicionFacturaAnulada: invoice.issueDate,
      Huella: previous.fingerprint,
      FechaHoraHusoGenRegistro: previous.generatedAt,
    }),
  }));
  return { seq, fingerprint };
}

/** Adds an event to the billing system's own chained log. */
export async function logEvent(ctx: Ctx, type: EventTypeCode, detail: Record<string, unknown> = {}): Promise<void> {
  await tx(ctx, async (c) => {
    const company = await repo.findCompany(c.db);
    const head = await repo.lockHead(c.db, 'events');
    const generatedAt = isoWithOffset(new Date(), c.config.defaultTimeZone);
    const sys = systemInfo(company);
    const fields = {
      ProducerNIF: sys.producerNif,
      IdSistemaInformatico: sys.id,
      Version: sys.version,
      NumeroInstalacion: sys.installationNumber,
      ObligadoNIF: company?.tax_id ?? '',
      TipoEvento: type,
      HuellaEvento: head.last_fingerprint,
      FechaHoraHusoGenEvento: generatedAt,
    };
    const fingerprint = eventFingerprint(fields);
    const seq = Number(head.last_seq) + 1;
    await repo.insertEvent(c.db, {
      seq,
      event_type: type,
      producer_nif: fields.ProducerNIF,
      system_id: fields.IdSistemaInformatico,
      version: fields.Version,
      installation_number: fields.NumeroInstalacion,
      issuer_nif: fields.ObligadoNIF,
      previous_fingerprint: fields.HuellaEvento,
      generated_at: generatedAt,
      fingerprint,
      detail: toJson({ ...detail, by: c.actor.username }),
      created_at: nowIso(),
    });
    await repo.moveHead(c.db, 'events', { last_seq: seq, last_fingerprint: fingerprint, last_ref: null });
  });
}

/**
 * The billing system starting (01) or stopping (02) in this process: called once per process by the
 * job runner (the sender job's `onStart` / `onStop`), never per request. Nothing is logged until
 * the company's billing data exists: before that there is no billing system to speak of.
 */
export async function logLifecycle(ctx: Ctx, type: '01' | '02'): Promise<boolean> {
  if (!(await repo.findCompany(ctx.db))) return false;
  await logEvent(ctx, type, { pid: process.pid, host: os.hostname(), version: SYSTEM.version });
  return true;
}

type RecordRow = Awaited<ReturnType<typeof repo.recordsAfter>>[number];
type EventRow = Awaited<ReturnType<typeof repo.eventsAfter>>[number];

export function toChainRecord(r: RecordRow): ChainRecord {
  if (r.kind === 'anulacion') {
    return {
      id: String(r.id),
      kind: 'anulacion',
      fingerprint: r.fingerprint,
      fields: {
        IDEmisorFacturaAnulada: r.issuer_nif,
        NumSerieFacturaAnulada: r.num_serie,
        FechaExpedicionFacturaAnulada: r.fecha_expedicion,
        Huella: r.previous_fingerprint,
        FechaHoraHusoGenRegistro: r.generated_at,
      },
    };
  }
  return {
    id: String(r.id),
    kind: 'alta',
    fingerprint: r.fingerprint,
    fields: {
      IDEmisorFactura: r.issuer_nif,
      NumSerieFactura: r.num_serie,
      FechaExpedicionFactura: r.fecha_expedicion,
      TipoFactura: r.tipo_factura ?? '',
      CuotaTotal: r.cuota_total ?? '',
      ImporteTotal: r.importe_total ?? '',
      Huella: r.previous_fingerprint,
      FechaHoraHusoGenRegistro: r.generated_at,
    },
  };
}

function toEventRecord(e: EventRow): EventRecord {
  return {
    id: String(e.id),
    fingerprint: e.fingerprint,
    fields: {
      ProducerNIF: e.producer_nif,
      IdSistemaInformatico: e.system_id,
      Version: e.version,
      NumeroInstalacion: e.installation_number,
      ObligadoNIF: e.issuer_nif,
      TipoEvento: e.event_type,
      HuellaEvento: e.previous_fingerprint,
      FechaHoraHusoGenEvento: e.generated_at,
    },
  };
}

type Checked = VerifyResult['records'];

/** Walks a whole chain in batches, as verifyChain would over the full list. */
async function walk<R extends { seq: number; id: number; fingerprint: string }, C>(
  read: (after: number) => Promise<R[]>,
  convert: (r: R) => C,
  check: (batch: C[], prev: string) => ChainCheck,
  headFingerprint: string,
  numSerieOf: (r: R) => string | null,
): Promise<Checked> {
  let prev = '';
  let after = 0;
  let checked = 0;
  for (;;) {
    const rows = await read(after);
    if (rows.length === 0) break;
    const result = check(rows.map(convert), prev);
    if (!result.ok && result.firstBreak) {
      const b: ChainBreak = result.firstBreak;
      const row = rows[b.position];
      return { ok: false, checked: checked + result.checked, lastFingerprint: result.lastFingerprint, firstBreak: { position: checked + b.position, seq: Number(row.seq), recordId: String(row.id), reason: b.reason, numSerie: numSerieOf(row) } };
    }
    checked += result.checked;
    prev = result.lastFingerprint;
    after = Number(rows[rows.length - 1].seq);
  }
  // A chain cut at its end leaves the head pointing at a record that is gone.
  if (prev !== headFingerprint) {
    return { ok: false, checked, lastFingerprint: prev, firstBreak: { position: checked, seq: checked + 1, recordId: 'head', reason: 'link_mismatch', numSerie: null } };
  }
  return { ok: true, checked, lastFingerprint: prev, firstBreak: null };
}

/**
 * Recomputes every fingerprint and link of the records and of the event log, names the first
 * break of each, and logs the check (and any anomaly) in the event log.
 */
export async function verifyChains(ctx: Ctx): Promise<VerifyResult> {
  const BATCH = 2000;
  const records = await walk((after) => repo.recordsAfter(ctx.db, after, BATCH), toChainRecord, verifyChain, (await repo.readHead(ctx.db, 'records')).last_fingerprint, (r) => r.num_serie);
  const events = await walk((after) => repo.eventsAfter(ctx.db, after, BATCH), toEventRecord, verifyEventChain, (await repo.readHead(ctx.db, 'events')).last_fingerprint, () => null);
  await logEvent(ctx, '03', { records: records.checked, events: events.checked, ok: records.ok && events.ok });
  if (!records.ok) await logEvent(ctx, '04', { chain: 'records', ...records.firstBreak });
  if (!events.ok) await logEvent(ctx, '04', { chain: 'events', ...events.firstBreak });
  return { records, events };
}

export async function chainState(ctx: Ctx): Promise<ChainState> {
  const head = await repo.readHead(ctx.db, 'records');
  const events = await repo.readHead(ctx.db, 'events');
  const company = await repo.findCompany(ctx.db);
  const last = await repo.lastEventOfType(ctx.db, ['03']);
  const lastDetail = last ? fromJson<{ ok?: boolean }>(last.detail, {}) : null;
  return {
    records: Number(head.last_seq),
    lastFingerprint: head.last_fingerprint,
    events: Number(events.last_seq),
    pendingToSend: await repo.countRecordsInState(ctx.db, ['pending']),
    sending: Boolean(company?.verifactu_send),
    lastCheck: last ? { at: last.created_at, ok: lastDetail?.ok === true } : null,
  };
}

function toXmlRecord(r: RecordRow): XmlRecord {
  const c = toChainRecord(r);
  const previous = fromJson<PreviousRef | null>(r.previous_ref, null);
  if (c.kind === 'anulacion') return { kind: 'anulacion', id: c.id, fields: c.fields, fingerprint: c.fingerprint, previous };
  const data = fromJson<{ issuerName: string; description: string; recipient: { name: string; nif: string } | null; rectifying: Extract<XmlRecord, { kind: 'alta' }>['rectifying']; breakdown: Array<{ rate: string; base: string; cuota: string }> }>(r.xml_data, {
    issuerName: '',
    description: '',
    recipient: null,
    rectifying: null,
    breakdown: [],
  });
  return { kind: 'alta', id: c.id, fields: c.fields, fingerprint: c.fingerprint, previous, ...data };
}

/** Every record (or those after `afterSeq`) as the AEAT's XML; the export is logged. */
/** RegFactuSistemaFacturacion holds at most 1,000 records (SuministroLR.xsd, maxOccurs): one document per page. */
export const AEAT_MAX_RECORDS = 1000;

/**
 * Up to 1,000 records after `afterSeq` as one AEAT document (valid against xsd/SuministroLR.xsd), and
 * where the next page starts (null when these were the last).
 */
export async function exportXmlPage(ctx: Ctx, opts: { afterSeq?: number; limit?: number } = {}): Promise<{ xml: string; nextAfterSeq: number | null }> {
  const company = await repo.findCompany(ctx.db);
  const max = Math.min(opts.limit ?? AEAT_MAX_RECORDS, AEAT_MAX_RECORDS);
  const rows = await repo.recordsAfter(ctx.db, opts.afterSeq ?? 0, max + 1);
  const more = rows.length > max;
  if (more) rows.length = max;
  const xml = recordsToXml({ name: company?.legal_name ?? '', nif: company?.tax_id ?? '' }, rows.map(toXmlRecord), systemInfo(company));
  await logEvent(ctx, '08', { records: rows.length, fromSeq: rows[0]?.seq ?? null, toSeq: rows[rows.length - 1]?.seq ?? null });
  return { xml, nextAfterSeq: more ? Number(rows[rows.length - 1].seq) : null };
}

export async function exportXml(ctx: Ctx, opts: { afterSeq?: number; limit?: number } = {}): Promise<string> {
  return (await exportXmlPage(ctx, opts)).xml;
}

export async function listRecords(ctx: Ctx, q: { limit: number; cursor?: string }) {
  const rows = await repo.listRecordsPage(ctx.db, decodeCursor(q.cursor, VERIFACTU_RECORDS), q.limit);
  return toPage(rows, q.limit, VERIFACTU_RECORDS, (r) => [Number(r.seq)], (r) => ({
    seq: Number(r.seq),
    kind: r.kind as 'alta' | 'anulacion',
    invoiceId: String(r.invoice_id),
    numSerie: r.num_serie,
    fechaExpedicion: r.fecha_expedicion,
    tipoFactura: r.tipo_factura,
    importeTotal: r.importe_total,
    generatedAt: r.generated_at,
    previousFingerprint: r.previous_fingerprint,
    fingerprint: r.fingerprint,
    sendState: r.send_state as 'pending',
    sendAttempts: Number(r.send_attempts),
    replyState: r.reply_state,
    replyCode: r.reply_code,
    replyText: r.reply_text,
  }));
}

export async function listEvents(ctx: Ctx, q: { limit: number; cursor?: string }) {
  const rows = await repo.listEventsPage(ctx.db, decodeCursor(q.cursor, VERIFACTU_EVENTS), q.limit);
  return toPage(rows, q.limit, VERIFACTU_EVENTS, (r) => [Number(r.seq)], (r) => ({
    seq: Number(r.seq),
    eventType: r.event_type,
    generatedAt: r.generated_at,
    fingerprint: r.fingerprint,
    detail: fromJson<Record<string, unknown> | null>(r.detail, null),
  }));
}

// ── the sender ───────────────────────────────────────────────────────────────
const MAX_ATTEMPTS = 8;
/** Seconds before the next attempt after `attempts` failures: 10 s, 20 s, 40 s … up to an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

/** POSTs the SOAP text; the company's certificate (PKCS#12) goes with it when configured. */
function postXml(url: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const pfxPath = process.env.ATIENDE_VERIFACTU_PFX;
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      u,
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
        ...(u.protocol === 'https:' && pfxPath ? { pfx: fs.readFileSync(pfxPath), passphrase: process.env.ATIENDE_VERIFACTU_PFX_PASSWORD } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const STATE_OF: Record<string, string> = { Correcto: 'accepted', AceptadoConErrores: 'accepted_with_errors', Incorrecto: 'rejected' };

/**
 * One pass of the sender (a background job): when sending is on, claims the records due, sends
 * them in chain order in one SOAP request, and stores the AEAT's reply per record. A network error
 * or an HTTP failure puts them back for a later attempt (exponential back-off); after
 * MAX_ATTEMPTS they stay `failed`, visible on the records page.
 */
export async function sendPending(ctx: Ctx, opts: { batch?: number; timeoutMs?: number } = {}): Promise<{ sent: number; failed: number }> {
  const company = await repo.findCompany(ctx.db);
  if (!company || !company.verifactu_send) return { sent: 0, failed: 0 };
  const endpoint = company.verifactu_endpoint || AEAT_ENDPOINTS[company.verifactu_environment === 'production' ? 'production' : 'test'];
  const now = new Date();
  const claimed = (await tx(ctx, (c) => repo.claimRecordsToSend(c.db, now.toISOString(), new Date(now.getTime() + 120_000).toISOString(), opts.batch ?? 100))).sort(
    (a, b) => Number(a.seq) - Number(b.seq),
  );
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const soap = recordsToSoap({ name: company.legal_name, nif: company.tax_id }, claimed.map(toXmlRecord), systemInfo(company));
  let failure: string | null = null;
  let reply: ReturnType<typeof parseAeatReply> | null = null;
  try {
    const res = await postXml(endpoint, soap, opts.timeoutMs ?? 30_000);
    if (res.status >= 200 && res.status < 300) reply = parseAeatReply(res.text);
    else failure = `HTTP ${res.status}`;
  } catch (error) {
    failure = (error as Error).message;
  }
  const at = nowIso();
  if (!reply) {
    for (const r of claimed) {
      const attempts = Number(r.send_attempts) + 1;
      await repo.updateRecordSend(ctx.db, Number(r.id), {
        send_attempts: attempts,
        send_state: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        next_attempt_at: new Date(Date.now() + retryDelaySeconds(attempts) * 1000).toISOString(),
        reply_text: failure,
      });
    }
    return { sent: 0, failed: claimed.length };
  }
  for (const r of claimed) {
    const line = reply.lines.find((l) => l.numSerie === r.num_serie);
    const state = line ? (STATE_OF[line.state] ?? 'rejected') : reply.overall === 'Correcto' ? 'accepted' : 'rejected';
    await repo.updateRecordSend(ctx.db, Number(r.id), {
      send_attempts: Number(r.send_attempts) + 1,
      send_state: state,
      sent_at: at,
      next_attempt_at: null,
      reply_state: line?.state ?? reply.overall,
      reply_code: line?.errorCode ?? null,
      reply_text: line?.errorText ?? null,
      reply_csv: reply.csv,
    });
  }
  return { sent: claimed.length, failed: 0 };
}
