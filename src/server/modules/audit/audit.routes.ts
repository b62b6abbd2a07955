import { z } from 'zod';
import { type AppInstance, ctxOf, listQuery, pageSchema, route } from '../../http.ts';
import { auditEntrySchema } from '../../../shared/audit.ts';
import { listAudit } from './audit.service.ts';

export async function auditRoutes(app: AppInstance) {
  app.get('/audit', route('audit.read', { operationId: 'listAuditEntries', tags: ['audit'], summary: 'Audit trail: who created or changed what and when, newest first', querystring: listQuery.extend({ entityType: z.string().max(50).optional(), entityId: z.string().max(50).optional() }), response: { 200: pageSchema(auditEntrySchema) } }), async (request) => listAudit(ctxOf(request), request.query));
}
