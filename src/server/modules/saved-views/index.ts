/** Saved views (issue 10): a user's named filters of a list, under /saved-views. */
import { defineArea } from '../area.ts';
import { savedViewErrors } from './saved-views.errors.ts';
import { savedViewsRoutes } from './saved-views.routes.ts';

export const savedViewsArea = defineArea({ id: 'saved-views', routes: savedViewsRoutes, errors: savedViewErrors });
