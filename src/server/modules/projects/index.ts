/** Projects, tasks and time entries (with the quick time entry). */
import { defineArea } from '../area.ts';
import { projectsErrors, projectsTexts } from './projects.errors.ts';
import { projectsFeeds } from './projects.feeds.ts';
import { projectsRoutes } from './projects.routes.ts';

export const projectsArea = defineArea({
  id: 'projects',
  routes: projectsRoutes,
  errors: projectsErrors,
  texts: projectsTexts,
  feeds: projectsFeeds,
});
