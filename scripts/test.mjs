#!/usr/bin/env node
// `npm test`: type-check, then every suite (unit, API on SQLite and PostgreSQL, browser) in Vitest.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, TZ: 'UTC' };
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
