/** Incidents and their events in a customer's timeline and in a unit's service history. */
import type { Ctx } from '../../context.ts';
import type { FeedEntry, FeedSource } from '../customers/feeds.ts';
import { toBool } from '../../db/dialect.ts';
import * as repo from './incidents.repository.ts';

const TEXT = {
  es: { incident: 'Incidencia', event: 'Evento de la incidencia', stage: { open: 'Abierta', diagnosed: 'Diagnosticada', resolved: 'Resuelta', closed: 'Cerrada' } },
  en: { incident: 'Incident', event: 'Incident event', stage: { open: 'Open', diagnosed: 'Diagnosed', resolved: 'Resolved', closed: 'Closed' } },
};

function incidentEntry(ctx: Ctx, r: Awaited<ReturnType<typeof repo.incidentsBefore>>[number]): FeedEntry {
  return {
    type: 'incident',
    id: String(r.id),
    at: r.received_at,
    title: `${TEXT[ctx.locale].incident} ${r.number}`,
    summary: r.symptom.slice(0, 300),
    // The lifecycle stage, as the incident's page and the customer's incidents section show it
    // (the user-defined status code says where it stands within the stage: on its page).
    status: TEXT[ctx.locale].stage[r.stage as keyof (typeof TEXT)['es']['stage']] ?? r.stage,
    pending: toBool(r.is_open),
    userName: r.registered_by_name ?? null,
  };
}

/** An event's id in a feed is "<incident id>-<event id>", so its page link can find the incident. */
function eventEntry(ctx: Ctx, r: Awaited<ReturnType<typeof repo.eventsBefore>>[number]): FeedEntry {
  return {
    type: 'incident_event',
    id: `${r.incident_id}-${r.id}`,
    at: r.at,
    title: `${TEXT[ctx.locale].event} ${r.number} · ${r.type_code}`,
    summary: r.text.slice(0, 300),
    status: r.type_code,
    userName: r.user_name ?? null,
  };
}

const incidents =
  (key: 'customerId' | 'unitId'): FeedSource =>
  async (ctx, ownerId, { before, limit }) =>
    (await repo.incidentsBefore(ctx.db, { [key]: ownerId }, before, limit)).map((r) => incidentEntry(ctx, r));
const events =
  (key: 'customerId' | 'unitId'): FeedSource =>
  async (ctx, ownerId, { before, limit }) =>
    (await repo.eventsBefore(ctx.db, { [key]: ownerId }, before, limit)).map((r) => eventEntry(ctx, r));

export const incidentFeeds = {
  customerTimeline: { incident: incidents('customerId'), incident_event: events('customerId') },
  unitHistory: { incident: incidents('unitId'), incident_event: events('unitId') },
};
