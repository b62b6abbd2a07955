import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createSqliteTemplate } from '../test/sqlite-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string | null;
  }
}

let removeSqliteTemplate: (() => void) | undefined;

/** Builds the web UI once for the browser tests, finds Debian's Chromium and migrates the database each file copies. */
export async function setup(project: TestProject) {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? null;
  if (!chromium) {
    const message = 'Chromium not found (apt-get install chromium): browser tests are skipped.';
    if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
    console.warn(`\n\x1b[41m\x1b[37m SKIPPING BROWSER TESTS \x1b[0m ${message}\n`);
  }
  project.provide('chromiumPath', chromium);
  const sqlite = await createSqliteTemplate();
  removeSqliteTemplate = sqlite.remove;
  project.provide('sqliteTemplate', { starter: sqlite.starter, empty: sqlite.empty });
  if (chromium && process.env.ATIENDE_SKIP_WEB_BUILD !== '1') {
    // Vitest runs with NODE_ENV=test, and Vite would then bundle React's development build (40 %
    // bigger, slower): the browser tests must drive the same production build users get.
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
}

export async function teardown() {
  removeSqliteTemplate?.();
}
