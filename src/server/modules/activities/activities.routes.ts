import { z } from 'zod';
import { type AppInstance, ctxOf, idParams, listQuery, pageSchema, toId, optId, idFilters, route, itemsSchema } from '../../http.ts';
import { attachmentRoutes } from '../attachments/attachments.routes.ts';
import { actionHistoryItemSchema } from '../../../shared/activities.ts';
import { activityCreateBody, activityListQuery, activityPatchBody, activitySchema } from './activities.schemas.ts';
import * as service from './activities.service.ts';
import { commercialActivitiesRoutes } from './commercial-activities.routes.ts';


/** The editable fields of a create or change body as the service takes them (ids as numbers). */
function activityFields(b: Omit<z.infer<typeof activityPatchBody>, 'fromCallId'>): service.ActivityPatch {
  return {
    statusCode: b.statusCode,
    customerId: optId(b.customerId),
    projectId: optId(b.projectId),
    originCode: b.originCode,
    problemTypeCode: b.problemTypeCode,
    problem: b.problem,
    solutionTypeCode: b.solutionTypeCode,
    solution: b.solution,
  };
}

export async function activitiesRoutes(app: AppInstance) {
  app.get('/activities', route('read', { operationId: 'listActivities', tags: ['activities'], summary: 'Technical activities, newest first', querystring: listQuery.extend(activityListQuery.shape), response: { 200: pageSchema(activitySchema) } }), async (request) =>
    service.listActivities(ctxOf(request), idFilters(request.query, ['customerId', 'projectId'], ['registeredBy'])));

  app.get('/activities/:id', route('read', { operationId: 'getActivity', summary: 'A technical activity', tags: ['activities'], params: idParams, response: { 200: activitySchema } }), async (request) => service.getActivity(ctxOf(request), toId(request.params.id)));

  app.post('/activities', route('support.write', { operationId: 'createActivity', tags: ['activities'], summary: 'Register a technical activity (runs the automatic action of its solution type)', body: activityCreateBody, response: { 201: activitySchema } }), async (request, reply) => {
    const b = request.body;
    const created = await service.createActivity(ctxOf(request), { ...activityFields(b), fromCallId: optId(b.fromCallId) ?? undefined });
    return reply.status(201).send(created);
  });

  app.patch('/activities/:id', route('support.write', { operationId: 'updateActivity', tags: ['activities'], summary: 'Change an activity (assigning a different solution type runs its automatic action)', params: idParams, body: activityPatchBody, response: { 200: activitySchema } }), async (request) => {
    return service.updateActivity(ctxOf(request), toId(request.params.id), activityFields(request.body));
  });

  app.get(
    '/activities/:id/automatic-actions',
    route('read', {
      operationId: 'listActivityAutomaticActions',
      tags: ['activities'],
      summary: 'Every automatic action run on the activity, newest first',
      params: idParams,
      response: { 200: itemsSchema(actionHistoryItemSchema) },
    }),
    async (request) => ({ items: await service.listActivityActions(ctxOf(request), toId(request.params.id)) }),
  );

  app.post('/activities/:id/automatic-action/retry', route('support.write', { operationId: 'retryActivityAutomaticAction', tags: ['activities'], summary: 'Run the solution type’s automatic action again after it failed', params: idParams, response: { 200: activitySchema } }), async (request) => service.retryAutomaticAction(ctxOf(request), toId(request.params.id)));

  await attachmentRoutes(app, { path: '/activities/:id/attachments', ownerType: 'activity', tag: 'activities', writePermission: 'support.write' });
  await commercialActivitiesRoutes(app);
}
