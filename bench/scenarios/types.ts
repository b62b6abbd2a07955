/**
 * A benchmark scenario: which server it hits and the requests it cycles through (prepared before
 * the clock starts, from the generated data). To add one for your area, write
 * `bench/scenarios/<area>.ts` exporting `Scenario[]` and add it to `bench/scenarios/index.ts`.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../../src/server/db/dialect.ts';
import type { DB } from '../../src/server/db/schema.ts';

export type BenchRequest = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; path: string; body?: unknown };

export type ScenarioResult = {
  name: string;
  title: string;
  requestsPerSecond: number;
  totalRequests: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  durationSeconds: number;
  connections: number;
  /** Distinct requests the scenario cycled through. */
  distinctRequests: number;
  skipped?: string;
  /** When this scenario ran and the 1-minute load average just before it (the machine is shared). */
  at?: string;
  load?: number;
};

export type Goal = { description: string; met: boolean; measured: string };

export type ScenarioContext = {
  dialect: DialectName;
  /** Read access to the generated data, to build realistic requests. */
  db: Kysely<DB>;
  /** GET on the running Atiende with the bench token (for following cursors while preparing). */
  get(path: string): Promise<{ status: number; body: any }>;
  random: () => number;
};

export type Scenario = {
  /** Short machine name: `customer-detail`. */
  name: string;
  /** What it measures, for the results table. */
  title: string;
  /** `bare`: the plain Fastify instance (the ceiling); default `atiende`. */
  target?: 'atiende' | 'bare';
  /** Connections for this scenario when not the run's (`--connections`): reports run with a few. */
  connections?: number;
  /** The role of the bench user whose token the requests carry (default `agent`). */
  role?: 'agent' | 'supervisor';
  requests(ctx: ScenarioContext): Promise<BenchRequest[]>;
  /** The goal the scenario must meet, judged on its result and the others' of the same run. */
  goal?(result: ScenarioResult, all: Map<string, ScenarioResult>): Goal | undefined;
};
