/** Files attached to records. */
import { defineArea } from '../area.ts';
import { attachmentsErrors } from './attachments.errors.ts';
import { attachmentsRoutes } from './attachments.routes.ts';

export const attachmentsArea = defineArea({
  id: 'attachments',
  routes: attachmentsRoutes,
  errors: attachmentsErrors,
});
