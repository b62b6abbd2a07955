import { type AppInstance, ctxOf, idParams, toId, idFilters, route } from '../../http.ts';
import { feedPage, feedQuery } from '../customers/customers.schemas.ts';
import {
  contractCreateBody,
  contractListQuery,
  contractPage,
  contractSchema,
  contractUpdateBody,
  itemCreateBody,
  itemListQuery,
  itemPage,
  itemSchema,
  itemUpdateBody,
  unitCreateBody,
  unitListQuery,
  unitPage,
  unitSchema,
  unitUpdateBody,
} from './products.schemas.ts';
import * as service from './products.service.ts';

export async function productsRoutes(app: AppInstance) {
  // ---- items
  app.get('/items', route('read', { operationId: 'listItems', tags: ['items'], summary: 'Items (products, services, supplies, labour) by code', querystring: itemListQuery, response: { 200: itemPage } }), async (request) => service.listItems(ctxOf(request), request.query));
  app.post('/items', route('masterdata.write', { operationId: 'createItem', tags: ['items'], summary: 'Create an item', body: itemCreateBody, response: { 201: itemSchema } }), async (request, reply) => reply.status(201).send(await service.createItem(ctxOf(request), request.body)));
  app.get('/items/:id', route('read', { operationId: 'getItem', summary: 'An item (product) of the catalogue', tags: ['items'], params: idParams, response: { 200: itemSchema } }), async (request) =>
  service.getItem(ctxOf(request), toId(request.params.id)));
  app.patch('/items/:id', route('masterdata.write', { operationId: 'updateItem', tags: ['items'], summary: 'Change an item; deactivate with active=false', params: idParams, body: itemUpdateBody, response: { 200: itemSchema } }), async (request) => service.updateItem(ctxOf(request), toId(request.params.id), request.body));
  app.delete('/items/:id', route('masterdata.write', { operationId: 'deleteItem', tags: ['items'], summary: 'Deactivate an item', params: idParams, response: { 200: itemSchema } }), async (request) => service.updateItem(ctxOf(request), toId(request.params.id), { active: false }));

  // ---- contracts
  app.get('/contracts', route('read', { operationId: 'listContracts', tags: ['contracts'], summary: 'Service contracts by code', querystring: contractListQuery, response: { 200: contractPage } }), async (request) => service.listContracts(ctxOf(request), idFilters(request.query, ['customerId'])));
  app.post('/contracts', route('masterdata.write', { operationId: 'createContract', tags: ['contracts'], summary: 'Create a service contract', body: contractCreateBody, response: { 201: contractSchema } }), async (request, reply) => reply.status(201).send(await service.createContract(ctxOf(request), request.body)));
  app.get('/contracts/:id', route('read', { operationId: 'getContract', summary: 'A maintenance contract', tags: ['contracts'], params: idParams, response: { 200: contractSchema } }), async (request) =>
  service.getContract(ctxOf(request), toId(request.params.id)));
  app.patch('/contracts/:id', route('masterdata.write', { operationId: 'updateContract', tags: ['contracts'], summary: 'Change a contract; deactivate with active=false', params: idParams, body: contractUpdateBody, response: { 200: contractSchema } }), async (request) => service.updateContract(ctxOf(request), toId(request.params.id), request.body));
  app.delete('/contracts/:id', route('masterdata.write', { operationId: 'deleteContract', tags: ['contracts'], summary: 'Deactivate a contract', params: idParams, response: { 200: contractSchema } }), async (request) => service.updateContract(ctxOf(request), toId(request.params.id), { active: false }));
  app.get('/contracts/:id/units', route('read', { operationId: 'listContractUnits', tags: ['contracts'], summary: 'Units the contract covers', params: idParams, querystring: unitListQuery.omit({ contractId: true }), response: { 200: unitPage } }), async (request) => {
    const ctx = ctxOf(request);
    const contractId = toId(request.params.id);
    await service.getContract(ctx, contractId);
    return service.listUnits(ctx, { ...idFilters(request.query, ['customerId', 'itemId']), contractId });
  });

  // ---- units
  app.get('/units', route('read', { operationId: 'listUnits', tags: ['units'], summary: 'Units (serial numbers), newest first, with warranty and contract state', querystring: unitListQuery, response: { 200: unitPage } }), async (request) => {
    return service.listUnits(ctxOf(request), idFilters(request.query, ['customerId', 'itemId', 'contractId']));
  });
  app.post('/units', route('masterdata.write', { operationId: 'createUnit', tags: ['units'], summary: 'Register a sold unit', body: unitCreateBody, response: { 201: unitSchema } }), async (request, reply) => reply.status(201).send(await service.createUnit(ctxOf(request), request.body)));
  app.get('/units/:id', route('read', { operationId: 'getUnit', summary: 'A unit sold (serial number, warranty)', tags: ['units'], params: idParams, response: { 200: unitSchema } }), async (request) =>
  service.getUnit(ctxOf(request), toId(request.params.id)));
  app.patch('/units/:id', route('masterdata.write', { operationId: 'updateUnit', tags: ['units'], summary: 'Change a unit; deactivate with active=false', params: idParams, body: unitUpdateBody, response: { 200: unitSchema } }), async (request) => service.updateUnit(ctxOf(request), toId(request.params.id), request.body));
  app.delete('/units/:id', route('masterdata.write', { operationId: 'deleteUnit', tags: ['units'], summary: 'Deactivate a unit', params: idParams, response: { 200: unitSchema } }), async (request) => service.updateUnit(ctxOf(request), toId(request.params.id), { active: false }));
  app.get('/units/:id/history', route('read', { operationId: 'getUnitHistory', tags: ['units'], summary: 'Service history of a serial number, newest first (sale, incidents, activities, calls)', params: idParams, querystring: feedQuery, response: { 200: feedPage } }), async (request) => service.readUnitHistory(ctxOf(request), toId(request.params.id), request.query));
}
