import { z } from 'zod';
import { type AppInstance, boolQuery, ctxOf, idParams, idString, isoDate, isoDateTime, listQuery, pageSchema, toId, route } from '../../http.ts';
import * as service from './calls.service.ts';
import * as bulk from './calls.bulk.ts';
import { bulkCallsResultSchema, bulkFinishBody, bulkReassignBody, callCountsSchema, callerInfoSchema, callListItemSchema, detailSchema, noteSchema } from '../../../shared/calls.ts';

const code = z.string().trim().min(1).max(10);
const fromFields = {
  customerId: idString.nullish().describe('Customer calling'),
  contactId: idString.nullish().describe('Contact of the customer who called'),
  phone: z.string().trim().max(40).nullish().describe('Phone number the call came from; fills the customer when it identifies one'),
  taxId: z.string().trim().max(20).nullish().describe('Tax id (CIF/NIF/NIE) given; fills the customer when it identifies one'),
  serialNumber: z.string().trim().max(80).nullish().describe('Serial number of a unit sold; fills the customer (and the unit) when it identifies one'),
};
const toFields = {
  toUserId: idString.nullish().describe('User the call is for (one of toUserId / toGroupId); default from preferences'),
  toGroupId: idString.nullish().describe('Group the call is for (one of toUserId / toGroupId); default from preferences'),
};

const createBody = z
  .object({
    statusCode: code.nullish().describe('Call status; default: the status flagged defaultPending'),
    ...fromFields,
    ...toFields,
    typeCode: code.nullish().describe('Call type; default: preferences, then the type flagged isDefault'),
    priorityCode: code.nullish().describe("Priority; default: the priority of the contract covering the unit, else the most urgent of the customer's contracts in force, else the priority flagged isDefault"),
    description: z.string().max(20_000).nullish().describe('Why they called, in full'),
  })
  .strict();

const updateBody = z
  .object({
    statusCode: code.describe('Changing the status never finishes the call: use POST /calls/{id}/finish'),
    typeCode: code.nullable(),
    priorityCode: code.nullable(),
    description: z.string().max(20_000),
    ...toFields,
    customerId: fromFields.customerId,
    contactId: fromFields.contactId,
  })
  .partial()
  .strict();


export async function callsRoutes(app: AppInstance) {
  app.get(
    '/calls',
    route('read', {
      operationId: 'listCalls',
      tags: ['calls'],
      summary: 'Incoming calls, newest first',
      description: 'view=now: pending and not postponed into the future, for me and my groups (mine=false: everyone, supervisors only); view=postponed; view=finished; view=all (default). A call is pending exactly while it has no finish stamp.',
      querystring: listQuery.extend({ view: z.enum(['now', 'postponed', 'finished', 'all']).optional(), sort: z.enum(['newest', 'priority']).optional().describe('newest (default): newest first; priority: most urgent first (priority order of the catalog), oldest first within a priority, calls without one last'), mine: boolQuery.optional().describe('Only calls for me or my groups (default true for now/postponed, false otherwise)'), pending: boolQuery.optional().describe('true: without finish stamp; false: finished'), typeCode: code.optional(), toUserId: idString.optional(), toGroupId: idString.optional(), customerId: idString.optional(), unitId: idString.optional(), from: isoDate.optional().describe('Registered on or after this day (user time zone)'), to: isoDate.optional().describe('Registered on or before this day (user time zone)'), q: z.string().trim().min(1).max(200).optional().describe('Words of the description, phone, tax id or serial') }),
      response: { 200: pageSchema(callListItemSchema) },
    }),
    async (request) => service.listCalls(ctxOf(request), request.query),
  );

  app.get('/calls/counts', route('read', { operationId: 'countCalls', tags: ['calls'], summary: 'Counts for the navigation badge', response: { 200: callCountsSchema } }), async (request) => service.countCalls(ctxOf(request)));

  app.get('/calls/identify', route('read', { operationId: 'identifyCaller', tags: ['calls'], summary: 'Who is calling? The customer (contact, unit) a phone, tax id or serial identifies, as a new call would fill it in', querystring: z.object({ phone: z.string().max(40).optional(), taxId: z.string().max(20).optional(), serialNumber: z.string().max(80).optional() }), response: { 200: callerInfoSchema } }), async (request) => service.identifyCaller(ctxOf(request), request.query));

  app.post('/calls', route('support.write', { operationId: 'registerCall', tags: ['calls'], summary: 'Register an incoming call', body: createBody, response: { 201: detailSchema } }), async (request, reply) => reply.status(201).send(await service.createCall(ctxOf(request), request.body)));

  app.get('/calls/:id', route('read', { operationId: 'getCall', tags: ['calls'], summary: 'A call with its notes and postponements', params: idParams, response: { 200: detailSchema } }), async (request) => service.getCall(ctxOf(request), toId(request.params.id)));

  app.patch('/calls/:id', route('support.write', { operationId: 'updateCall', tags: ['calls'], summary: 'Change status, type, description, destination or customer (stamps are server-set)', params: idParams, body: updateBody, response: { 200: detailSchema } }), async (request) => service.updateCall(ctxOf(request), toId(request.params.id), request.body));

  app.post('/calls/:id/notes', route('support.write', { operationId: 'addCallNote', tags: ['calls'], summary: 'Add a note (stamped with date, time and user; notes are never changed or removed)', params: idParams, body: z.object({ text: z.string().trim().min(1).max(20_000) }).strict(), response: { 201: noteSchema } }), async (request, reply) => reply.status(201).send(await service.addNote(ctxOf(request), toId(request.params.id), request.body.text)));

  app.post('/calls/:id/finish', route('support.write', { operationId: 'finishCall', tags: ['calls'], summary: 'Finish the call: finish stamps and the default-finished status; 409 if already finished', params: idParams, body: z.object({}).strict().optional(), response: { 200: detailSchema } }), async (request) => service.finishCall(ctxOf(request), toId(request.params.id)));

  app.post('/calls/:id/reopen', route('support.write', { operationId: 'reopenCall', tags: ['calls'], summary: 'Reopen a finished call (audited): a supervisor at any time; whoever finished it, for a minute (undo). Back to the default-pending status; 409 if pending', params: idParams, body: z.object({}).strict().optional(), response: { 200: detailSchema } }), async (request) => service.reopenCall(ctxOf(request), toId(request.params.id)));

  app.post('/calls/:id/postpone', route('support.write', { operationId: 'postponeCall', tags: ['calls'], summary: 'Postpone a pending call until a future moment, with a reason and a new destination; 409 if finished', params: idParams, body: z .object({ until: isoDateTime.describe('Until when (future)'), reason: z.string().trim().min(1).max(2000), ...toFields }) .strict(), response: { 200: detailSchema } }), async (request) => service.postponeCall(ctxOf(request), toId(request.params.id), request.body));

  // Bulk actions of the inbox (calls.bulk.ts): each call by the rules of one, all or none.
  app.post('/calls/bulk-finish', route('support.write', { operationId: 'finishCalls', tags: ['calls'], summary: 'Finish 1–100 calls at once, each as POST /calls/{id}/finish (audited per call); all or none: any refused call → 409 calls_bulk_refused listing each in errors[] ({ id, field: "ids", code, detail }) and nothing changed', body: bulkFinishBody, response: { 200: bulkCallsResultSchema } }), async (request) => bulk.finishCalls(ctxOf(request), request.body.ids));

  app.post('/calls/bulk-reassign', route('support.write', { operationId: 'reassignCalls', tags: ['calls'], summary: 'Send 1–100 calls to one user or group, each as PATCH /calls/{id} with that destination (audited per call); all or none: any refused call → 409 calls_bulk_refused listing each, nothing changed', body: bulkReassignBody, response: { 200: bulkCallsResultSchema } }), async (request) => bulk.reassignCalls(ctxOf(request), request.body));
}
