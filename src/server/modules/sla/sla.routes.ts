/** HTTP of incidents' SLA clocks and the supervisor's lists (rules in sla.service.ts). */
import { clockListQuery, clockPage, incidentSlaSchema, slaCountsSchema } from '../../../shared/sla.ts';
import { type AppInstance, ctxOf, idParams, toId, route } from '../../http.ts';
import { assertIncidentExists } from '../incidents/incidents.service.ts';
import * as service from './sla.service.ts';

const tags = ['sla'];

export async function slaRoutes(app: AppInstance) {
  app.get('/incidents/sla', route('read', { operationId: 'listIncidentClocks', tags, summary: 'Supervisor views: clocks at risk, breached or paused, soonest deadline first', description: 'One row per clock (response, resolution). mine=true: incidents I or my groups own; ownerUserId / ownerGroupId: one owner.', querystring: clockListQuery, response: { 200: clockPage } }), async (request) => service.listClocks(ctxOf(request), request.query));
  app.get('/incidents/sla/counts', route('read', { operationId: 'countIncidentClocks', tags, summary: 'Incidents at risk, breached and paused (the navigation badge)', response: { 200: slaCountsSchema } }), async (request) => service.countClocks(ctxOf(request)));
  app.get('/incidents/:id/sla', route('read', { operationId: 'getIncidentSla', tags, summary: "An incident's response and resolution clocks in business time, and the escalations sent", params: idParams, response: { 200: incidentSlaSchema } }), async (request) => service.getIncidentSla(ctxOf(request), toId(request.params.id), assertIncidentExists));
}
