import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Every area's texts live in `i18n.es.json` and `i18n.en.json`: both languages must say the same things. */
const WEB = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAIRS = readdirSync(WEB, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((area) => readdirSync(join(WEB, area)).includes('i18n.es.json'));

type Texts = { [key: string]: string | Texts };
const read = (area: string, language: string): Texts =>
  JSON.parse(readFileSync(join(WEB, area, `i18n.${language}.json`), 'utf8')) as Texts;

/** `path → text` for every leaf. */
function leaves(texts: Texts, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(texts)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('web texts in Spanish and English', () => {
  it('finds the resource files of the shell and of every area', () => {
    expect(PAIRS).toEqual(expect.arrayContaining(['app', 'calls', 'customers', 'incidents', 'billing', 'reports', 'sla']));
  });

  it.each(PAIRS)('%s: the same keys, no empty text and the same {{placeholders}} in both languages', (area) => {
    const es = leaves(read(area, 'es'));
    const en = leaves(read(area, 'en'));
    expect([...en.keys()].sort()).toEqual([...es.keys()].sort());
    for (const [path, text] of es) {
      expect(text.trim(), `es ${area}:${path}`).not.toBe('');
      expect(en.get(path)!.trim(), `en ${area}:${path}`).not.toBe('');
      expect(placeholders(en.get(path)!), `${area}:${path}`).toEqual(placeholders(text));
    }
  });
});
