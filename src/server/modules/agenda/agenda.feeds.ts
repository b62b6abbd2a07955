/** Agenda events (call-backs and others) in the customer timeline. */
import { customerEventTimeline } from './agenda.service.ts';

export const agendaFeeds = { customerTimeline: { customer_event: customerEventTimeline } };
