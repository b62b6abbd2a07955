import { z } from 'zod';
import { type AppInstance, boolQuery, ctxOf, idParams, idString, isoDate, listQuery, pageSchema, toId, optId, idFilters, route } from '../../http.ts';
import { serverSet } from './activities.schemas.ts';
import { commercialActivitySchema, commercialTypeSchema } from '../../../shared/activities.ts';
import * as service from './commercial-activities.service.ts';

const typeCode = commercialTypeSchema;
const schema = commercialActivitySchema;

const fields = {
  customerId: idString,
  contactId: idString.nullish().describe('A contact of that customer'),
  typeCode: typeCode.nullish(),
  description: z.string().trim().min(1).max(20_000),
  date: isoDate.optional().describe('When it took place (default today)'),
  userId: idString.optional().describe('Who did it (default me)'),
  nextActionDate: isoDate.nullish().describe('When to act again'),
};
const stamps = { id: serverSet, registeredAt: serverSet, registeredBy: serverSet, updatedAt: serverSet };
const patchBody = z.object({ ...fields, fromCallId: serverSet, ...stamps }).partial().strict();

/** The fields of a create or change body as the service takes them (ids as numbers). */
function commercialFields(b: Omit<z.infer<typeof patchBody>, 'fromCallId'>): service.CommercialPatch {
  return {
    customerId: optId(b.customerId) ?? undefined,
    contactId: optId(b.contactId),
    typeCode: b.typeCode,
    description: b.description,
    date: b.date,
    userId: optId(b.userId) ?? undefined,
    nextActionDate: b.nextActionDate,
  };
}

export async function commercialActivitiesRoutes(app: AppInstance) {
  app.get(
    '/commercial-activities',
    route('read', {
      operationId: 'listCommercialActivities',
      tags: ['commercial-activities'],
      summary: 'Commercial activities, newest date first',
      querystring: listQuery.extend({ customerId: idString.optional(), contactId: idString.optional(), userId: z.union([z.literal('me'), idString]).optional(), typeCode: typeCode.optional(), from: isoDate.optional(), to: isoDate.optional(), nextActionDue: boolQuery.optional().describe('Only those whose next action date has come') }),
      response: { 200: pageSchema(schema) },
    }),
    async (request) => service.listCommercialActivities(ctxOf(request), idFilters(request.query, ['customerId', 'contactId'], ['userId'])),
  );
  app.get('/commercial-activities/:id', route('read', { operationId: 'getCommercialActivity', summary: 'A commercial activity', tags: ['commercial-activities'], params: idParams, response: { 200: schema } }), async (request) => service.getCommercialActivity(ctxOf(request), toId(request.params.id)));
  app.post('/commercial-activities', route('support.write', { operationId: 'createCommercialActivity', tags: ['commercial-activities'], summary: 'Register a commercial activity', body: z.object({ ...fields, fromCallId: idString.optional().describe('Creating it finishes that call'), ...stamps }).strict(), response: { 201: schema } }), async (request, reply) => {
    const b = request.body;
    const created = await service.createCommercialActivity(ctxOf(request), { ...commercialFields(b), customerId: toId(b.customerId), description: b.description, fromCallId: optId(b.fromCallId) ?? undefined });
    return reply.status(201).send(created);
  });
  app.patch('/commercial-activities/:id', route('support.write', { operationId: 'updateCommercialActivity', tags: ['commercial-activities'], summary: 'Change a commercial activity', params: idParams, body: patchBody, response: { 200: schema } }), async (request) => {
    return service.updateCommercialActivity(ctxOf(request), toId(request.params.id), commercialFields(request.body));
  });
}
