import { z } from 'zod';
import { CATALOGS } from '../../../shared/catalogs.ts';
import { type AppInstance, boolQuery, ctxOf } from '../../http.ts';
import { CATALOG_ATTRIBUTES, catalogEntryParams, catalogParams, entryCreateBody, entryUpdateBody } from './catalogs.schemas.ts';
import * as service from './catalogs.service.ts';

export async function catalogsRoutes(app: AppInstance) {
  app.get('/catalogs', { config: { permission: 'read' }, schema: { tags: ['catalogs'], summary: 'Every configuration table with its flags and attributes' } }, async () => ({
    items: Object.entries(CATALOGS).map(([name, def]) => ({ name, ...def, attributes: CATALOG_ATTRIBUTES[name as keyof typeof CATALOGS] })),
    automaticActions: service.offeredAutomaticActions(),
  }));

  app.get(
    '/catalogs/:catalog',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['catalogs'],
        summary: 'Entries of a configuration table',
        params: catalogParams,
        querystring: z.object({ active: boolQuery.optional(), parentCode: z.string().max(20).optional() }),
      },
    },
    async (request) => ({ items: await service.listEntries(ctxOf(request), request.params.catalog, request.query), nextCursor: null }),
  );

  app.get('/catalogs/:catalog/:code', { config: { permission: 'read' }, schema: { tags: ['catalogs'], params: catalogEntryParams } }, async (request) =>
    service.getEntry(ctxOf(request), request.params.catalog, request.params.code),
  );

  app.post(
    '/catalogs/:catalog',
    { config: { permission: 'catalogs.write' }, schema: { tags: ['catalogs'], summary: 'Add an entry', params: catalogParams, body: entryCreateBody } },
    async (request, reply) => reply.status(201).send(await service.createEntry(ctxOf(request), request.params.catalog, request.body)),
  );

  app.patch(
    '/catalogs/:catalog/:code',
    {
      config: { permission: 'catalogs.write' },
      schema: { tags: ['catalogs'], summary: 'Change an entry (the code itself never changes; retire with active=false)', params: catalogEntryParams, body: entryUpdateBody },
    },
    async (request) => service.updateEntry(ctxOf(request), request.params.catalog, request.params.code, request.body),
  );
}
