/**
 * Pure helpers for attached files: what a file really is (from its bytes, never from what the
 * client claims), a safe stored name, and a Content-Disposition that always downloads.
 */
import { fileTypeFromBuffer } from 'file-type';

/** The largest file accepted (10 MB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

function looksLikeText(data: Buffer): boolean {
  const sample = data.subarray(0, 64 * 1024);
  if (sample.includes(0)) return false;
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: sample.length < data.length });
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type from the file's own bytes (magic numbers); text without a signature is
 * text/plain (never text/html: an uploaded page must not become one of ours); anything else is
 * application/octet-stream.
 */
export async function detectContentType(data: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(data);
  if (detected) return detected.mime;
  return looksLikeText(data) ? 'text/plain' : 'application/octet-stream';
}

/** The last path segment, without control characters, at most 200 characters. */
export function safeFileName(name: string | undefined | null): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().replace(/^\.+/, '').trim();
  if (!clean) return 'archivo';
  if (clean.length <= 200) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, 200 - ext.length) + ext;
}

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name; always "attachment". */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
