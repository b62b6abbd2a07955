/**
 * CSV and PDF renderings of a report (the JSON shape in shared/reports.ts), in the caller's
 * language and time zone. CSV: csv-stringify, ';'-separated with a BOM like the UI's CSV export,
 * numbers with the locale's decimal separator and no thousands separator (spreadsheets read them
 * as numbers); durations in hours, percentages in %, money in euros. PDF: pdfkit, A4 landscape,
 * each table drawn as a grid, a bar chart of the first chart-bearing table.
 */
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { formatIsoDate } from '../../../shared/dates.ts';
import type { ColumnKind, Report, ReportCell, ReportTable } from '../../../shared/reports.ts';
import type { Locale } from '../../i18n/messages.ts';

const intlLocale = (l: Locale) => (l === 'en' ? 'en-GB' : 'es-ES');

const TEXT = {
  es: { period: 'Periodo', generated: 'Generado', filters: 'Filtros', page: 'Página', of: 'de', all: 'todo', none: '—', hours: 'h', noRows: 'Sin datos en el periodo.' },
  en: { period: 'Period', generated: 'Generated', filters: 'Filters', page: 'Page', of: 'of', all: 'all', none: '—', hours: 'h', noRows: 'No data in the period.' },
} as const;

/** A duration in seconds as people read it: "45 min", "3 h 05 min", "2 d 4 h". */
export function formatDuration(seconds: number, locale: Locale): string {
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

function dateTimeLabel(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** A cell as shown on screen and on paper. */
export function displayCell(kind: ColumnKind, value: ReportCell, locale: Locale, timeZone: string): string {
  if (value === null || value === undefined || value === '') return TEXT[locale].none;
  const nf = (opts: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat(intlLocale(locale), opts);
  switch (kind) {
    case 'count':
    case 'number':
      return typeof value === 'number' ? nf({ maximumFractionDigits: 2 }).format(value) : String(value);
    case 'duration':
      return formatDuration(Number(value), locale);
    case 'percent':
      return `${nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(value) / 100)} %`;
    case 'money':
      return nf({ style: 'currency', currency: 'EUR' }).format(Number(value) / 100);
    // A label in a date column (a totals row's "Total") is shown as it is.
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? formatIsoDate(String(value), locale) : String(value);
    case 'datetime':
      return Number.isNaN(Date.parse(String(value))) ? String(value) : dateTimeLabel(String(value), locale, timeZone);
    case 'month':
      return /^\d{4}-\d{2}$/.test(String(value)) ? monthLabel(String(value), locale) : String(value);
    default:
      return String(value);
  }
}

/** A cell for a spreadsheet: plain numbers with the locale's decimal separator. */
export function csvCell(kind: ColumnKind, value: ReportCell, locale: Locale, timeZone: string): string {
  if (value === null || value === undefined) return '';
  const dec = (n: number, digits: number) => {
    const s = n.toFixed(digits);
    return locale === 'es' ? s.replace('.', ',') : s;
  };
  switch (kind) {
    case 'count':
      return String(value);
    case 'number':
      return typeof value === 'number' ? dec(value, Number.isInteger(value) ? 0 : 2) : String(value);
    case 'duration':
      return dec(Number(value) / 3600, 2);
    case 'percent':
      return dec(Number(value) / 100, 2);
    case 'money':
      return dec(Number(value) / 100, 2);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? formatIsoDate(String(value), locale) : String(value);
    case 'datetime':
      return Number.isNaN(Date.parse(String(value))) ? String(value) : dateTimeLabel(String(value), locale, timeZone);
    default:
      return String(value);
  }
}

/** Header of a CSV column: the label with its unit where the number needs one. */
export function csvHeader(label: string, kind: ColumnKind): string {
  if (kind === 'duration') return `${label} (h)`;
  if (kind === 'percent') return `${label} (%)`;
  if (kind === 'money') return `${label} (€)`;
  return label;
}

/**
 * The report as CSV: one table, or every table one after another, each headed by its title and
 * separated by an empty line.
 */
export function reportCsv(report: Report, locale: Locale, tableId?: string): string {
  const tables = tableId ? report.tables.filter((t) => t.id === tableId) : report.tables;
  const records: string[][] = [];
  tables.forEach((t, i) => {
    if (!tableId && tables.length > 1) {
      if (i > 0) records.push([]);
      records.push([t.title]);
    }
    records.push(t.columns.map((c) => csvHeader(c.label, c.kind)));
    for (const r of [...t.rows, ...(t.footer ? [t.footer] : [])]) records.push(t.columns.map((c) => csvCell(c.kind, r[c.key] ?? null, locale, report.timeZone)));
  });
  return `\uFEFF${stringify(records, { delimiter: ';', record_delimiter: '\r\n' })}`;
}

export function periodLabel(report: Pick<Report, 'from' | 'to'>, locale: Locale): string {
  const t = TEXT[locale];
  if (!report.from && !report.to) return t.all;
  return `${report.from ? formatIsoDate(report.from, locale) : '…'} – ${report.to ? formatIsoDate(report.to, locale) : '…'}`;
}

// ---- PDF

const PAGE = { margin: 36, width: 841.89, height: 595.28 };
const INK = '#1f2937';
const MUTED = '#6b7280';
const LINE = '#d1d5db';
const BAR = '#228be6';

function columnWidths(table: ReportTable, usable: number): number[] {
  const weights = table.columns.map((c) => (c.kind === 'text' ? 3 : c.kind === 'datetime' ? 2 : 1.2));
  const sum = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => (w / sum) * usable);
}

function drawBars(doc: PDFKit.PDFDocument, table: ReportTable, locale: Locale, timeZone: string) {
  if (!table.chart || table.rows.length === 0) return;
  const series = table.chart.series[0];
  const col = table.columns.find((c) => c.key === series);
  const cat = table.columns.find((c) => c.key === table.chart!.category);
  if (!col || !cat) return;
  const rows = table.rows.slice(0, 12);
  const max = Math.max(1, ...rows.map((r) => Number(r[series] ?? 0)));
  const labelW = 200;
  const barMax = PAGE.width - 2 * PAGE.margin - labelW - 80;
  for (const r of rows) {
    if (doc.y > PAGE.height - PAGE.margin - 20) doc.addPage();
    const y = doc.y;
    const v = Number(r[series] ?? 0);
    doc.fillColor(INK).fontSize(8).text(displayCell(cat.kind, r[cat.key] ?? null, locale, timeZone), PAGE.margin, y + 2, { width: labelW - 6, ellipsis: true, lineBreak: false, height: 10 });
    const w = Math.max(1, (v / max) * barMax);
    doc.rect(PAGE.margin + labelW, y, w, 11).fill(BAR);
    doc.fillColor(INK).text(displayCell(col.kind, v, locale, timeZone), PAGE.margin + labelW + w + 4, y + 2, { lineBreak: false });
    doc.y = y + 15;
  }
  doc.x = PAGE.margin;
  doc.moveDown(0.5);
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, locale: Locale, timeZone: string) {
  const usable = PAGE.width - 2 * PAGE.margin;
  const widths = columnWidths(table, usable);
  const rowH = 14;
  const header = () => {
    const y = doc.y;
    let x = PAGE.margin;
    doc.font('Helvetica-Bold').fontSize(8).fillColor(INK);
    table.columns.forEach((c, i) => {
      doc.text(c.label, x + 2, y + 3, { width: widths[i] - 4, lineBreak: false, ellipsis: true, align: c.kind === 'text' ? 'left' : 'right' });
      x += widths[i];
    });
    doc.moveTo(PAGE.margin, y + rowH).lineTo(PAGE.margin + usable, y + rowH).strokeColor(INK).lineWidth(0.7).stroke();
    doc.font('Helvetica');
    doc.y = y + rowH + 1;
  };
  if (doc.y > PAGE.height - PAGE.margin - 3 * rowH) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(table.title, PAGE.margin, doc.y);
  doc.moveDown(0.3);
  drawBars(doc, table, locale, timeZone);
  if (table.rows.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(TEXT[locale].noRows, PAGE.margin);
    doc.moveDown(0.8);
    return;
  }
  header();
  for (const r of [...table.rows, ...(table.footer ? [table.footer] : [])]) {
    if (doc.y + rowH > PAGE.height - PAGE.margin - 14) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    let x = PAGE.margin;
    doc.fontSize(8).fillColor(INK);
    table.columns.forEach((c, i) => {
      doc.text(displayCell(c.kind, r[c.key] ?? null, locale, timeZone), x + 2, y + 3, { width: widths[i] - 4, lineBreak: false, ellipsis: true, align: c.kind === 'text' ? 'left' : 'right' });
      x += widths[i];
    });
    doc.moveTo(PAGE.margin, y + rowH).lineTo(PAGE.margin + usable, y + rowH).strokeColor(LINE).lineWidth(0.4).stroke();
    doc.y = y + rowH;
  }
  doc.x = PAGE.margin;
  doc.moveDown(1);
}

/** The report as a PDF document (A4 landscape), in the caller's language and time zone. */
export function reportPdf(report: Report, locale: Locale): Promise<Buffer> {
  const t = TEXT[locale];
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: PAGE.margin, bufferPages: true, info: { Title: report.title, Creator: 'Atiende' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).fillColor(INK).text(report.title);
  doc.font('Helvetica').fontSize(9).fillColor(MUTED);
  doc.text(`${t.period}: ${periodLabel(report, locale)}  ·  ${t.generated}: ${dateTimeLabel(report.generatedAt, locale, report.timeZone)} (${report.timeZone})`);
  if (report.filterLabels.length) doc.text(`${t.filters}: ${report.filterLabels.join(' · ')}`);
  doc.moveDown(0.8);

  if (report.figures.length) {
    const perRow = 5;
    const w = (PAGE.width - 2 * PAGE.margin) / perRow;
    for (let i = 0; i < report.figures.length; i += perRow) {
      const y = doc.y;
      report.figures.slice(i, i + perRow).forEach((f, j) => {
        const x = PAGE.margin + j * w;
        doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(f.label, x, y, { width: w - 8, lineBreak: false, ellipsis: true });
        doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text(displayCell(f.kind, f.value, locale, report.timeZone), x, y + 11, { width: w - 8, lineBreak: false });
      });
      doc.y = y + 32;
    }
    doc.x = PAGE.margin;
    doc.moveDown(0.5);
  }
  doc.font('Helvetica');
  for (const table of report.tables) drawTable(doc, table, locale, report.timeZone);
  if (report.notes.length) {
    if (doc.y > PAGE.height - PAGE.margin - 40) doc.addPage();
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED);
    for (const n of report.notes) doc.text(n, PAGE.margin, doc.y, { width: PAGE.width - 2 * PAGE.margin });
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(`${report.title} · ${t.page} ${i + 1} ${t.of} ${range.count}`, PAGE.margin, PAGE.height - PAGE.margin + 10, { width: PAGE.width - 2 * PAGE.margin, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}

