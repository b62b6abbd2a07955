/**
 * VERI*FACTU billing records (RD 1007/2023, Orden HAC/1177/2024): their fingerprints ("huella")
 * and the chain that links them. Pure: no database, no app.
 *
 * The fingerprint is SHA-256 over UTF-8 text made of `name=value` pairs joined by `&`, in the
 * order the AEAT fixes for each record kind, each value trimmed, written upper-case hexadecimal.
 * Values are written as in the record: amounts with two decimals and a point (`123.45`), dates
 * `dd-mm-yyyy`, the generation instant ISO 8601 with its offset (`2024-01-01T19:20:30+01:00`), and
 * `Huella=` empty on the first record of the chain. Records store these strings exactly as they
 * were fingerprinted, so the chain can be recomputed from the database or the exported XML.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').toUpperCase();
}

/** YYYY-MM-DD → dd-mm-yyyy. */
export function aeatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}-${m}-${y}`;
}

/** Cents → "123.45" (two decimals, a point, a minus sign when negative). */
export function aeatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points → "21.00". */
export function aeatRate(bp: number): string {
  return aeatAmount(bp);
}

function fingerprintOf(pairs: Array<[string, string]>): string {
  return sha256Hex(pairs.map(([k, v]) => `${k}=${(v ?? '').trim()}`).join('&'));
}

/** The fields of a registration record (RegistroAlta) that enter its fingerprint, AEAT names. */
export type AltaFields = {
  IDEmisorFactura: string;
  NumSerieFactura: string;
  FechaExpedicionFactura: string;
  TipoFactura: string;
  CuotaTotal: string;
  ImporteTotal: string;
  /** Fingerprint of the previous record of the issuer, '' on the first one. */
  Huella: string;
  FechaHoraHusoGenRegistro: string;
};

/** The fields of a cancellation record (RegistroAnulacion) that enter its fingerprint. */
export type AnulacionFields = {
  IDEmisorFacturaAnulada: string;
  NumSerieFacturaAnulada: string;
  FechaExpedicionFacturaAnulada: string;
  Huella: string;
  FechaHoraHusoGenRegistro: string;
};

export function altaFingerprintText(f: AltaFields): string {
  return (['IDEmisorFactura', 'NumSerieFactura', 'FechaExpedicionFactura', 'TipoFactura', 'CuotaTotal', 'ImporteTotal', 'Huella', 'FechaHoraHusoGenRegistro'] as const)
    .map((k) => `${k}=${f[k].trim()}`)
    .join('&');
}

export function altaFingerprint(f: AltaFields): string {
  return sha256Hex(altaFingerprintText(f));
}

export function anulacionFingerprint(f: AnulacionFields): string {
  return fingerprintOf([
    ['IDEmisorFacturaAnulada', f.IDEmisorFacturaAnulada],
    ['NumSerieFacturaAnulada', f.NumSerieFacturaAnulada],
    ['FechaExpedicionFacturaAnulada', f.FechaExpedicionFacturaAnulada],
    ['Huella', f.Huella],
    ['FechaHoraHusoGenRegistro', f.FechaHoraHusoGenRegistro],
  ]);
}

/**
 * Event types of the billing system's event log, numbered after the AEAT's list of event types
 * (03 anomaly check launched, 04 anomaly found, 08 records exported; 01/02 used here for the
 * system starting and stopping). The AEAT publishes no worked example for event fingerprints: ours
 * follow the same text rules (name=value&…, SHA-256, upper-case hex) and are tested for tampering.
 */
export const EVENT_TYPES = {
  '01': 'start',
  '02': 'stop',
  '03': 'integrity_check',
  '04': 'anomaly_found',
  '08': 'records_exported',
  '90': 'other',
} as const;
export type EventTypeCode = keyof typeof EVENT_TYPES;

export type EventFields = {
  /** NIF of the producer of the billing system. */
  ProducerNIF: string;
  IdSistemaInformatico: string;
  Version: string;
  NumeroInstalacion: string;
  /** NIF of the issuer whose system logs the event. */
  ObligadoNIF: string;
  TipoEvento: string;
  /** Fingerprint of the previous event, '' on the first one. */
  HuellaEvento: string;
  FechaHoraHusoGenEvento: string;
};

export function eventFingerprint(f: EventFields): string {
  return fingerprintOf([
    ['NIF', f.ProducerNIF],
    ['IdSistemaInformatico', f.IdSistemaInformatico],
    ['Version', f.Version],
    ['NumeroInstalacion', f.NumeroInstalacion],
    ['NIF', f.ObligadoNIF],
    ['TipoEvento', f.TipoEvento],
    ['HuellaEvento', f.HuellaEvento],
    ['FechaHoraHusoGenEvento', f.FechaHoraHusoGenEvento],
  ]);
}

/** A stored billing record as the chain sees it. */
export type ChainRecord =
  | { id: string; kind: 'alta'; fields: AltaFields; fingerprint: string }
  | { id: string; kind: 'anulacion'; fields: AnulacionFields; fingerprint: string };

export type ChainBreak = {
  /** 0-based position in the chain. */
  position: number;
  recordId: string;
  reason: 'fingerprint_mismatch' | 'link_mismatch';
  expected: string;
  found: string;
};
export type ChainCheck = { ok: boolean; checked: number; lastFingerprint: string; firstBreak: ChainBreak | null };

export function recordFingerprint(r: ChainRecord): string {
  return r.kind === 'alta' ? altaFingerprint(r.fields) : anulacionFingerprint(r.fields);
}

/**
 * Recomputes every fingerprint and every link of a chain in order and names the first break:
 * a record whose stored fingerprint is not the one its fields give (a field was changed), or whose
 * `Huella` is not the previous record's fingerprint (a record was removed, inserted or reordered).
 */
export function verifyChain(records: Iterable<ChainRecord>, previousFingerprint = ''): ChainCheck {
  let prev = previousFingerprint;
  let position = 0;
  for (const r of records) {
    if (r.fields.Huella !== prev) {
      return { ok: false, checked: position, lastFingerprint: prev, firstBreak: { position, recordId: r.id, reason: 'link_mismatch', expected: prev, found: r.fields.Huella } };
    }
    const computed = recordFingerprint(r);
    if (computed !== r.fingerprint) {
      return { ok: false, checked: position, lastFingerprint: prev, firstBreak: { position, recordId: r.id, reason: 'fingerprint_mismatch', expected: computed, found: r.fingerprint } };
    }
    prev = r.fingerprint;
    position++;
  }
  return { ok: true, checked: position, lastFingerprint: prev, firstBreak: null };
}

export type EventRecord = { id: string; fields: EventFields; fingerprint: string };

/** The same check over the event log. */
export function verifyEventChain(events: Iterable<EventRecord>, previousFingerprint = ''): ChainCheck {
  let prev = previousFingerprint;
  let position = 0;
  for (const e of events) {
    if (e.fields.HuellaEvento !== prev) {
      return { ok: false, checked: position, lastFingerprint: prev, firstBreak: { position, recordId: e.id, reason: 'link_mismatch', expected: prev, found: e.fields.HuellaEvento } };
    }
    const computed = eventFingerprint(e.fields);
    if (computed !== e.fingerprint) {
      return { ok: false, checked: position, lastFingerprint: prev, firstBreak: { position, recordId: e.id, reason: 'fingerprint_mismatch', expected: computed, found: e.fingerprint } };
    }
    prev = e.fingerprint;
    position++;
  }
  return { ok: true, checked: position, lastFingerprint: prev, firstBreak: null };
}

/**
 * The AEAT's verification address printed as a QR code on every invoice: the issuer's NIF, the
 * invoice's series and number, its issue date (dd-mm-yyyy) and its total, URL-encoded.
 * `ValidarQR` is the address of VERI*FACTU systems; `ValidarQRNoVerifactu` that of the others.
 */
export const AEAT_QR_BASE = {
  production: 'https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/',
  test: 'https://prewww2.aeat.es/wlpl/TIKE-CONT/',
} as const;

export function verificationUrl(p: { nif: string; numSerie: string; fecha: string; importe: string; environment: 'production' | 'test'; verifactu: boolean }): string {
  const q = new URLSearchParams({ nif: p.nif, numserie: p.numSerie, fecha: p.fecha, importe: p.importe });
  return `${AEAT_QR_BASE[p.environment]}${p.verifactu ? 'ValidarQR' : 'ValidarQRNoVerifactu'}?${q.toString()}`;
}
