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
    // Files are queued longest first (test/sequencer.ts). The browser files run one at a time
    // (fileParallelism: false below): two at once beside API files made locator waits time out on a
    // loaded machine. In one Vitest such a project is a group of its own, run after every API file;
    // `npm test` (scripts/test.mjs) therefore runs it as a second Vitest beside the unit and API one.
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
          // Room for a loaded machine (a passing test takes 5-20 s on a quiet one).
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
