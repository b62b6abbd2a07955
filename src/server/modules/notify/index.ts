/** Notices to users and the e-mail outbox with its sender job. */
import { defineArea } from '../area.ts';
import { runOutboxPass } from './mailer.ts';
import { notifyErrors } from './notify.errors.ts';
import { notifyRoutes } from './notify.routes.ts';
import { onEmailQueued } from './notify.service.ts';

export const notifyArea = defineArea({
  id: 'notify',
  routes: notifyRoutes,
  errors: notifyErrors,
  // The outbox sender: claims each e-mail in the database, so several app servers may run it; a
  // committed e-mail wakes it at once, otherwise it looks every 30 s.
  jobs: [{ name: 'outbox-sender', everyMs: 30_000, wakeOn: onEmailQueued, run: (ctx) => runOutboxPass(ctx, ctx.config) }],
});
