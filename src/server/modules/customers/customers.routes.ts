import { z } from 'zod';
import { type AppInstance, ctxOf, idParams, toId, route } from '../../http.ts';
import {
  callerLookupSchema,
  contactCreateBody,
  contactListQuery,
  contactPage,
  contactSchema,
  contactUpdateBody,
  contactWithCustomerBody,
  customerCreateBody,
  customerListQuery,
  customerPage,
  customerSchema,
  customerUpdateBody,
  feedPage,
  feedQuery,
} from './customers.schemas.ts';
import * as service from './customers.service.ts';

const tags = ['customers'];

export async function customersRoutes(app: AppInstance) {
  app.get('/customers', route('read', { operationId: 'listCustomers', tags, summary: 'Customers by name (or code), filtered; keyset pagination', querystring: customerListQuery, response: { 200: customerPage } }), async (request) => service.listCustomers(ctxOf(request), request.query));

  app.post('/customers', route('masterdata.write', { operationId: 'createCustomer', tags, summary: 'Create a customer', body: customerCreateBody, response: { 201: customerSchema } }), async (request, reply) => reply.status(201).send(await service.createCustomer(ctxOf(request), request.body)));

  app.get('/customers/:id', route('read', { operationId: 'getCustomer', tags, summary: 'One customer', params: idParams, response: { 200: customerSchema } }), async (request) => service.getCustomer(ctxOf(request), toId(request.params.id)));

  app.patch('/customers/:id', route('masterdata.write', { operationId: 'updateCustomer', tags, summary: 'Change a customer; deactivate with active=false', params: idParams, body: customerUpdateBody, response: { 200: customerSchema } }), async (request) => service.updateCustomer(ctxOf(request), toId(request.params.id), request.body));

  app.delete('/customers/:id', route('masterdata.write', { operationId: 'deleteCustomer', tags, summary: 'Deactivate a customer (its history is kept; PATCH active=true reactivates it)', params: idParams, response: { 200: customerSchema } }), async (request) => service.updateCustomer(ctxOf(request), toId(request.params.id), { active: false }));

  app.get('/customers/:id/contacts', route('read', { operationId: 'listCustomerContacts', tags, summary: "A customer's contacts", params: idParams, querystring: contactListQuery.omit({ customerId: true }), response: { 200: contactPage } }), async (request) => {
    const ctx = ctxOf(request);
    const customerId = toId(request.params.id);
    await service.getCustomer(ctx, customerId);
    return service.listContacts(ctx, { ...request.query, customerId });
  });

  app.post('/customers/:id/contacts', route('masterdata.write', { operationId: 'createCustomerContact', tags, summary: 'Add a contact to a customer', params: idParams, body: contactCreateBody, response: { 201: contactSchema } }), async (request, reply) => reply.status(201).send(await service.createContact(ctxOf(request), toId(request.params.id), request.body, 'path')));

  app.get('/customers/:id/timeline', route('read', { operationId: 'getCustomerTimeline', tags, summary: 'Everything about a customer, newest first (units, contracts, calls, activities, incidents…)', params: idParams, querystring: feedQuery, response: { 200: feedPage } }), async (request) => service.readTimeline(ctxOf(request), toId(request.params.id), request.query));

  app.get('/contacts', route('read', { operationId: 'listContacts', tags, summary: 'Contacts of every customer, by name', querystring: contactListQuery, response: { 200: contactPage } }), async (request) => service.listContacts(ctxOf(request), { ...request.query, customerId: request.query.customerId ? toId(request.query.customerId) : undefined }));

  app.post('/contacts', route('masterdata.write', { operationId: 'createContact', tags, summary: 'Create a contact', body: contactWithCustomerBody, response: { 201: contactSchema } }), async (request, reply) => {
    const { customerId, ...input } = request.body;
    return reply.status(201).send(await service.createContact(ctxOf(request), toId(customerId), input));
  });

  app.get('/contacts/:id', route('read', { operationId: 'getContact', tags, summary: 'One contact', params: idParams, response: { 200: contactSchema } }), async (request) => service.getContact(ctxOf(request), toId(request.params.id)));

  app.patch('/contacts/:id', route('masterdata.write', { operationId: 'updateContact', tags, summary: 'Change a contact; deactivate with active=false', params: idParams, body: contactUpdateBody, response: { 200: contactSchema } }), async (request) => service.updateContact(ctxOf(request), toId(request.params.id), request.body));

  app.get('/lookup/caller', route('read', { operationId: 'lookUpCaller', tags: ['search'], summary: 'Caller-id look-up for telephone integrations: the customers and contacts with this number, typed in any common format', querystring: z.object({ phone: z.string().trim().min(1).max(40).describe('"91 234 56 78", "+34 912 345 678", "0034912345678"…') }), response: { 200: callerLookupSchema } }), async (request) => service.lookupCaller(ctxOf(request), request.query.phone));
}
