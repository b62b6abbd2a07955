/** Reading back what a test SMTP listener received: a base64 attachment's bytes by file name. */
export function attachmentOf(raw: string, filename: string): Buffer | undefined {
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`Content-Disposition: attachment; filename="?${escaped}"?\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n--`).exec(raw);
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64') : undefined;
}
