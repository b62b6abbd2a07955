import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
// @ts-expect-error a plain ES module of the build scripts, without types
import { sourceStamp, STAMP_FILE } from './scripts/web-build-stamp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where `npm run dev` finds the API (scripts/dev.mjs starts it on this port). */
const apiTarget = process.env.ATIENDE_API_URL ?? 'http://127.0.0.1:3100';

/** Records what this build was made from, so `npm start` rebuilds only when the sources change. */
function buildStamp(): Plugin {
  let sources = '';
  return {
    name: 'atiende-build-stamp',
    apply: 'build',
    buildStart() {
      sources = sourceStamp();
    },
    closeBundle() {
      fs.writeFileSync(STAMP_FILE, JSON.stringify({ sources, builtAt: new Date().toISOString() }) + '\n');
    },
  };
}

export default defineConfig({
  root: path.join(here, 'src/web'),
  plugins: [react(), buildStamp()],
  build: {
    outDir: path.join(here, 'dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget },
    },
  },
});
