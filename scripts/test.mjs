#!/usr/bin/env node
// `npm test`: type-check and every suite (unit, API on SQLite and PostgreSQL, browser) in Vitest.
//
// On the 2-core machine the whole run is three streams side by side, each a process of its own:
//   - the browser files (`vitest run --project e2e`, one file at a time, as in vitest.config.ts), at
//     normal priority: they wait on a page and must get the CPU as soon as it asks;
//   - the unit and API files (`vitest run --project unit --project api`, two workers) and the
//     type-check (`tsc --noEmit`), at lower priority (nice 5): they take what the browser leaves.
// Vitest alone runs the browser files only after every API file (a project whose files run one at a
// time is its own group, and groups run one after the other), leaving a core idle for ~9 minutes.
// The browser output is kept until the other streams end, then printed whole, and the run ends with
// one line adding up every stream.
//
// With arguments (`npm test -- --project api`, `npm test -- src/server/modules/calls`), the old way:
// tsc, then one Vitest with those arguments.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, TZ: 'UTC' };
const args = process.argv.slice(2);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

if (args.length > 0) {
  const run = (cmd, cmdArgs) => {
    const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  };
  run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  run(bin('vitest'), ['run', ...args]);
  process.exit(0);
}

const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);

const children = new Set();

/**
 * Starts one stream. Its output is kept (to add up the counts at the end); a `live` stream also
 * writes it here as it goes, the others are printed when the live one has ended.
 */
function stream(name, cmd, cmdArgs, { nice = 0, live = true } = {}) {
  const argv = nice ? ['-n', String(nice), cmd, ...cmdArgs] : cmdArgs;
  const child = spawn(nice ? 'nice' : cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const kept = [];
  child.stdout.on('data', (b) => {
    kept.push(b);
    if (live) process.stdout.write(b);
  });
  child.stderr.on('data', (b) => {
    kept.push(b);
    if (live) process.stderr.write(b);
  });
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ name, status: 1, output: `${name}: ${error.message}\n`, seconds: seconds() }));
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ name, status: code ?? (signal ? 1 : 0), output: Buffer.concat(kept).toString(), seconds: seconds() });
    });
  });
}

// Interrupted: the streams are interrupted too (each Vitest then stops its workers, its PostgreSQL
// cluster, its child servers and Chromium).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    setTimeout(() => process.exit(130), 10_000).unref();
  });
}

const browser = stream('e2e', bin('vitest'), ['run', '--project', 'e2e'], { live: false });
const typecheck = stream('tsc', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { nice: 5, live: false });
const api = stream('unit+api', bin('vitest'), ['run', '--project', 'unit', '--project', 'api'], { nice: 5 });

const results = [await api, await typecheck, await browser];
for (const r of results.slice(1)) {
  process.stdout.write(`\n──────── ${r.name} (ended at ${r.seconds} s, exit ${r.status}) ────────\n`);
  process.stdout.write(r.output || '(no output)\n');
}

// Each Vitest prints "Tests: N passed, N failed, N skipped" (test/summary-reporter.ts): add them up.
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  const m = /Tests: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(r.output);
  if (!m) continue;
  total.passed += Number(m[1]);
  total.failed += Number(m[2]);
  total.skipped += Number(m[3]);
}
const line = results.map((r) => `${r.name} ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} at ${r.seconds} s`).join(', ');
process.stdout.write(`\nnpm test: ${line}; whole run ${seconds()} s\n`);
process.stdout.write(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
