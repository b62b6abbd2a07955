/** The text of a PDF, page after page, read back with pdfjs as a reader would see it. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(buf: Buffer | Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(buf), useSystemFonts: true }).promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    out.push((await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  return out.join('\n');
}
