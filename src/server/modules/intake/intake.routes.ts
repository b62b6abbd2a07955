/** HTTP of the intake area: the caller's context while taking a call. */
import { callerContextSchema } from '../../../shared/intake.ts';
import { type AppInstance, ctxOf, idParams, route } from '../../http.ts';
import * as service from './intake.service.ts';

export async function intakeRoutes(app: AppInstance) {
  app.get('/customers/:id/context', route('read', { operationId: 'getCallerContext', tags: ['customers'], summary: "The caller's context at intake: open calls, pending activities and tasks, open incidents, units with warranty and contract coverage, contracts in force with service type and priority", params: idParams, response: { 200: callerContextSchema } }), async (request) => service.callerContext(ctxOf(request), Number(request.params.id)));
}
