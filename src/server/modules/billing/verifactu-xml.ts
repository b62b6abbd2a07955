/**
 * The AEAT's XML of billing records (`RegistroAlta` / `RegistroAnulacion` inside
 * `RegFactuSistemaFacturacion`, schemas SuministroLR.xsd and SuministroInformacion.xsd), written and
 * read back with fast-xml-parser (maintained, no native code; we never build XML by string
 * concatenation, so names and values are always escaped). Pure.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { AltaFields, AnulacionFields, ChainRecord } from './verifactu.rules.ts';

export const NS_LR = 'https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroLR.xsd';
export const NS_INFO = 'https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroInformacion.xsd';
export const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The billing system ("sistema informático") as every record names it. */
export type SystemInfo = {
  producerName: string;
  producerNif: string;
  name: string;
  /** Two characters. */
  id: string;
  version: string;
  installationNumber: string;
};

/** The invoice the previous record of the chain was about, and its fingerprint. */
export type PreviousRef = { IDEmisorFactura: string; NumSerieFactura: string; FechaExpedicionFactura: string; Huella: string };

export type AltaXmlRecord = {
  kind: 'alta';
  id: string;
  fields: AltaFields;
  fingerprint: string;
  issuerName: string;
  description: string;
  recipient: { name: string; nif: string } | null;
  rectifying: null | {
    method: 'S' | 'I';
    originals: Array<{ nif: string; numSerie: string; fecha: string }>;
    /** Substitution only: the original's base and VAT. */
    base?: string;
    cuota?: string;
  };
  /** Per VAT rate: "21.00", "100.00", "21.00". */
  breakdown: Array<{ rate: string; base: string; cuota: string }>;
  previous: PreviousRef | null;
};

export type AnulacionXmlRecord = {
  kind: 'anulacion';
  id: string;
  fields: AnulacionFields;
  fingerprint: string;
  previous: PreviousRef | null;
};

export type XmlRecord = AltaXmlRecord | AnulacionXmlRecord;

const S = 'sum1:';

function chainXml(previous: PreviousRef | null) {
  if (!previous) return { [`${S}PrimerRegistro`]: 'S' };
  return {
    [`${S}RegistroAnterior`]: {
      [`${S}IDEmisorFactura`]: previous.IDEmisorFactura,
      [`${S}NumSerieFactura`]: previous.NumSerieFactura,
      [`${S}FechaExpedicionFactura`]: previous.FechaExpedicionFactura,
      [`${S}Huella`]: previous.Huella,
    },
  };
}

function systemXml(sys: SystemInfo) {
  return {
    [`${S}NombreRazon`]: sys.producerName,
    [`${S}NIF`]: sys.producerNif,
    [`${S}NombreSistemaInformatico`]: sys.name,
    [`${S}IdSistemaInformatico`]: sys.id,
    [`${S}Version`]: sys.version,
    [`${S}NumeroInstalacion`]: sys.installationNumber,
    [`${S}TipoUsoPosibleSoloVerifactu`]: 'N',
    [`${S}TipoUsoPosibleMultiOT`]: 'N',
    [`${S}IndicadorMultiplesOT`]: 'N',
  };
}

function altaXml(r: AltaXmlRecord, sys: SystemInfo) {
  const f = r.fields;
  const body: Record<string, unknown> = {
    [`${S}IDVersion`]: '1.0',
    [`${S}IDFactura`]: {
      [`${S}IDEmisorFactura`]: f.IDEmisorFactura,
      [`${S}NumSerieFactura`]: f.NumSerieFactura,
      [`${S}FechaExpedicionFactura`]: f.FechaExpedicionFactura,
    },
    [`${S}NombreRazonEmisor`]: r.issuerName,
    [`${S}TipoFactura`]: f.TipoFactura,
  };
  if (r.rectifying) {
    body[`${S}TipoRectificativa`] = r.rectifying.method;
    body[`${S}FacturasRectificadas`] = {
      [`${S}IDFacturaRectificada`]: r.rectifying.originals.map((o) => ({
        [`${S}IDEmisorFactura`]: o.nif,
        [`${S}NumSerieFactura`]: o.numSerie,
        [`${S}FechaExpedicionFactura`]: o.fecha,
      })),
    };
    if (r.rectifying.method === 'S') {
      body[`${S}ImporteRectificacion`] = { [`${S}BaseRectificada`]: r.rectifying.base ?? '0.00', [`${S}CuotaRectificada`]: r.rectifying.cuota ?? '0.00' };
    }
  }
  body[`${S}DescripcionOperacion`] = r.description;
  if (r.recipient) body[`${S}Destinatarios`] = { [`${S}IDDestinatario`]: [{ [`${S}NombreRazon`]: r.recipient.name, [`${S}NIF`]: r.recipient.nif }] };
  body[`${S}Desglose`] = {
    [`${S}DetalleDesglose`]: r.breakdown.map((b) => ({
      [`${S}ClaveRegimen`]: '01',
      [`${S}CalificacionOperacion`]: 'S1',
      [`${S}TipoImpositivo`]: b.rate,
      [`${S}BaseImponibleOimporteNoSujeto`]: b.base,
      [`${S}CuotaRepercutida`]: b.cuota,
    })),
  };
  body[`${S}CuotaTotal`] = f.CuotaTotal;
  body[`${S}ImporteTotal`] = f.ImporteTotal;
  body[`${S}Encadenamiento`] = chainXml(r.previous);
  body[`${S}SistemaInformatico`] = systemXml(sys);
  body[`${S}FechaHoraHusoGenRegistro`] = f.FechaHoraHusoGenRegistro;
  body[`${S}TipoHuella`] = '01';
  body[`${S}Huella`] = r.fingerprint;
  return { [`${S}RegistroAlta`]: body };
}

function anulacionXml(r: AnulacionXmlRecord, sys: SystemInfo) {
  const f = r.fields;
  return {
    [`${S}RegistroAnulacion`]: {
      [`${S}IDVersion`]: '1.0',
      [`${S}IDFactura`]: {
        [`${S}IDEmisorFacturaAnulada`]: f.IDEmisorFacturaAnulada,
        [`${S}NumSerieFacturaAnulada`]: f.NumSerieFacturaAnulada,
        [`${S}FechaExpedicionFacturaAnulada`]: f.FechaExpedicionFacturaAnulada,
      },
      [`${S}Encadenamiento`]: chainXml(r.previous),
      [`${S}SistemaInformatico`]: systemXml(sys),
      [`${S}FechaHoraHusoGenRegistro`]: f.FechaHoraHusoGenRegistro,
      [`${S}TipoHuella`]: '01',
      [`${S}Huella`]: r.fingerprint,
    },
  };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: false });

/** The `RegFactuSistemaFacturacion` element with its header and records (no envelope). */
function regFactu(issuer: { name: string; nif: string }, records: XmlRecord[], sys: SystemInfo, withNs: boolean) {
  return {
    'sum:RegFactuSistemaFacturacion': {
      ...(withNs ? { '@_xmlns:sum': NS_LR, '@_xmlns:sum1': NS_INFO } : {}),
      'sum:Cabecera': { [`${S}ObligadoEmision`]: { [`${S}NombreRazon`]: issuer.name, [`${S}NIF`]: issuer.nif } },
      'sum:RegistroFactura': records.map((r) => (r.kind === 'alta' ? altaXml(r, sys) : anulacionXml(r, sys))),
    },
  };
}

/** An XML document with the records, for export and for the auditor. */
export function recordsToXml(issuer: { name: string; nif: string }, records: XmlRecord[], sys: SystemInfo): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(regFactu(issuer, records, sys, true))}`;
}

/** The same records inside the SOAP envelope the AEAT's web service takes. */
export function recordsToSoap(issuer: { name: string; nif: string }, records: XmlRecord[], sys: SystemInfo): string {
  const envelope = {
    'soapenv:Envelope': {
      '@_xmlns:soapenv': NS_SOAP,
      '@_xmlns:sum': NS_LR,
      '@_xmlns:sum1': NS_INFO,
      'soapenv:Header': '',
      'soapenv:Body': regFactu(issuer, records, sys, false),
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(envelope)}`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Keep every value as written: "12.30" stays "12.30", a NIF of digits stays a string.
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['RegistroFactura', 'DetalleDesglose', 'IDDestinatario', 'IDFacturaRectificada'].includes(name),
});

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/**
 * Reads exported records back into chain records (their fingerprint fields, the stored
 * fingerprint), so the chain can be recomputed from the XML alone.
 */
export function parseRecordsXml(xml: string): ChainRecord[] {
  const doc = parser.parse(xml) as Obj;
  const envelope = doc.Envelope as Obj | undefined;
  const root = ((envelope?.Body as Obj | undefined)?.RegFactuSistemaFacturacion ?? doc.RegFactuSistemaFacturacion) as Obj | undefined;
  if (!root) throw new Error('not a RegFactuSistemaFacturacion document');
  return ((root.RegistroFactura as Obj[] | undefined) ?? []).map((rf, i) => {
    const record = (rf.RegistroAlta || rf.RegistroAnulacion) as Obj;
    const id = record.IDFactura as Obj;
    const prev = ((record.Encadenamiento as Obj)?.RegistroAnterior as Obj | undefined)?.Huella;
    const head = { id: String(i + 1), fingerprint: str(record.Huella) };
    if (rf.RegistroAlta) {
      const a = record;
      return {
        ...head,
        kind: 'alta' as const,
        fields: {
          IDEmisorFactura: str(id.IDEmisorFactura),
          NumSerieFactura: str(id.NumSerieFactura),
          FechaExpedicionFactura: str(id.FechaExpedicionFactura),
          TipoFactura: str(a.TipoFactura),
          CuotaTotal: str(a.CuotaTotal),
          ImporteTotal: str(a.ImporteTotal),
          Huella: str(prev),
          FechaHoraHusoGenRegistro: str(a.FechaHoraHusoGenRegistro),
        },
      };
    }
    return {
      ...head,
      kind: 'anulacion' as const,
      fields: {
        IDEmisorFacturaAnulada: str(id.IDEmisorFacturaAnulada),
        NumSerieFacturaAnulada: str(id.NumSerieFacturaAnulada),
        FechaExpedicionFacturaAnulada: str(id.FechaExpedicionFacturaAnulada),
        Huella: str(prev),
        FechaHoraHusoGenRegistro: str(record.FechaHoraHusoGenRegistro),
      },
    };
  });
}

/** The AEAT's answer to a submission: overall state and, per record, its state and error. */
export type AeatReply = {
  overall: string | null;
  csv: string | null;
  lines: Array<{ numSerie: string; state: string; errorCode: string | null; errorText: string | null }>;
};

/** Reads the AEAT's `RespuestaRegFactuSistemaFacturacion` (inside its SOAP envelope or not). */
export function parseAeatReply(xml: string): AeatReply {
  const doc = new XMLParser({ removeNSPrefix: true, parseTagValue: false, isArray: (n) => n === 'RespuestaLinea' }).parse(xml) as Obj;
  const body = ((doc.Envelope as Obj | undefined)?.Body as Obj | undefined) ?? doc;
  const r = (body.RespuestaRegFactuSistemaFacturacion ?? {}) as Obj;
  const lines = ((r.RespuestaLinea as Obj[] | undefined) ?? []).map((l) => {
    const id = (l.IDFactura ?? {}) as Obj;
    return {
      numSerie: str(id.NumSerieFactura ?? id.NumSerieFacturaAnulada),
      state: str(l.EstadoRegistro),
      errorCode: l.CodigoErrorRegistro === undefined ? null : str(l.CodigoErrorRegistro),
      errorText: l.DescripcionErrorRegistro === undefined ? null : str(l.DescripcionErrorRegistro),
    };
  });
  return { overall: r.EstadoEnvio === undefined ? null : str(r.EstadoEnvio), csv: r.CSV === undefined ? null : str(r.CSV), lines };
}
