/**
 * The demo company: Climasat Servicios Técnicos, S.L., which sells, installs and services boilers,
 * air conditioning and catering equipment across Spain.
 *
 * The demo is built by steps that call the real HTTP API in-process (the same validation a user
 * goes through), authenticated with an API token created for the run and revoked at the end.
 * Steps run in the order of DEMO_STEPS; each gets the ids created by the earlier ones in `state`.
 * To add an area's demo data: write `steps/<area>.ts` exporting a `DemoStep`, add it to the list.
 */
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { systemCtx } from '../context.ts';
import type { Database } from '../db/database.ts';
import { SYSTEM_ACTOR } from '../modules/auth/actor.ts';
import { createToken, revokeToken } from '../modules/auth/api-tokens.service.ts';
import { randomToken } from '../modules/auth/auth.service.ts';
import { hasCustomers } from '../modules/customers/customers.service.ts';
import { firstActiveAdmin } from '../modules/users/users.service.ts';
import { sameTimeDaysBefore, todayIn } from '../../shared/dates.ts';
import { createDemoApi, type DemoApi, type DemoStep, type DemoStepContext, emptyState, loginDemoApi, seededRandom } from './demo-kit.ts';
import { configurationStep } from './steps/configuration.ts';
import { activitiesStep } from './steps/activities.ts';
import { billingStep } from './steps/billing.ts';
import { callsStep } from './steps/calls.ts';
import { masterdataStep } from './steps/masterdata.ts';
import { projectsStep } from './steps/projects.ts';
import { incidentsStep } from './steps/incidents.ts';
import { slaStep } from './steps/sla.ts';
import { assignmentRulesStep, usersStep } from './steps/users.ts';

export const DEMO_STEPS: DemoStep[] = [
  configurationStep,
  usersStep,
  assignmentRulesStep,
  masterdataStep,
  activitiesStep,
  projectsStep,
  callsStep,
  slaStep,
  billingStep,
  incidentsStep,
];

export type DemoResult = { loaded: boolean; summary: string; password: string };

/**
 * Fills the demo company unless the database already has customers (then it does nothing).
 * Demo users get `opts.password`, ATIENDE_DEMO_PASSWORD, or a random password that is returned.
 */
export async function loadDemoCompany(database: Database, config: Config, opts: { password?: string; today?: string } = {}): Promise<DemoResult> {
  const system = systemCtx(database, config);
  if (await hasCustomers(system)) return { loaded: false, summary: '', password: '' };

  const admin = await firstActiveAdmin(system);
  if (!admin) throw new Error('The demo company needs an active administrator (start Atiende once, or run `atiende user add --role admin`).');

  const password = opts.password ?? process.env.ATIENDE_DEMO_PASSWORD ?? `demo-${randomToken(6)}`;
  const ctx = { ...system, actor: { ...SYSTEM_ACTOR, userId: admin.id, username: admin.username, name: admin.name } };
  const token = await createToken(ctx, { name: 'Carga de la empresa de demostración', role: 'admin' });
  // The demo app's own clock: the system's, or some days behind it inside `asOf` (billing history).
  let behindMs = 0;
  let lastAsOf = Number.POSITIVE_INFINITY;
  const clock = () => new Date(Date.now() - behindMs);
  const app = await buildApp({ config: { ...config, runJobs: false }, database, logger: false, serveWeb: false, clock });
  try {
    await app.ready();
    const api = createDemoApi(app, token.token);
    const sessions = new Map<string, DemoApi>();
    const logouts: Array<() => Promise<void>> = [];
    const stepCtx: DemoStepContext = {
      api,
      async asOfHours(hoursAgo, fn) {
        if (!(hoursAgo >= 0) || behindMs !== 0) throw new Error(`demo: asOfHours(${hoursAgo}) must be a past instant, outside asOf`);
        behindMs = Math.round(hoursAgo * 3_600_000);
        try {
          return await fn();
        } finally {
          behindMs = 0;
        }
      },
      async as(username) {
        let userApi = sessions.get(username);
        if (!userApi) {
          const session = await loginDemoApi(app, username, password);
          if (session) logouts.push(session.logout);
          userApi = session?.api ?? api;
          sessions.set(username, userApi);
        }
        return userApi;
      },
      state: emptyState(),
      password,
      random: seededRandom(20260101),
      today: opts.today ?? todayIn(config.defaultTimeZone),
      async asOf(daysAgo, fn) {
        if (!Number.isInteger(daysAgo) || daysAgo < 0 || daysAgo > lastAsOf) throw new Error(`demo: asOf(${daysAgo}) after asOf(${lastAsOf}): the clock only moves forward`);
        lastAsOf = daysAgo;
        // The same local time `daysAgo` calendar days back: the server's "today" is then exactly
        // `daysAgo` days before today, across summer time too (24 h steps put an evening's dates a day off).
        const now = new Date();
        behindMs = now.getTime() - sameTimeDaysBefore(now, daysAgo, config.defaultTimeZone).getTime();
        try {
          return await fn();
        } finally {
          behindMs = 0;
        }
      },
    };
    const parts: string[] = [];
    for (const step of DEMO_STEPS) {
      try {
        const summary = await step.run(stepCtx);
        if (summary) parts.push(summary);
      } catch (error) {
        throw new Error(`Demo step "${step.name}" failed: ${(error as Error).message}`, { cause: error });
      }
    }
    for (const logout of logouts) await logout();
    return { loaded: true, summary: parts.join(', '), password };
  } finally {
    await app.close();
    await revokeToken(ctx, Number(token.id));
  }
}
