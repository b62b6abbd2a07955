import { z } from 'zod';
import { type AppInstance, ctxOf, listQuery } from '../../http.ts';
import { listAudit } from './audit.service.ts';

export async function auditRoutes(app: AppInstance) {
  app.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit trail: who created or changed what and when, newest first',
        querystring: listQuery.extend({ entityType: z.string().max(50).optional(), entityId: z.string().max(50).optional() }),
      },
    },
    async (request) => listAudit(ctxOf(request), request.query),
  );
}
