import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

/** Fills a realistic Spanish demo company. Filled in by the demo module. */
export async function loadDemoCompany(_database: Database, _config: Config): Promise<{ loaded: boolean; summary: string; password: string }> {
  return { loaded: false, summary: '', password: '' };
}
