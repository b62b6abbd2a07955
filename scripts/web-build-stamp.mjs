/**
 * The stamp of what the built web UI was made from: a hash of the UI's sources (src/web,
 * src/shared), the Vite configuration and the lock file. Vite writes it into dist/web at the end of
 * every build; `npm start` (scripts/build-web-if-needed.mjs) rebuilds only when it no longer matches.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP_FILE = path.join(ROOT, 'dist/web/build-stamp.json');

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (!/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

export function sourceStamp() {
  const files = [...walk(path.join(ROOT, 'src/web'), []), ...walk(path.join(ROOT, 'src/shared'), []), path.join(ROOT, 'vite.config.ts'), path.join(ROOT, 'package-lock.json')]
    .filter((f) => fs.existsSync(f))
    .sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) {
    hash.update(path.relative(ROOT, f));
    hash.update('\0');
    hash.update(fs.readFileSync(f));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function builtStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8')).sources ?? null;
  } catch {
    return null;
  }
}
