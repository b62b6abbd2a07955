/** Logins, sessions, API tokens and password changes. */
import { defineArea } from '../area.ts';
import { authRoutes } from './auth.routes.ts';

export const authArea = defineArea({
  id: 'auth',
  routes: authRoutes,
});
