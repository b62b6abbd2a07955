/**
 * `npm ci --omit=dev && npm start` must work: everything the server loads at run time (from
 * bin/atiende.js, following every static and dynamic import of our own files) must come from Node
 * itself or from `dependencies` — never from a dev dependency. The UI is built beforehand, so its
 * packages are bundled and do not count; the prestart script only needs Node.
 */
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const IMPORT = /(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function runtimeImports(entries: string[]): { packages: Map<string, string>; files: number } {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (/^import\s+type\s/.test(m[0].trim())) continue;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        if (fs.existsSync(target) && fs.statSync(target).isFile()) queue.push(target);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        packages.set(packageName(spec), path.relative(ROOT, file));
      }
    }
  }
  return { packages, files: seen.size };
}

describe('runtime dependencies', () => {
  it('the server and its command line import only Node built-ins and `dependencies`', () => {
    const { packages, files } = runtimeImports([path.join(ROOT, 'bin/atiende.js'), path.join(ROOT, 'scripts/build-web-if-needed.mjs')]);
    expect(files).toBeGreaterThan(100);
    expect(packages.has('fastify')).toBe(true);
    const wrong = [...packages].filter(([name]) => !(name in pkg.dependencies)).map(([name, from]) => `${name} (imported by ${from})`);
    expect(wrong).toEqual([]);
  });
});
