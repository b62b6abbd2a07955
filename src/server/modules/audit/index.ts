/** The audit trail of every record kind. */
import { defineArea } from '../area.ts';
import { auditRoutes } from './audit.routes.ts';

export const auditArea = defineArea({
  id: 'audit',
  routes: auditRoutes,
});
