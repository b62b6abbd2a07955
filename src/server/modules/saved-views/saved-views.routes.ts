/** HTTP of the saved-views area: schemas from src/shared/saved-views.ts; any signed-in user, on their own views only. */
import { pageSchema } from '../../../shared/page.ts';
import { savedViewCreateBody, savedViewListQuery, savedViewPatchBody, savedViewSchema } from '../../../shared/saved-views.ts';
import { type AppInstance, ctxOf, idParams, noContent, toId } from '../../http.ts';
import * as service from './saved-views.service.ts';

const tags = ['saved-views'];

export async function savedViewsRoutes(app: AppInstance) {
  app.get(
    '/saved-views',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'listSavedViews',
        tags,
        summary: "My saved views (named filters of a list), by list then name; another user's views are never listed",
        querystring: savedViewListQuery,
        response: { 200: pageSchema(savedViewSchema) },
      },
    },
    async (request) => service.listSavedViews(ctxOf(request), request.query),
  );

  app.post(
    '/saved-views',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'createSavedView',
        tags,
        summary: 'Save the current filters of a list under a name (unique per user and list: 409 saved_view_name_taken)',
        body: savedViewCreateBody,
        response: { 201: savedViewSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createSavedView(ctxOf(request), request.body)),
  );

  app.get(
    '/saved-views/:id',
    {
      config: { permission: 'authenticated' },
      schema: { operationId: 'getSavedView', tags, summary: "One of my saved views (another user's is a 404)", params: idParams, response: { 200: savedViewSchema } },
    },
    async (request) => service.getSavedView(ctxOf(request), toId(request.params.id)),
  );

  app.patch(
    '/saved-views/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'updateSavedView',
        tags,
        summary: 'Rename one of my saved views, or keep the current filters under it',
        params: idParams,
        body: savedViewPatchBody,
        response: { 200: savedViewSchema },
      },
    },
    async (request) => service.updateSavedView(ctxOf(request), toId(request.params.id), request.body),
  );

  app.delete(
    '/saved-views/:id',
    {
      config: { permission: 'authenticated' },
      schema: { operationId: 'deleteSavedView', tags, summary: 'Delete one of my saved views', params: idParams, response: { 204: noContent } },
    },
    async (request, reply) => {
      await service.deleteSavedView(ctxOf(request), toId(request.params.id));
      return reply.status(204).send(null);
    },
  );
}
