/** Users, groups and personal preferences. */
import { defineArea } from '../area.ts';
import { usersRoutes } from './users.routes.ts';

export const usersArea = defineArea({
  id: 'users',
  routes: usersRoutes,
});
