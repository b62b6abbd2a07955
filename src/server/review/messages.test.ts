/**
 * Every error code the server can answer with has a text in Spanish and in English. The codes are
 * collected from the sources, so a new `fieldError(…, 'code')` without its translation fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import '../app.ts'; // loads every module, and with them every registerMessages(...)
import { hasMessage, translate } from '../i18n/messages.ts';
import { installAreas } from '../modules/area.ts';
import { areas } from '../modules/index.ts';

// Areas of the new shape declare their texts in their manifest; buildApp installs them, so do it here.
installAreas(areas);

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PATTERNS = [
  /fieldError\(\s*[^,()]+,\s*'([a-z0-9_]+)'/g,
  /new AppError\(\s*'([a-z0-9_]+)'/g,
  /new ActionFailure\(\s*'([a-z0-9_]+)'/g,
  /conflict\(\s*'([a-z0-9_]+)'/g,
  /\bcode:\s*'([a-z0-9_]+)'/g,
  /\bcode:\s*'[a-z0-9_]+'(?:\s*\|\s*'([a-z0-9_]+)')+/g,
  /\bmessage:\s*'([a-z0-9_]+)'/g,
  /\.(?:min|max|length|regex|refine)\([^)]*?,\s*'([a-z0-9_]+)'\)/g,
];

/** Matches of the patterns above that are not error codes. */
const NOT_CODES = new Set(['input']);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' || e.name === 'review' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function usedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(serverDir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const re of PATTERNS) {
      for (const m of text.matchAll(re)) {
        // Unions of literal codes ('a' | 'b' | 'c'): take every member.
        const union = re.source.includes('\\|');
        const matched = union ? m[0].match(/'([a-z0-9_]+)'/g)!.map((s) => s.slice(1, -1)) : [m[1]!];
        for (const code of matched) if (!NOT_CODES.has(code) && !found.has(code)) found.set(code, path.relative(serverDir, file));
      }
    }
  }
  return found;
}

describe('error messages', () => {
  const codes = usedCodes();

  it('finds the codes the services use', () => {
    expect(codes.size).toBeGreaterThan(50);
    for (const c of ['call_from_required', 'call_already_finished', 'project_choice_required', 'invalid_tax_id']) expect([...codes.keys()]).toContain(c);
  });

  it('has a Spanish and an English text for every code used in src/server', () => {
    const missing = [...codes].filter(([code]) => !hasMessage(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('never answers a code as its own text, and the two languages differ', () => {
    const same = [...codes.keys()].filter((c) => translate('es', c, { value: 'X', minimum: 1, maximum: 2 }) === translate('en', c, { value: 'X', minimum: 1, maximum: 2 }));
    expect(same).toEqual([]);
  });
});
