/**
 * The case sheet / work order of an incident as a PDF (pdfkit, the library billing already uses for
 * invoices: pure JavaScript, standard fonts with the euro sign and Spanish letters), in Spanish or
 * English: company header, customer and contact, the unit with the warranty/contract state copied
 * on the incident, symptom, diagnosis, solution, supplies with totals, and signature boxes for the
 * technician and the customer. The technician takes it to the site; the customer signs it.
 */
import PDFDocument from 'pdfkit';
import type { IncidentDetail } from '../../../shared/incidents.ts';
import { formatIsoDate } from '../../../shared/dates.ts';

export type SheetLang = 'es' | 'en';

type Address = { street?: string; city?: string; postalCode?: string; province?: string; country?: string } | null;

/** Everything the sheet prints, gathered by `incidentSheet` in the service. */
export type CaseSheet = {
  lang: SheetLang;
  timeZone: string;
  company: { name: string; taxId: string | null; address: Address } | null;
  incident: IncidentDetail;
  customer: { code: string; name: string; taxId: string | null; address: Address; phones: string[]; emails: string[] };
  /** Catalog codes described in the sheet's language. */
  labels: { origin: string | null; status: string; priority: string; reason: string | null; specificReason: string | null; resolution: string | null; specificResolution: string | null };
};

const T = {
  es: {
    title: 'Hoja de trabajo',
    service: 'Servicio técnico',
    incident: 'Incidencia',
    received: 'Recibida',
    printed: 'Impresa',
    caseType: 'Tipo de caso',
    caseTypes: { warranty: 'Garantía', courtesy: 'Cortesía', billable: 'Facturable' },
    stage: 'Estado',
    stages: { open: 'Abierta', diagnosed: 'Diagnosticada', resolved: 'Resuelta', closed: 'Cerrada' },
    status: 'Situación',
    priority: 'Prioridad',
    origin: 'Origen',
    owner: 'Técnico',
    estimatedClose: 'Cierre previsto',
    customer: 'Cliente',
    taxId: 'NIF',
    contact: 'Contacto',
    phone: 'Teléfono',
    fax: 'Fax',
    email: 'Correo',
    address: 'Dirección',
    unit: 'Equipo',
    item: 'Artículo',
    serial: 'N.º de serie',
    coverage: 'Cobertura el día de entrada',
    underWarranty: (end: string | null) => (end ? `En garantía hasta el ${end}` : 'En garantía'),
    warrantyEnded: (end: string | null) => (end ? `Fuera de garantía (terminó el ${end})` : 'Fuera de garantía'),
    underContract: (code: string, end: string | null) => `Contrato ${code}${end ? ` vigente hasta el ${end}` : ''}`,
    noContract: 'Sin contrato',
    noUnit: 'Sin equipo identificado',
    reason: 'Motivo',
    symptom: 'Síntoma',
    diagnosis: 'Diagnóstico',
    solution: 'Solución',
    resolution: 'Resolución',
    supplies: 'Suministros y mano de obra',
    noSupplies: 'Sin suministros',
    description: 'Descripción',
    qty: 'Cantidad',
    price: 'Precio',
    vat: 'IVA',
    amount: 'Importe',
    base: 'Base imponible',
    vatTotal: 'IVA',
    total: 'Total',
    signTechnician: 'Firma del técnico',
    signCustomer: 'Firma y DNI del cliente',
    name: 'Nombre',
    date: 'Fecha',
    conformity: 'El cliente declara conforme el trabajo descrito.',
    page: (n: number, of: number) => `Página ${n} de ${of}`,
  },
  en: {
    title: 'Work order',
    service: 'Technical service',
    incident: 'Incident',
    received: 'Received',
    printed: 'Printed',
    caseType: 'Case type',
    caseTypes: { warranty: 'Warranty', courtesy: 'Courtesy', billable: 'Billable' },
    stage: 'Stage',
    stages: { open: 'Open', diagnosed: 'Diagnosed', resolved: 'Resolved', closed: 'Closed' },
    status: 'Status',
    priority: 'Priority',
    origin: 'Origin',
    owner: 'Technician',
    estimatedClose: 'Estimated close',
    customer: 'Customer',
    taxId: 'Tax id',
    contact: 'Contact',
    phone: 'Phone',
    fax: 'Fax',
    email: 'E-mail',
    address: 'Address',
    unit: 'Unit',
    item: 'Item',
    serial: 'Serial number',
    coverage: 'Coverage on the received date',
    underWarranty: (end: string | null) => (end ? `Under warranty until ${end}` : 'Under warranty'),
    warrantyEnded: (end: string | null) => (end ? `Out of warranty (ended ${end})` : 'Out of warranty'),
    underContract: (code: string, end: string | null) => `Contract ${code}${end ? ` in force until ${end}` : ''}`,
    noContract: 'No contract',
    noUnit: 'No unit identified',
    reason: 'Reason',
    symptom: 'Symptom',
    diagnosis: 'Diagnosis',
    solution: 'Solution',
    resolution: 'Resolution',
    supplies: 'Parts and labour',
    noSupplies: 'No supplies',
    description: 'Description',
    qty: 'Quantity',
    price: 'Price',
    vat: 'VAT',
    amount: 'Amount',
    base: 'Tax base',
    vatTotal: 'VAT',
    total: 'Total',
    signTechnician: "Technician's signature",
    signCustomer: "Customer's signature and ID",
    name: 'Name',
    date: 'Date',
    conformity: 'The customer accepts the work described.',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} as const;

const localeOf = (lang: SheetLang) => (lang === 'en' ? 'en-GB' : 'es-ES');
const money = (cents: number, lang: SheetLang) => new Intl.NumberFormat(localeOf(lang), { style: 'currency', currency: 'EUR' }).format(cents / 100);
const num = (n: number, lang: SheetLang, max = 3) => new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: max, minimumFractionDigits: 0 }).format(n);
const pct = (bp: number, lang: SheetLang) => `${num(bp / 100, lang, 2)} %`;
/** 02/03/2026 10:30 in the given zone (es-ES and en-GB both write day/month/year). */
function dateTime(iso: string, lang: SheetLang, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(localeOf(lang), { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('day')}/${p('month')}/${p('year')} ${p('hour')}:${p('minute')}`;
}

function addressLines(a: Address): string[] {
  if (!a) return [];
  return [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), [a.province, a.country].filter(Boolean).join(', ')].filter((s): s is string => !!s && s.trim() !== '');
}

const coded = (code: string | null, label: string | null) => (code ? (label && label !== code ? `${code} · ${label}` : code) : null);

export async function renderCaseSheetPdf(sheet: CaseSheet, now: Date = new Date()): Promise<Buffer> {
  const { lang, incident: inc, customer, labels, timeZone } = sheet;
  const t = T[lang];
  const companyName = sheet.company?.name || t.service;
  const doc = new PDFDocument({ size: 'A4', margin: 50, bufferPages: true, info: { Title: `${t.title} ${inc.number}`, Author: companyName } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const left = 50;
  const width = doc.page.width - 100;
  const bottom = () => doc.page.height - 60;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  // Header: the company on the left, the sheet's title and number on the right.
  doc.font('Helvetica-Bold').fontSize(13).text(companyName, left, 50, { width: 300 });
  doc.font('Helvetica').fontSize(9);
  if (sheet.company?.taxId) doc.text(`${t.taxId}: ${sheet.company.taxId}`, { width: 300 });
  for (const l of addressLines(sheet.company?.address ?? null)) doc.text(l, { width: 300 });
  const headerBottom = doc.y;
  doc.font('Helvetica-Bold').fontSize(16).text(t.title, left + 300, 50, { width: width - 300, align: 'right' });
  doc.fontSize(12).text(inc.number, { width: width - 300, align: 'right' });
  doc.font('Helvetica').fontSize(9);
  doc.text(`${t.received}: ${dateTime(inc.receivedAt, lang, timeZone)}`, { width: width - 300, align: 'right' });
  doc.text(`${t.printed}: ${dateTime(now.toISOString(), lang, timeZone)}`, { width: width - 300, align: 'right' });
  doc.y = Math.max(doc.y, headerBottom) + 10;
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).stroke();
  doc.y += 8;

  // Two columns of label: value pairs.
  const pairs = (items: Array<[string, string | null | undefined]>, x: number, w: number, top: number) => {
    doc.y = top;
    for (const [label, value] of items) {
      if (!value) continue;
      doc.font('Helvetica-Bold').fontSize(9).text(`${label}: `, x, doc.y, { width: w, continued: true }).font('Helvetica').text(value);
    }
    return doc.y;
  };
  const section = (title: string) => {
    ensure(40);
    doc.y += 6;
    doc.font('Helvetica-Bold').fontSize(11).fillColor('#1f3a5f').text(title, left, doc.y, { width }).fillColor('black');
    doc.y += 2;
  };

  const colW = width / 2 - 10;
  let top = doc.y;
  const a = pairs(
    [
      [t.caseType, t.caseTypes[inc.caseType]],
      [t.stage, t.stages[inc.stage]],
      [t.status, labels.status],
      [t.priority, labels.priority],
    ],
    left,
    colW,
    top,
  );
  const b = pairs(
    [
      [t.origin, labels.origin],
      [t.owner, [inc.ownerUserName, inc.ownerGroupName].filter(Boolean).join(' · ') || null],
      [t.estimatedClose, inc.estimatedCloseDate ? formatIsoDate(inc.estimatedCloseDate, lang) : null],
    ],
    left + width / 2,
    colW,
    top,
  );
  doc.y = Math.max(a, b);

  // Customer and the contact as the caller gave them.
  section(`${t.customer} / ${t.contact}`);
  top = doc.y;
  const c1 = pairs(
    [
      [t.customer, `${customer.name} (${customer.code})`],
      [t.taxId, customer.taxId],
      [t.address, addressLines(customer.address).join(', ') || null],
      [t.phone, customer.phones.join(', ') || null],
      [t.email, customer.emails.join(', ') || null],
    ],
    left,
    colW,
    top,
  );
  const c2 = pairs(
    [
      [t.contact, inc.contactName],
      [t.phone, inc.contactPhone],
      [t.fax, inc.contactFax],
      [t.email, inc.contactEmail],
      [t.address, inc.contactAddress],
    ],
    left + width / 2,
    colW,
    top,
  );
  doc.y = Math.max(c1, c2);

  // The unit, with its coverage as copied on the incident (never recomputed).
  section(t.unit);
  const w = inc.warranty;
  const end = (d: string | null) => (d ? formatIsoDate(d, lang) : null);
  const coverage = inc.unitId || inc.itemId
    ? [w.underWarranty ? t.underWarranty(end(w.warrantyEnd)) : t.warrantyEnded(end(w.warrantyEnd)), w.underContract && w.contractCode ? t.underContract(w.contractCode, end(w.contractEnd)) : t.noContract].join(' · ')
    : null;
  pairs(
    [
      [t.item, inc.itemId ? [inc.itemCode, inc.itemDescription].filter(Boolean).join(' · ') : t.noUnit],
      [t.serial, inc.serialNumber],
      [t.coverage, coverage],
    ],
    left,
    width,
    doc.y,
  );

  // What the customer sees, what the technician found and did.
  const block = (title: string, body: string | null, extra?: string | null) => {
    section(title);
    if (extra) doc.font('Helvetica-Oblique').fontSize(9).text(extra, left, doc.y, { width });
    doc.font('Helvetica').fontSize(10);
    if (body) doc.text(body, left, doc.y, { width });
    else {
      // Room to write by hand on site.
      ensure(50);
      for (let i = 0; i < 3; i++) {
        doc.y += 15;
        doc.moveTo(left, doc.y).lineTo(left + width, doc.y).dash(1, { space: 2 }).strokeColor('#999').stroke().undash().strokeColor('black');
      }
      doc.y += 4;
    }
  };
  const reason = [coded(inc.reasonCode, labels.reason), coded(inc.specificReasonCode, labels.specificReason)].filter(Boolean).join(' › ');
  block(t.symptom, inc.symptom, reason ? `${t.reason}: ${reason}` : null);
  block(t.diagnosis, inc.diagnosis);
  const resolution = [coded(inc.resolutionCode, labels.resolution), coded(inc.specificResolutionCode, labels.specificResolution)].filter(Boolean).join(' › ');
  block(t.solution, inc.solution, resolution ? `${t.resolution}: ${resolution}` : null);

  // Supplies with totals.
  section(t.supplies);
  const cols = [
    { x: left, w: 235, align: 'left' as const },
    { x: left + 235, w: 60, align: 'right' as const },
    { x: left + 295, w: 70, align: 'right' as const },
    { x: left + 365, w: 50, align: 'right' as const },
    { x: left + 415, w: width - 415, align: 'right' as const },
  ];
  const row = (values: string[], bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const h = Math.max(...values.map((v, i) => doc.heightOfString(v, { width: cols[i].w - 4 }))) + 4;
    ensure(h);
    const y = doc.y;
    values.forEach((v, i) => doc.text(v, cols[i].x, y, { width: cols[i].w - 4, align: cols[i].align }));
    doc.y = y + h;
  };
  if (inc.supplies.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(9).text(t.noSupplies, left, doc.y, { width });
  } else {
    row([t.description, t.qty, t.price, t.vat, t.amount], true);
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).stroke();
    doc.y += 3;
    for (const l of inc.supplies) {
      row([l.itemCode ? `${l.description} (${l.itemCode})` : l.description, num(l.quantityMilli / 1000, lang), money(l.unitPriceCents, lang), pct(l.vatRateBp, lang), money(l.baseCents, lang)]);
    }
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).stroke();
    doc.y += 5;
    const sum = (label: string, value: string, bold = false) => {
      ensure(16);
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9.5);
      doc.text(label, left + 250, y, { width: 160, align: 'right' });
      doc.text(value, left + 415, y, { width: width - 419, align: 'right' });
      doc.y = y + (bold ? 16 : 13);
    };
    sum(t.base, money(inc.totals.baseCents, lang));
    sum(t.vatTotal, money(inc.totals.vatCents, lang));
    sum(t.total, money(inc.totals.totalCents, lang), true);
  }

  // Signature boxes: technician and customer, side by side.
  const boxH = 95;
  if (doc.y + boxH + 40 > bottom()) doc.addPage();
  doc.y += 14;
  doc.font('Helvetica').fontSize(8.5).text(t.conformity, left, doc.y, { width });
  doc.y += 4;
  const boxTop = doc.y;
  const boxW = width / 2 - 10;
  const box = (x: number, title: string, name: string | null) => {
    doc.rect(x, boxTop, boxW, boxH).stroke();
    doc.font('Helvetica-Bold').fontSize(9).text(title, x + 6, boxTop + 6, { width: boxW - 12 });
    doc.font('Helvetica').fontSize(8.5);
    doc.text(`${t.name}: ${name ?? ''}`, x + 6, boxTop + boxH - 30, { width: boxW - 12 });
    doc.text(`${t.date}:`, x + 6, boxTop + boxH - 16, { width: boxW - 12 });
  };
  box(left, t.signTechnician, inc.ownerUserName);
  box(left + width / 2 + 10, t.signCustomer, inc.contactName);
  doc.y = boxTop + boxH + 6;

  // Page numbers and the incident number on every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - 40;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#555');
    doc.text(`${inc.number} · ${customer.name}`, left, y, { width: width / 2, lineBreak: false });
    doc.text(t.page(i - range.start + 1, range.count), left + width / 2, y, { width: width / 2, align: 'right', lineBreak: false });
    doc.fillColor('black');
  }
  doc.end();
  return done;
}
