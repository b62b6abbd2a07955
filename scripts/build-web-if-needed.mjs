#!/usr/bin/env node
/**
 * `npm start` runs this first (prestart): it builds the web UI only when dist/web is missing or was
 * built from other sources (a fresh clone, a `git pull`), so a normal start costs a hash of the
 * sources (~50 ms), not a build. Where the dev dependencies are not installed (`npm ci --omit=dev`)
 * it never builds: a built UI is used as it is (with a warning when the sources changed), and a
 * missing one is a loud failure that says what to run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtStamp, ROOT, sourceStamp } from './web-build-stamp.mjs';

const indexHtml = path.join(ROOT, 'dist/web/index.html');
const built = fs.existsSync(indexHtml);
if (process.env.ATIENDE_SKIP_WEB_BUILD === '1' || (built && builtStamp() === sourceStamp())) process.exit(0);

let vite = null;
try {
  vite = createRequire(path.join(ROOT, 'package.json')).resolve('vite/package.json');
} catch {
  vite = null;
}
if (!vite) {
  if (built) {
    console.warn('Atiende: the built web UI (dist/web) was made from other sources; rebuild it with `npm run build` where the dev dependencies are installed.');
    process.exit(0);
  }
  console.error('Atiende: the web UI is not built and cannot be built here (no dev dependencies).\nRun `npm ci && npm run build` (e.g. on the build machine), then `npm ci --omit=dev` is enough to run it.');
  process.exit(1);
}
console.log(built ? 'Atiende: the web UI sources changed — building it once…' : 'Atiende: building the web UI once…');
execFileSync(process.execPath, [path.join(path.dirname(vite), 'bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
