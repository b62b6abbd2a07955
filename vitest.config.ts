import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.ts';

/** Tests of pure modules (they must not import the database or the app). */
const UNIT = ['src/**/*.rules.test.ts', 'src/shared/**/*.test.ts', 'src/web/**/*.test.ts'];

export default defineConfig({
  test: {
    // Dates in tests are written in UTC; the app itself formats in each user's time zone.
    // Every answer is written by the compiled serializer AND compared with Zod's (src/server/edge/serializer.ts):
    // a route whose compiled answer differs fails its tests.
    env: { TZ: 'UTC', ATIENDE_SERIALIZER: 'check' },
    reporters: ['default', './test/summary-reporter.ts'],
    // Two test files at a time (Vitest's default on 2 cores is one): the API files and the browser
    // files mostly wait on a database, a child server or a browser, so a second worker nearly
    // halves the run.
    maxWorkers: 2,
    // The browser files run two at a time too, alongside the API files, in one queue ordered longest
    // first (test/sequencer.ts): each browser file has its own server on a free port, its own SQLite
    // database and its own Chromium, and they share only the UI built once by e2e/global-setup.ts.
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // Pure rules and helpers: no database, no app, no PostgreSQL cluster (`npm run test:unit`).
        test: {
          name: 'unit',
          include: UNIT,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...UNIT, '**/node_modules/**'],
          environment: 'node',
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // A browser on a busy 2-core machine: give polled assertions the same patience as locators.
          expect: { poll: { timeout: 10_000, interval: 100 } },
          environment: 'node',
          // The API project checks the compiled serializer against Zod on every answer; the browser
          // files exercise the same routes, so their server writes each answer once (as in production).
          env: { ATIENDE_SERIALIZER: 'compiled' },
          globalSetup: ['./e2e/global-setup.ts'],
          // Two browser files run at once beside API files: room for a loaded machine (a passing test
          // takes 5-20 s on a quiet one).
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
