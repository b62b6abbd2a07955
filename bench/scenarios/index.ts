/** Every scenario bench/run.ts knows, in the order they run. One line per area. */
import { callsScenarios } from '../calls.ts';
import { coreScenarios } from './core.ts';
import type { Scenario } from './types.ts';

export const SCENARIOS: Scenario[] = [
  ...coreScenarios,
  ...callsScenarios,
];
