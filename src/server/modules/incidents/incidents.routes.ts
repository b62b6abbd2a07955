/** HTTP of the incidents area: schemas from src/shared/incidents.ts, a permission on every route. */
import { z } from 'zod';
import {
  closeBody,
  delegateBody,
  diagnoseBody,
  eventCreateBody,
  eventSchema,
  incidentCreateBody,
  incidentDetailSchema,
  incidentListQuery,
  incidentPageSchema,
  incidentPatchBody,
  reopenBody,
  similarQuery,
  similarSchema,
  resolveBody,
  supplyCreateBody,
  supplyPatchBody,
  supplySchema,
} from '../../../shared/incidents.ts';
import { type AppInstance, ctxOf, fileResponse, idParams, idString, toId, route, itemsSchema } from '../../http.ts';
import { attachmentRoutes } from '../attachments/attachments.routes.ts';
import { renderCaseSheetPdf } from './incidents.pdf.ts';
import * as service from './incidents.service.ts';

const tags = ['incidents'];
const supplyParams = z.object({ id: idString, supplyId: idString });

export async function incidentsRoutes(app: AppInstance) {
  app.get('/incidents/similar', route('read', { operationId: 'listSimilarIncidents', tags, summary: 'Up to five resolved incidents like this one: same item, then same reason code, then shared symptom words', querystring: similarQuery, response: { 200: similarSchema } }), async (request) => service.similarIncidents(ctxOf(request), request.query));

  app.get('/incidents', route('read', { operationId: 'listIncidents', tags, summary: 'Incidents, newest received first', description: 'view=mine (owned by me), groups (owned by one of my groups), unassigned (open by default), open (not closed), all; filters combine.', querystring: incidentListQuery, response: { 200: incidentPageSchema } }), async (request) => service.listIncidents(ctxOf(request), request.query));

  app.post('/incidents', route('support.write', { operationId: 'createIncident', tags, summary: 'Register an incident: number, owner by rule, warranty and contract as of the received date; fromCallId finishes the call', body: incidentCreateBody, response: { 201: incidentDetailSchema } }), async (request, reply) => reply.status(201).send(await service.createIncident(ctxOf(request), request.body)));

  app.get('/incidents/:id', route('read', { operationId: 'getIncident', tags, summary: 'An incident with its events, supplies, history and what each step still needs', params: idParams, response: { 200: incidentDetailSchema } }), async (request) => service.getIncident(ctxOf(request), toId(request.params.id)));

  app.get('/incidents/:id/pdf', route('read', { operationId: 'getIncidentPdf', tags, summary: 'The case sheet / work order as a PDF, with signature boxes for the technician and the customer', params: idParams, querystring: z.object({ lang: z.enum(['es', 'en']).optional().describe("Default: the customer's language") }), response: { 200: fileResponse('The case sheet as a PDF', 'application/pdf') } }), async (request, reply) => {
    const sheet = await service.incidentSheet(ctxOf(request), toId(request.params.id), request.query.lang);
    const pdf = await renderCaseSheetPdf(sheet);
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `inline; filename="${sheet.incident.number}.pdf"`)
      .header('Cache-Control', 'private, no-store')
      .send(pdf);
  });

  app.patch('/incidents/:id', route('support.write', { operationId: 'updateIncident', tags, summary: 'Change an incident that is not closed (stamps, number, stage and owner are not changed here)', params: idParams, body: incidentPatchBody, response: { 200: incidentDetailSchema } }), async (request) => service.updateIncident(ctxOf(request), toId(request.params.id), request.body));

  app.post('/incidents/:id/delegate', route('support.write', { operationId: 'delegateIncident', tags, summary: 'Hand the incident to another user or group, with a note for the history', params: idParams, body: delegateBody, response: { 200: incidentDetailSchema } }), async (request) => service.delegateIncident(ctxOf(request), toId(request.params.id), request.body));

  app.post('/incidents/:id/diagnose', route('support.write', { operationId: 'diagnoseIncident', tags, summary: 'open → diagnosed (a diagnosis is required); 409 names what is missing', params: idParams, body: diagnoseBody, response: { 200: incidentDetailSchema } }), async (request) => service.diagnoseIncident(ctxOf(request), toId(request.params.id), request.body));

  app.post('/incidents/:id/resolve', route('support.write', { operationId: 'resolveIncident', tags, summary: 'diagnosed → resolved (solution and general resolution code required); 409 names what is missing', params: idParams, body: resolveBody, response: { 200: incidentDetailSchema } }), async (request) => service.resolveIncident(ctxOf(request), toId(request.params.id), request.body));

  app.post('/incidents/:id/close', route('support.write', { operationId: 'closeIncident', tags, summary: 'resolved → closed; the close hooks run in the same transaction (billing may issue the invoice)', params: idParams, body: closeBody.optional(), response: { 200: incidentDetailSchema } }), async (request) => service.closeIncident(ctxOf(request), toId(request.params.id)));

  app.post('/incidents/:id/reopen', route('support.write', { operationId: 'reopenIncident', tags, summary: 'Reopen a resolved or closed incident, with a reason (audited)', params: idParams, body: reopenBody, response: { 200: incidentDetailSchema } }), async (request) => service.reopenIncident(ctxOf(request), toId(request.params.id), request.body));

  app.get('/incidents/:id/events', route('read', { operationId: 'listIncidentEvents', tags, summary: 'Events, oldest first', params: idParams, response: { 200: itemsSchema(eventSchema) } }), async (request) => ({ items: await service.listIncidentEvents(ctxOf(request), toId(request.params.id)) }));

  app.post('/incidents/:id/events', route('support.write', { operationId: 'createIncidentEvent', tags, summary: 'Record an event (stamped now; never edited or deleted); fromCallId adds that call to the incident and finishes it', params: idParams, body: eventCreateBody, response: { 201: eventSchema } }), async (request, reply) => reply.status(201).send(await service.addEvent(ctxOf(request), toId(request.params.id), request.body)));

  app.get('/incidents/:id/supplies', route('read', { operationId: 'listIncidentSupplies', tags, summary: 'Supply lines', params: idParams, response: { 200: itemsSchema(supplySchema) } }), async (request) => ({ items: await service.listIncidentSupplies(ctxOf(request), toId(request.params.id)) }));

  app.post('/incidents/:id/supplies', route('support.write', { operationId: 'createIncidentSupply', tags, summary: "Add a supply line (price and VAT rate from the item unless given); 409 when the incident is closed", params: idParams, body: supplyCreateBody, response: { 201: supplySchema } }), async (request, reply) => reply.status(201).send(await service.addSupply(ctxOf(request), toId(request.params.id), request.body)));

  app.patch('/incidents/:id/supplies/:supplyId', route('support.write', { operationId: 'updateIncidentSupply', tags, summary: 'Change a supply line while the incident is not closed', params: supplyParams, body: supplyPatchBody, response: { 200: supplySchema } }), async (request) => service.updateSupply(ctxOf(request), toId(request.params.id), toId(request.params.supplyId), request.body));

  app.delete('/incidents/:id/supplies/:supplyId', route('support.write', { operationId: 'deleteIncidentSupply', tags, summary: 'Remove a supply line while the incident is not closed', params: supplyParams, response: { 204: z.null() } }), async (request, reply) => {
    await service.removeSupply(ctxOf(request), toId(request.params.id), toId(request.params.supplyId));
    return reply.status(204).send(null);
  });

  await attachmentRoutes(app, { path: '/incidents/:id/attachments', ownerType: 'incident', tag: 'incidents', writePermission: 'support.write' });
}
