/** The global search over every indexed record. */
import { defineArea } from '../area.ts';
import { searchRoutes } from './search.routes.ts';

export const searchArea = defineArea({
  id: 'search',
  routes: searchRoutes,
});
