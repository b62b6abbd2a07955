/** HTTP of service calendars and contracts' service levels (rules in calendars.service.ts). */
import { z } from 'zod';
import {
  calendarCreateBody,
  calendarPage,
  calendarSchema,
  calendarUpdateBody,
  generateHolidaysBody,
  generateHolidaysResult,
  holidayCreateBody,
  holidayList,
  holidayListQuery,
  holidayParams,
  holidayRegionSchema,
  holidaySchema,
  serviceLevelBody,
  serviceLevelSchema,
} from '../../../shared/service-calendars.ts';
import { type AppInstance, ctxOf, idParams, listQuery, toId, route, itemsSchema } from '../../http.ts';
import * as service from './calendars.service.ts';

const tags = ['service-calendars'];

export async function calendarsRoutes(app: AppInstance) {
  app.get('/service-calendars', route('read', { operationId: 'listServiceCalendars', tags, summary: 'Service calendars by name', querystring: listQuery, response: { 200: calendarPage } }), async (request) => service.listCalendars(ctxOf(request), request.query));
  app.post('/service-calendars', route('catalogs.write', { operationId: 'createServiceCalendar', tags, summary: 'Create a service calendar (time zone, weekly hours with split shifts)', body: calendarCreateBody, response: { 201: calendarSchema } }), async (request, reply) => reply.status(201).send(await service.createCalendar(ctxOf(request), request.body)));
  app.get('/service-calendars/holiday-regions', route('read', { operationId: 'listHolidayRegions', tags, summary: 'Spanish autonomous communities whose holidays can be loaded', response: { 200: itemsSchema(holidayRegionSchema) } }), async () => ({ items: service.holidayRegions() }));
  app.get('/service-calendars/:id', route('read', { operationId: 'getServiceCalendar', tags, summary: 'One service calendar', params: idParams, response: { 200: calendarSchema } }), async (request) => service.getCalendar(ctxOf(request), toId(request.params.id)));
  app.patch('/service-calendars/:id', route('catalogs.write', { operationId: 'updateServiceCalendar', tags, summary: 'Change a service calendar; open incidents keep the business time they already used', params: idParams, body: calendarUpdateBody, response: { 200: calendarSchema } }), async (request) => service.updateCalendar(ctxOf(request), toId(request.params.id), request.body));
  app.delete('/service-calendars/:id', route('catalogs.write', { operationId: 'deleteServiceCalendar', tags, summary: 'Delete a calendar no region or contract names (never the default)', params: idParams, response: { 204: z.null() } }), async (request, reply) => {
    await service.deleteCalendar(ctxOf(request), toId(request.params.id));
    return reply.status(204).send(null);
  });

  app.get('/service-calendars/:id/holidays', route('read', { operationId: 'listServiceCalendarHolidays', tags, summary: 'Holidays of a calendar, by date', params: idParams, querystring: holidayListQuery, response: { 200: holidayList } }), async (request) => ({ items: await service.listHolidays(ctxOf(request), toId(request.params.id), request.query.year) }));
  app.post('/service-calendars/:id/holidays', route('catalogs.write', { operationId: 'addServiceCalendarHoliday', tags, summary: 'Add a holiday by hand (a local one: the patron saint of a town)', params: idParams, body: holidayCreateBody, response: { 201: holidaySchema } }), async (request, reply) => reply.status(201).send(await service.addHoliday(ctxOf(request), toId(request.params.id), request.body)));
  app.post('/service-calendars/:id/holidays/generate', route('catalogs.write', { operationId: 'loadSpanishHolidays', tags, summary: "Load a year's Spanish national holidays and a region's regional ones (date-holidays); dates already there are kept", params: idParams, body: generateHolidaysBody, response: { 200: generateHolidaysResult } }), async (request) => service.generateHolidays(ctxOf(request), toId(request.params.id), request.body));
  app.delete('/service-calendars/:id/holidays/:date', route('catalogs.write', { operationId: 'removeServiceCalendarHoliday', tags, summary: 'Remove a holiday (it becomes a working day)', params: holidayParams, response: { 204: z.null() } }), async (request, reply) => {
    await service.removeHoliday(ctxOf(request), toId(request.params.id), request.params.date);
    return reply.status(204).send(null);
  });

  app.get('/contracts/:id/service-level', route('read', { operationId: 'getContractServiceLevel', tags, summary: "A contract's calendar and its own targets per priority", params: idParams, response: { 200: serviceLevelSchema } }), async (request) => service.getServiceLevel(ctxOf(request), toId(request.params.id)));
  app.put('/contracts/:id/service-level', route('catalogs.write', { operationId: 'setContractServiceLevel', tags, summary: "Set a contract's calendar and its targets per priority", params: idParams, body: serviceLevelBody, response: { 200: serviceLevelSchema } }), async (request) => service.setServiceLevel(ctxOf(request), toId(request.params.id), request.body));
}
