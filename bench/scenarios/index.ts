/** Every scenario bench/run.ts knows, in the order they run. One line per area. */
import { billingScenarios } from '../billing.ts';
import { callsScenarios } from '../calls.ts';
import { incidentsScenarios } from '../incidents.ts';
import { reportsScenarios } from '../reports.ts';
import { slaScenarios } from '../sla.ts';
import { coreScenarios } from './core.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: Scenario[] = [
  ...coreScenarios,
  ...callsScenarios,
  ...incidentsScenarios,
  ...slaScenarios,
  ...billingScenarios,
  ...reportsScenarios,
];
