/**
 * House rules of the web (docs/architecture.md, issue 15) checked on the sources:
 * - a screen (`.tsx`) never calls the API itself: each area's `queries.ts` holds the requests,
 *   query-key factories and hooks;
 * - one `useCatalog`, one `CatalogEntry`, one user and one group option type for the whole web
 *   (the types come from src/shared);
 * - a query key starts with its area's name, and keys are written in `queries.ts` factories only
 *   (one key, one shape: e2e/shared-keys.test.ts shows what sharing a key across shapes broke).
 * Pure file reading: runs in the `unit` project.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const web = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(web, '../..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const rel = (p: string) => path.relative(root, p);
const read = (p: string) => fs.readFileSync(p, 'utf8');
const API_CALL = /\bapi\.(get|post|patch|put|delete|request|upload)\b/g;

/** Areas whose key names name the data rather than the screen area they live in (kept short on purpose). */
const KEY_PREFIXES: Record<string, string[]> = {
  // The shell reads the server areas auth (the session) and search (the global search box).
  app: ['auth', 'search'],
  // The shared building blocks read the server area catalogs (useCatalog, the settings tables).
  ui: ['catalogs'],
};

describe('web architecture', () => {
  it('calls the API from queries.ts only: no api.* in a .tsx', () => {
    const stray = files(web)
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((f) => [...read(f).matchAll(API_CALL)].map(() => rel(f)));
    expect(stray).toEqual([]);
  });

  it('defines useCatalog, CatalogEntry and the user/group option types once', () => {
    const defs = (re: RegExp) => [...files(web), ...files(path.join(root, 'src/shared'))].filter((f) => re.test(read(f))).map(rel);
    expect(defs(/\bfunction useCatalog\b|\bconst useCatalog\s*=/)).toEqual(['src/web/ui/catalogs.tsx']);
    expect(defs(/\b(type|interface) CatalogEntry\b\s*[={]/)).toEqual(['src/shared/catalogs.ts']);
    expect(defs(/\b(type|interface) UserOption\b\s*[={]/)).toEqual(['src/shared/users.ts']);
    expect(defs(/\b(type|interface) GroupOption\b\s*[={]/)).toEqual(['src/shared/users.ts']);
  });

  it('starts every query key of an area’s queries.ts with the area’s name', () => {
    const wrong: string[] = [];
    for (const area of fs.readdirSync(web, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      const file = path.join(web, area, 'queries.ts');
      if (!fs.existsSync(file)) continue;
      const allowed = [area, ...(KEY_PREFIXES[area] ?? [])];
      // Inside `export const <x>Keys = { … };` every array literal is a key.
      for (const block of read(file).matchAll(/export const \w+Keys = \{([\s\S]*?)\n\};/g)) {
        for (const key of block[1].matchAll(/(?<![\w.])\[\s*'([^']+)'/g)) {
          if (!allowed.includes(key[1])) wrong.push(`${rel(file)}: '${key[1]}'`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('writes query keys in queries.ts factories, not as literals in screens', () => {
    const stray = files(web)
      .filter((f) => !f.endsWith(`${path.sep}queries.ts`))
      .filter((f) => /queryKey:\s*\[\s*'|useKeysetList\(\s*\[\s*'/.test(read(f)))
      .map(rel);
    expect(stray).toEqual([]);
  });
});

