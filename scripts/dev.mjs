#!/usr/bin/env node
// `npm run dev`: the API on port 3100 (data in ./data unless ATIENDE_DATA_DIR says otherwise) and
// Vite's dev server with hot reload on http://localhost:5173, proxying /api to the API.
import { spawn } from 'node:child_process';

const apiPort = process.env.ATIENDE_API_PORT ?? '3100';
const children = [
  // One process in development (simpler logs and debugging) unless --workers is given.
  spawn(process.execPath, ['bin/atiende.js', 'serve', '--api-only', ...(process.argv.includes('--workers') ? [] : ['--workers', '1']), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort, HOST: process.env.HOST ?? '127.0.0.1' },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...process.env, ATIENDE_API_URL: `http://127.0.0.1:${apiPort}` } }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
