import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { isoWithOffset } from '../../../shared/dates.ts';
import { qrPng } from './verifactu-qr.ts';
import { parseAeatReply, parseRecordsXml, recordsToSoap, recordsToXml, type SystemInfo, type XmlRecord } from './verifactu-xml.ts';
import {
  aeatAmount,
  aeatDate,
  altaFingerprint,
  altaFingerprintText,
  anulacionFingerprint,
  type ChainRecord,
  eventFingerprint,
  type EventRecord,
  verificationUrl,
  verifyChain,
  verifyEventChain,
} from './verifactu.rules.ts';

// The AEAT's worked examples ("Detalle de las especificaciones técnicas para generación de la huella").
const F1 = '3C464DAF61ACB827C65FDA19F352A4E3BDC2C640E9E9FC4CC058073F38F12F60';
const F2 = 'F7B94CFD8924EDFF273501B01EE5153E4CE8F259766F88CF6ACB8935802A2B97';
const F3 = '177547C0D57AC74748561D054A9CEC14B4C4EA23D1BEFD6F2E69E3A388F90C68';
const alta1 = {
  IDEmisorFactura: '89890001K',
  NumSerieFactura: '12345678/G33',
  FechaExpedicionFactura: '01-01-2024',
  TipoFactura: 'F1',
  CuotaTotal: '12.35',
  ImporteTotal: '123.45',
  Huella: '',
  FechaHoraHusoGenRegistro: '2024-01-01T19:20:30+01:00',
};
const alta2 = { ...alta1, NumSerieFactura: '12345679/G34', Huella: F1, FechaHoraHusoGenRegistro: '2024-01-01T19:20:35+01:00' };
const anulacion3 = {
  IDEmisorFacturaAnulada: '89890001K',
  NumSerieFacturaAnulada: '12345679/G34',
  FechaExpedicionFacturaAnulada: '01-01-2024',
  Huella: F2,
  FechaHoraHusoGenRegistro: '2024-01-01T19:20:40+01:00',
};

describe("the AEAT's three worked fingerprints, byte for byte", () => {
  it('writes the registration text exactly as the AEAT does', () => {
    expect(altaFingerprintText(alta1)).toBe(
      'IDEmisorFactura=89890001K&NumSerieFactura=12345678/G33&FechaExpedicionFactura=01-01-2024&TipoFactura=F1&CuotaTotal=12.35&ImporteTotal=123.45&Huella=&FechaHoraHusoGenRegistro=2024-01-01T19:20:30+01:00',
    );
  });
  it.each([
    ['1: first registration', () => altaFingerprint(alta1), F1],
    ['2: second registration chained to the first', () => altaFingerprint(alta2), F2],
    ['3: cancellation of the second', () => anulacionFingerprint(anulacion3), F3],
  ])('example %s', (_name, compute, want) => {
    expect(compute()).toBe(want);
  });
  it('trims values as the AEAT does', () => {
    expect(altaFingerprint({ ...alta1, NumSerieFactura: ' 12345678/G33 ' })).toBe(F1);
  });
});

describe('AEAT value formats', () => {
  it.each([
    [12345, '123.45'],
    [1235, '12.35'],
    [5, '0.05'],
    [0, '0.00'],
    [-1235, '-12.35'],
    [-5, '-0.05'],
    [100_000_000_00, '100000000.00'],
  ])('%i cents → %s', (cents, s) => expect(aeatAmount(cents)).toBe(s));
  it.each([
    ['2024-01-01', '01-01-2024'],
    ['2026-12-31', '31-12-2026'],
  ])('%s → %s', (d, s) => expect(aeatDate(d)).toBe(s));
  it.each([
    ['2024-01-01T18:20:30.789Z', 'Europe/Madrid', '2024-01-01T19:20:30+01:00'],
    ['2024-07-01T18:20:30Z', 'Europe/Madrid', '2024-07-01T20:20:30+02:00'],
    ['2024-01-01T18:20:30Z', 'Atlantic/Canary', '2024-01-01T18:20:30+00:00'],
    ['2024-01-01T23:30:00Z', 'Europe/Madrid', '2024-01-02T00:30:00+01:00'],
    ['2024-01-01T02:00:00Z', 'America/New_York', '2023-12-31T21:00:00-05:00'],
  ])('%s in %s → %s', (instant, tz, s) => expect(isoWithOffset(instant, tz)).toBe(s));
});

function chainOf(n: number): ChainRecord[] {
  const out: ChainRecord[] = [];
  let prev = '';
  for (let i = 1; i <= n; i++) {
    const fields = {
      IDEmisorFactura: 'B12345674',
      NumSerieFactura: `F2026-${String(i).padStart(6, '0')}`,
      FechaExpedicionFactura: '02-03-2026',
      TipoFactura: 'F1',
      CuotaTotal: aeatAmount(21 * i),
      ImporteTotal: aeatAmount(121 * i),
      Huella: prev,
      FechaHoraHusoGenRegistro: `2026-03-02T10:00:${String(i % 60).padStart(2, '0')}+01:00`,
    };
    const fingerprint = altaFingerprint(fields);
    out.push({ id: String(i), kind: 'alta', fields, fingerprint });
    prev = fingerprint;
  }
  return out;
}

describe('chain verification names the first break', () => {
  it('accepts the AEAT example chain', () => {
    const chain: ChainRecord[] = [
      { id: 'a', kind: 'alta', fields: alta1, fingerprint: F1 },
      { id: 'b', kind: 'alta', fields: alta2, fingerprint: F2 },
      { id: 'c', kind: 'anulacion', fields: anulacion3, fingerprint: F3 },
    ];
    expect(verifyChain(chain)).toEqual({ ok: true, checked: 3, lastFingerprint: F3, firstBreak: null });
  });

  it.each([
    {
      name: 'an amount changed',
      tamper: (c: ChainRecord[]) => {
        (c[4].fields as { ImporteTotal: string }).ImporteTotal = '1.00';
      },
      position: 4,
      reason: 'fingerprint_mismatch',
    },
    { name: 'a record removed', tamper: (c: ChainRecord[]) => void c.splice(6, 1), position: 6, reason: 'link_mismatch' },
    { name: 'two records swapped', tamper: (c: ChainRecord[]) => void c.splice(2, 2, c[3], c[2]), position: 2, reason: 'link_mismatch' },
    {
      name: 'a record recomputed after a change (the next link breaks)',
      tamper: (c: ChainRecord[]) => {
        const r = c[7] as Extract<ChainRecord, { kind: 'alta' }>;
        r.fields.ImporteTotal = '1.00';
        r.fingerprint = altaFingerprint(r.fields);
      },
      position: 8,
      reason: 'link_mismatch',
    },
    {
      name: 'the fingerprint itself overwritten',
      tamper: (c: ChainRecord[]) => {
        c[0].fingerprint = F1;
      },
      position: 0,
      reason: 'fingerprint_mismatch',
    },
  ])('$name', ({ tamper, position, reason }) => {
    const chain = chainOf(10);
    tamper(chain);
    const check = verifyChain(chain);
    expect(check.ok).toBe(false);
    expect(check.firstBreak?.position).toBe(position);
    expect(check.firstBreak?.reason).toBe(reason);
  });

  it('recomputes a chain of 1,000 records', () => {
    const chain = chainOf(1000);
    expect(verifyChain(chain)).toMatchObject({ ok: true, checked: 1000, lastFingerprint: chain[999].fingerprint });
  });
});

describe('event log chain', () => {
  const sys = { ProducerNIF: 'B12345674', IdSistemaInformatico: 'AT', Version: '0.1.0', NumeroInstalacion: '1', ObligadoNIF: 'B12345674' };
  const events: EventRecord[] = [];
  let prev = '';
  for (const [i, type] of ['01', '03', '08', '02'].entries()) {
    const fields = { ...sys, TipoEvento: type, HuellaEvento: prev, FechaHoraHusoGenEvento: `2026-03-02T10:00:0${i}+01:00` };
    prev = eventFingerprint(fields);
    events.push({ id: String(i + 1), fields, fingerprint: prev });
  }
  it('verifies and names a changed event', () => {
    expect(verifyEventChain(events).ok).toBe(true);
    const tampered = events.map((e) => ({ ...e, fields: { ...e.fields } }));
    tampered[2].fields.TipoEvento = '90';
    expect(verifyEventChain(tampered).firstBreak).toMatchObject({ position: 2, recordId: '3', reason: 'fingerprint_mismatch' });
  });
});

const SYS: SystemInfo = { producerName: 'Servicios Técnicos & Cía, S.L.', producerNif: 'B12345674', name: 'Atiende', id: 'AT', version: '0.1.0', installationNumber: '1' };

describe('AEAT XML of the records', () => {
  const records: XmlRecord[] = [
    {
      kind: 'alta',
      id: '1',
      fields: alta1,
      fingerprint: F1,
      issuerName: 'Empresa <Ejemplo> & Cía',
      description: 'Reparación',
      recipient: { name: 'Cliente, S.A.', nif: 'A28015865' },
      rectifying: null,
      breakdown: [{ rate: '21.00', base: '111.10', cuota: '12.35' }],
      previous: null,
    },
    {
      kind: 'alta',
      id: '2',
      fields: alta2,
      fingerprint: F2,
      issuerName: 'Empresa <Ejemplo> & Cía',
      description: 'Abono',
      recipient: { name: 'Cliente, S.A.', nif: 'A28015865' },
      rectifying: { method: 'I', originals: [{ nif: '89890001K', numSerie: '12345678/G33', fecha: '01-01-2024' }] },
      breakdown: [{ rate: '21.00', base: '111.10', cuota: '12.35' }],
      previous: { IDEmisorFactura: '89890001K', NumSerieFactura: '12345678/G33', FechaExpedicionFactura: '01-01-2024', Huella: F1 },
    },
    {
      kind: 'anulacion',
      id: '3',
      fields: anulacion3,
      fingerprint: F3,
      previous: { IDEmisorFactura: '89890001K', NumSerieFactura: '12345679/G34', FechaExpedicionFactura: '01-01-2024', Huella: F2 },
    },
  ];

  it('writes RegistroAlta and RegistroAnulacion with the AEAT namespaces, escaped', () => {
    const xml = recordsToXml({ name: 'Empresa <Ejemplo> & Cía', nif: '89890001K' }, records, SYS);
    expect(xml).toContain('xmlns:sum="https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroLR.xsd"');
    expect(xml).toContain('xmlns:sum1="https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroInformacion.xsd"');
    expect(xml).toContain('<sum1:RegistroAlta>');
    expect(xml).toContain('<sum1:RegistroAnulacion>');
    expect(xml).toContain('<sum1:PrimerRegistro>S</sum1:PrimerRegistro>');
    expect(xml).toContain(`<sum1:Huella>${F3}</sum1:Huella>`);
    expect(xml).toContain('<sum1:TipoRectificativa>I</sum1:TipoRectificativa>');
    expect(xml).toContain('Empresa &lt;Ejemplo&gt; &amp; Cía');
    expect(xml).not.toContain('<Ejemplo>');
    // The order of the RegistroAlta's elements is the schema's sequence.
    const order = ['IDVersion', 'IDFactura', 'NombreRazonEmisor', 'TipoFactura', 'DescripcionOperacion', 'Destinatarios', 'Desglose', 'CuotaTotal', 'ImporteTotal', 'Encadenamiento', 'SistemaInformatico', 'FechaHoraHusoGenRegistro', 'TipoHuella', 'Huella'];
    const first = xml.slice(xml.indexOf('<sum1:RegistroAlta>'), xml.indexOf('</sum1:RegistroAlta>'));
    const positions = order.map((el) => first.indexOf(`<sum1:${el}>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('reads the export back and the chain recomputes from the XML alone', () => {
    const xml = recordsToXml({ name: 'X', nif: '89890001K' }, records, SYS);
    const parsed = parseRecordsXml(xml);
    expect(parsed.map((r) => r.kind)).toEqual(['alta', 'alta', 'anulacion']);
    expect(parsed[0].fields).toEqual(alta1);
    expect(verifyChain(parsed)).toMatchObject({ ok: true, checked: 3 });
    const tampered = xml.replace('<sum1:ImporteTotal>123.45</sum1:ImporteTotal>', '<sum1:ImporteTotal>123.40</sum1:ImporteTotal>');
    expect(verifyChain(parseRecordsXml(tampered)).firstBreak).toMatchObject({ position: 0, reason: 'fingerprint_mismatch' });
  });

  it('wraps the records in the SOAP envelope for sending, and reads the AEAT reply', () => {
    const soap = recordsToSoap({ name: 'X', nif: '89890001K' }, records, SYS);
    expect(soap).toContain('<soapenv:Envelope');
    expect(parseRecordsXml(soap)).toHaveLength(3);
    const reply = parseAeatReply(`<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><tikR:RespuestaRegFactuSistemaFacturacion xmlns:tikR="x" xmlns:tik="y">
      <tikR:CSV>A-ABC123</tikR:CSV><tikR:EstadoEnvio>ParcialmenteCorrecto</tikR:EstadoEnvio>
      <tikR:RespuestaLinea><tikR:IDFactura><tik:IDEmisorFactura>89890001K</tik:IDEmisorFactura><tik:NumSerieFactura>12345678/G33</tik:NumSerieFactura></tikR:IDFactura><tikR:EstadoRegistro>Correcto</tikR:EstadoRegistro></tikR:RespuestaLinea>
      <tikR:RespuestaLinea><tikR:IDFactura><tik:NumSerieFactura>12345679/G34</tik:NumSerieFactura></tikR:IDFactura><tikR:EstadoRegistro>Incorrecto</tikR:EstadoRegistro><tikR:CodigoErrorRegistro>1100</tikR:CodigoErrorRegistro><tikR:DescripcionErrorRegistro>Valor o tipo incorrecto</tikR:DescripcionErrorRegistro></tikR:RespuestaLinea>
      </tikR:RespuestaRegFactuSistemaFacturacion></env:Body></env:Envelope>`);
    expect(reply).toEqual({
      overall: 'ParcialmenteCorrecto',
      csv: 'A-ABC123',
      lines: [
        { numSerie: '12345678/G33', state: 'Correcto', errorCode: null, errorText: null },
        { numSerie: '12345679/G34', state: 'Incorrecto', errorCode: '1100', errorText: 'Valor o tipo incorrecto' },
      ],
    });
  });
});

describe('verification QR', () => {
  it.each([
    [
      { nif: '89890001K', numSerie: '12345678/G33', fecha: '01-01-2024', importe: '241.40', environment: 'test' as const, verifactu: true },
      'https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie=12345678%2FG33&fecha=01-01-2024&importe=241.40',
    ],
    [
      { nif: 'B12345674', numSerie: 'F2026-000001', fecha: '02-03-2026', importe: '121.00', environment: 'production' as const, verifactu: true },
      'https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=B12345674&numserie=F2026-000001&fecha=02-03-2026&importe=121.00',
    ],
    [
      { nif: 'B12345674', numSerie: 'A&B 1', fecha: '02-03-2026', importe: '-5.00', environment: 'production' as const, verifactu: false },
      'https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQRNoVerifactu?nif=B12345674&numserie=A%26B+1&fecha=02-03-2026&importe=-5.00',
    ],
  ])('%o', (p, url) => {
    expect(verificationUrl(p)).toBe(url);
  });

  it('draws a QR code that decodes back to the URL', async () => {
    const url = verificationUrl({ nif: 'B12345674', numSerie: 'F2026-000001', fecha: '02-03-2026', importe: '121.00', environment: 'production', verifactu: true });
    const png = PNG.sync.read(await qrPng(url, 240));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(url);
  });
});
