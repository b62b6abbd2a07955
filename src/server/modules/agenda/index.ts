/** Agenda events of customers (call-backs and others). */
import { defineArea } from '../area.ts';
import { agendaErrors, agendaTexts } from './agenda.errors.ts';
import { agendaFeeds } from './agenda.feeds.ts';
import { agendaRoutes } from './agenda.routes.ts';

export const agendaArea = defineArea({
  id: 'agenda',
  routes: agendaRoutes,
  errors: agendaErrors,
  texts: agendaTexts,
  feeds: agendaFeeds,
});
