/**
 * The areas of the UI, one line each. Add yours at the end (keep both sides when merging).
 * Each module brings its routes, navigation entries and i18n bundle — see DEVELOPERS.md, "Web UI".
 */
import type { WebModule } from './app/module.ts';
import { activitiesModule } from './activities/module.tsx';
import { billingModule } from './billing/module.tsx';
import { callsModule } from './calls/module.tsx';
import { customersModule } from './customers/module.tsx';
import { homeModule } from './home/module.tsx';
import { incidentsModule } from './incidents/module.tsx';
import { projectsModule } from './projects/module.tsx';
import { reportsModule } from './reports/module.tsx';
import { savedViewsModule } from './saved-views/module.tsx';
import { settingsModule } from './settings/module.tsx';
import { slaModule } from './sla/module.tsx';
import { usersModule } from './users/module.tsx';

export const webModules: WebModule[] = [
  homeModule,
  callsModule,
  customersModule,
  settingsModule,
  projectsModule,
  activitiesModule,
  incidentsModule,
  slaModule,
  billingModule,
  reportsModule,
  usersModule,
  savedViewsModule,
];
