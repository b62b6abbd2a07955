import { z } from 'zod';
import { CATALOG_NAMES, CATALOGS, catalogEntrySchema, catalogIndexSchema } from '../../../shared/catalogs.ts';
import { type AppInstance, boolQuery, ctxOf, pageSchema, route } from '../../http.ts';
import { CATALOG_ATTRIBUTES, catalogEntryParams, catalogParams, entryCreateBody, entryUpdateBody } from './catalogs.schemas.ts';
import * as service from './catalogs.service.ts';

export async function catalogsRoutes(app: AppInstance) {
  app.get('/catalogs', route('read', { operationId: 'listCatalogs', tags: ['catalogs'], summary: 'Every configuration table with its flags and attributes', response: { 200: catalogIndexSchema } }), async () => ({
  items: CATALOG_NAMES.map((name) => ({ name, ...CATALOGS[name], attributes: CATALOG_ATTRIBUTES[name] })),
  automaticActions: service.offeredAutomaticActions(),
}));

  app.get('/catalogs/:catalog', route('read', { operationId: 'listCatalogEntries', tags: ['catalogs'], summary: 'Entries of a configuration table', params: catalogParams, querystring: z.object({ active: boolQuery.optional(), parentCode: z.string().max(20).optional() }), response: { 200: pageSchema(catalogEntrySchema) } }), async (request) => ({ items: await service.listEntries(ctxOf(request), request.params.catalog, request.query), nextCursor: null }));

  app.get('/catalogs/:catalog/:code', route('read', { operationId: 'getCatalogEntry', tags: ['catalogs'], summary: 'One entry of a configuration table', params: catalogEntryParams, response: { 200: catalogEntrySchema } }), async (request) =>
  service.getEntry(ctxOf(request), request.params.catalog, request.params.code));

  app.post('/catalogs/:catalog', route('catalogs.write', { operationId: 'createCatalogEntry', tags: ['catalogs'], summary: 'Add an entry', params: catalogParams, body: entryCreateBody, response: { 201: catalogEntrySchema } }), async (request, reply) => reply.status(201).send(await service.createEntry(ctxOf(request), request.params.catalog, request.body)));

  app.patch('/catalogs/:catalog/:code', route('catalogs.write', { operationId: 'updateCatalogEntry', tags: ['catalogs'], summary: 'Change an entry (the code itself never changes; retire with active=false)', params: catalogEntryParams, body: entryUpdateBody, response: { 200: catalogEntrySchema } }), async (request) => service.updateEntry(ctxOf(request), request.params.catalog, request.params.code, request.body));
}
