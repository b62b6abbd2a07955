import { z } from 'zod';
import { type AppInstance, boolQuery, ctxOf, idParams, idString, isoDateTime, listQuery, pageSchema, toId, optId, idFilters, route } from '../../http.ts';
import { customerEventKindSchema, customerEventSchema, customerEventStatusSchema } from '../../../shared/activities.ts';
import * as service from './agenda.service.ts';

const kind = customerEventKindSchema;
const status = customerEventStatusSchema;
const customerEvent = customerEventSchema;

const createBody = z
  .object({
    customerId: idString,
    kind: kind.default('callback'),
    title: z.string().trim().min(1).max(300),
    notes: z.string().max(10_000).nullish(),
    dueAt: isoDateTime,
    assigneeUserId: idString.nullish().describe('Assigned user (default: me); or give assigneeGroupId'),
    assigneeGroupId: idString.nullish(),
  })
  .strict();

const patchBody = z
  .object({
    kind: kind.optional(),
    title: z.string().trim().min(1).max(300).optional(),
    notes: z.string().max(10_000).nullish(),
    dueAt: isoDateTime.optional(),
    assigneeUserId: idString.nullish(),
    assigneeGroupId: idString.nullish(),
    status: status.optional().describe('done marks it done (stamped with who and when); pending reopens it'),
  })
  .strict();

export async function agendaRoutes(app: AppInstance) {
  app.get(
    '/customer-events',
    route('read', {
      operationId: 'listCustomerEvents',
      tags: ['customer-events'],
      summary: 'The customer agenda: call-backs and other dated entries, by due time',
      querystring: listQuery.extend({ customerId: idString.optional(), mine: boolQuery.optional().describe('Only entries assigned to me or to one of my groups'), assigneeUserId: idString.optional(), assigneeGroupId: idString.optional(), status: status.optional(), kind: kind.optional(), dueFrom: isoDateTime.optional().describe('Due at or after this instant'), dueTo: isoDateTime.optional().describe('Due before this instant'), sourceType: z.string().max(40).optional(), sourceId: idString.optional(), order: z.enum(['asc', 'desc']).default('asc').describe('By due time; asc = soonest first') }),
      response: { 200: pageSchema(customerEvent) },
    }),
    async (request) => service.listCustomerEvents(ctxOf(request), idFilters(request.query, ['customerId', 'assigneeUserId', 'assigneeGroupId', 'sourceId'])),
  );
  app.get('/customer-events/:id', route('read', { operationId: 'getCustomerEvent', summary: 'An entry of a customer agenda', tags: ['customer-events'], params: idParams, response: { 200: customerEvent } }), async (request) => service.getCustomerEvent(ctxOf(request), toId(request.params.id)));
  app.post('/customer-events', route('support.write', { operationId: 'createCustomerEvent', tags: ['customer-events'], summary: 'Add an entry to a customer agenda', body: createBody, response: { 201: customerEvent } }), async (request, reply) => {
    const b = request.body;
    const created = await service.createCustomerEvent(ctxOf(request), {
      ...b,
      customerId: toId(b.customerId),
      assigneeUserId: optId(b.assigneeUserId),
      assigneeGroupId: optId(b.assigneeGroupId),
    });
    return reply.status(201).send(created);
  });
  app.patch('/customer-events/:id', route('support.write', { operationId: 'updateCustomerEvent', tags: ['customer-events'], summary: 'Change an entry or mark it done', params: idParams, body: patchBody, response: { 200: customerEvent } }), async (request) => {
    const b = request.body;
    return service.updateCustomerEvent(ctxOf(request), toId(request.params.id), { ...b, assigneeUserId: optId(b.assigneeUserId), assigneeGroupId: optId(b.assigneeGroupId) });
  });
}
