/** Incoming calls: registration, the inbox, postponing and finishing. */
import { defineArea } from '../area.ts';
import { callsErrors, callsTexts } from './calls.errors.ts';
import { callsFeeds } from './calls.feeds.ts';
import { callsRoutes } from './calls.routes.ts';
import { inboxCountHooks, inboxFoldJob } from './inbox-counts.ts';

export const callsArea = defineArea({
  id: 'calls',
  routes: callsRoutes,
  errors: callsErrors,
  texts: callsTexts,
  feeds: callsFeeds,
  // The inbox's own pending counters, written in each call's transaction and folded by a job (inbox-counts.ts).
  hooks: { calls: inboxCountHooks },
  jobs: [inboxFoldJob],
});
