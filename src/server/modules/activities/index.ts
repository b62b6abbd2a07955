/** Technical and commercial activities with their automatic actions. */
import { defineArea } from '../area.ts';
import { builtInAutomaticActions } from './automatic-action-handlers.ts';
import { activitiesErrors, activitiesTexts } from './activities.errors.ts';
import { activitiesFeeds } from './activities.feeds.ts';
import { activitiesRoutes } from './activities.routes.ts';
import { assertActivityExists } from './activities.service.ts';

export const activitiesArea = defineArea({
  id: 'activities',
  routes: activitiesRoutes,
  errors: activitiesErrors,
  texts: activitiesTexts,
  feeds: activitiesFeeds,
  attachmentOwners: { activity: { assertExists: assertActivityExists } },
  hooks: { activities: { automaticActions: builtInAutomaticActions } },
});
