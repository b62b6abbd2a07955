/** CSV for spreadsheet programs: `;`-separated (Spanish Excel), BOM so accents survive. */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[";\n\r,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Builds CSV text (with BOM so spreadsheet programs read the accents). */
export function toCsv(header: string[], rows: unknown[][], separator = ';'): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(separator)).join('\r\n')}\r\n`;
}

export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

