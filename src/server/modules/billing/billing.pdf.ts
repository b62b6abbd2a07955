/**
 * The invoice as a PDF (pdfkit: maintained, pure JavaScript, standard fonts with the euro sign and
 * Spanish letters), in Spanish or English: issuer, customer, lines, VAT per rate, totals,
 * instalments, the AEAT verification QR with the "VERI*FACTU" legend, and "Factura rectificativa
 * de …" where it applies — everything RD 1619/2012 art. 6 asks an invoice to show.
 */
import PDFDocument from 'pdfkit';
import type { InvoiceDetail } from '../../../shared/billing.ts';
import { formatIsoDate } from '../../../shared/dates.ts';
import { qrPng } from './verifactu-qr.ts';

type Lang = 'es' | 'en';

const T = {
  es: {
    invoice: 'Factura',
    simplified: 'Factura simplificada',
    rectifying: 'Factura rectificativa',
    rectifiesOf: (n: string, type: string, m: string) => `Factura rectificativa de ${n} (${type}, ${m === 'substitution' ? 'por sustitución' : 'por diferencias'})`,
    reason: 'Motivo',
    number: 'Número',
    date: 'Fecha de expedición',
    issuer: 'Emisor',
    customer: 'Cliente',
    taxId: 'NIF',
    description: 'Descripción',
    qty: 'Cantidad',
    price: 'Precio',
    discount: 'Dto.',
    vat: 'IVA',
    amount: 'Importe',
    base: 'Base imponible',
    vatAt: (r: string) => `IVA ${r}`,
    total: 'Total',
    instalments: 'Vencimientos',
    due: 'Vence',
    paymentTerm: 'Forma de pago',
    incident: 'Incidencia',
    verifiable: 'Factura verificable en la sede electrónica de la AEAT',
    voided: 'ANULADA',
    page: 'Página',
  },
  en: {
    invoice: 'Invoice',
    simplified: 'Simplified invoice',
    rectifying: 'Corrective invoice',
    rectifiesOf: (n: string, type: string, m: string) => `Corrective invoice of ${n} (${type}, ${m === 'substitution' ? 'by substitution' : 'by differences'})`,
    reason: 'Reason',
    number: 'Number',
    date: 'Issue date',
    issuer: 'Issuer',
    customer: 'Customer',
    taxId: 'Tax id',
    description: 'Description',
    qty: 'Quantity',
    price: 'Price',
    discount: 'Disc.',
    vat: 'VAT',
    amount: 'Amount',
    base: 'Tax base',
    vatAt: (r: string) => `VAT ${r}`,
    total: 'Total',
    instalments: 'Instalments',
    due: 'Due',
    paymentTerm: 'Payment terms',
    incident: 'Incident',
    verifiable: 'Invoice verifiable at the AEAT website',
    voided: 'VOIDED',
    page: 'Page',
  },
} as const;

function money(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-ES', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
function num(n: number, lang: Lang, max = 3): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-ES', { maximumFractionDigits: max, minimumFractionDigits: 0 }).format(n);
}
function pct(bp: number, lang: Lang): string {
  return `${num(bp / 100, lang, 2)} %`;
}
function addressLines(a: InvoiceDetail['issuer']['address']): string[] {
  if (!a) return [];
  return [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), [a.province, a.country].filter(Boolean).join(', ')].filter((s): s is string => !!s && s.trim() !== '');
}

export async function renderInvoicePdf(inv: InvoiceDetail, lang: Lang): Promise<Buffer> {
  const t = T[lang];
  const qr = await qrPng(inv.qrUrl, 300);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${t.invoice} ${inv.number}`, Author: inv.issuer.name } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const left = 50;
  const width = doc.page.width - 100;
  const title = inv.rectifiesInvoiceId ? t.rectifying : inv.invoiceType === 'F2' ? t.simplified : t.invoice;

  // Header: issuer on the left, QR with its legend on the right (top of the invoice, as the AEAT asks).
  doc.font('Helvetica-Bold').fontSize(13).text(inv.issuer.name, left, 50, { width: 330 });
  doc.font('Helvetica').fontSize(9).text(`${t.taxId}: ${inv.issuer.taxId}`, { width: 330 });
  for (const l of addressLines(inv.issuer.address)) doc.text(l, { width: 330 });
  const qrSize = 100;
  const qrX = doc.page.width - 50 - qrSize;
  doc.font('Helvetica-Bold').fontSize(9).text('QR tributario:', qrX, 40, { width: qrSize, align: 'center' });
  doc.image(qr, qrX, 52, { width: qrSize, height: qrSize });
  doc.font('Helvetica-Bold').fontSize(9).text('VERI*FACTU', qrX, 154, { width: qrSize, align: 'center' });
  doc.font('Helvetica').fontSize(6.5).text(t.verifiable, qrX - 10, 166, { width: qrSize + 20, align: 'center' });

  doc.font('Helvetica-Bold').fontSize(18).text(title, left, 190);
  if (inv.voidedAt) doc.fillColor('#b00020').fontSize(12).text(t.voided, left, 192, { width, align: 'right' }).fillColor('black');
  doc.font('Helvetica').fontSize(10);
  doc.text(`${t.number}: ${inv.number}`, left, 215);
  doc.text(`${t.date}: ${formatIsoDate(inv.issueDate, lang)}`);
  if (inv.rectifiesNumber && inv.rectifyingMethod) {
    doc.font('Helvetica-Bold').text(t.rectifiesOf(inv.rectifiesNumber, inv.invoiceType, inv.rectifyingMethod));
    doc.font('Helvetica');
    if (inv.rectificationReason) doc.text(`${t.reason}: ${inv.rectificationReason}`);
  }
  if (inv.incidentNumber) doc.text(`${t.incident}: ${inv.incidentNumber}`);

  // Customer as it was when issued.
  const custTop = 215;
  doc.font('Helvetica-Bold').text(t.customer, 320, custTop, { width: 225 });
  doc.font('Helvetica').text(inv.customer.name, { width: 225 });
  if (inv.customer.taxId) doc.text(`${t.taxId}: ${inv.customer.taxId}`, { width: 225 });
  for (const l of addressLines(inv.customer.address)) doc.text(l, { width: 225 });

  // Lines.
  let y = Math.max(doc.y, 300) + 10;
  const cols = [
    { key: 'description', x: left, w: 215, align: 'left' as const },
    { key: 'qty', x: left + 215, w: 55, align: 'right' as const },
    { key: 'price', x: left + 270, w: 65, align: 'right' as const },
    { key: 'discount', x: left + 335, w: 40, align: 'right' as const },
    { key: 'vat', x: left + 375, w: 45, align: 'right' as const },
    { key: 'amount', x: left + 420, w: width - 420, align: 'right' as const },
  ];
  const row = (values: string[], bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const heights = values.map((v, i) => doc.heightOfString(v, { width: cols[i].w - 4 }));
    const h = Math.max(...heights) + 4;
    if (y + h > doc.page.height - 60) {
      doc.addPage();
      y = 50;
    }
    values.forEach((v, i) => doc.text(v, cols[i].x, y, { width: cols[i].w - 4, align: cols[i].align }));
    y += h;
  };
  row([t.description, t.qty, t.price, t.discount, t.vat, t.amount], true);
  doc.moveTo(left, y).lineTo(left + width, y).stroke();
  y += 3;
  for (const l of inv.lines) {
    row([l.description, num(l.quantityMilli / 1000, lang), money(l.unitPriceCents, lang), l.discountBp ? pct(l.discountBp, lang) : '', pct(l.vatRateBp, lang), money(l.amountCents, lang)]);
  }
  doc.moveTo(left, y).lineTo(left + width, y).stroke();
  y += 8;

  // VAT per rate and totals.
  const sumRow = (label: string, value: string, bold = false) => {
    if (y > doc.page.height - 80) {
      doc.addPage();
      y = 50;
    }
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9.5);
    doc.text(label, left + 250, y, { width: 170, align: 'right' });
    doc.text(value, left + 420, y, { width: width - 420, align: 'right' });
    y += bold ? 16 : 13;
  };
  for (const b of inv.vatBreakdown) {
    sumRow(`${t.base} (${pct(b.vatRateBp, lang)})`, money(b.baseCents, lang));
    sumRow(t.vatAt(pct(b.vatRateBp, lang)), money(b.vatCents, lang));
  }
  sumRow(t.total, money(inv.totalCents, lang), true);

  // Payment terms and instalments.
  y += 8;
  doc.font('Helvetica').fontSize(9.5);
  if (inv.paymentTerm) {
    doc.text(`${t.paymentTerm}: ${inv.paymentTerm}`, left, y);
    y = doc.y + 4;
  }
  if (inv.instalments.length) {
    doc.font('Helvetica-Bold').text(t.instalments, left, y);
    doc.font('Helvetica');
    for (const i of inv.instalments) doc.text(`${i.seq}. ${t.due} ${formatIsoDate(i.dueDate, lang)}: ${money(i.amountCents, lang)}`);
  }
  doc.end();
  return done;
}
