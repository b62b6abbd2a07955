import { z } from 'zod';
import { type AppInstance, boolQuery, ctxOf, idParams, idString, listQuery, pageSchema, toId, route } from '../../http.ts';
import { noticeSchema, outboxEmailSchema, outboxStatusSchema, outboxSummarySchema } from '../../../shared/activities.ts';
import * as service from './notify.service.ts';

const notice = noticeSchema;
const outboxEmail = outboxEmailSchema;

export async function notifyRoutes(app: AppInstance) {
  app.get('/notices', route('authenticated', { operationId: 'listNotices', tags: ['notices'], summary: 'My notices, newest first, with the number of unread ones', querystring: listQuery.extend({ unread: boolQuery.optional().describe('true: only unread; false: only read') }), response: { 200: pageSchema(notice).extend({ unreadCount: z.number() }) } }), async (request) => service.listMyNotices(ctxOf(request), request.query));
  app.get('/notices/unread-count', route('authenticated', { operationId: 'countUnreadNotices', tags: ['notices'], summary: 'How many of my notices are unread (for the bell)', response: { 200: z.object({ unreadCount: z.number() }) } }), async (request) => service.unreadCount(ctxOf(request)));
  app.post('/notices/:id/read', route('authenticated', { operationId: 'markNoticeRead', tags: ['notices'], summary: 'Mark one of my notices read', params: idParams, response: { 200: notice } }), async (request) => service.markNoticeRead(ctxOf(request), toId(request.params.id)));
  app.post('/notices/read-all', route('authenticated', { operationId: 'markAllNoticesRead', tags: ['notices'], summary: 'Mark all my notices read', response: { 200: z.object({ updated: z.number(), unreadCount: z.number() }) } }), async (request) => service.markAllNoticesRead(ctxOf(request)));

  // The outbox is a record of what Atiende sent on the company's behalf: supervisors and admins
  // (the same people who read the audit trail) see it.
  app.get('/outbox', route('audit.read', { operationId: 'listOutboxMessages', tags: ['outbox'], summary: 'Outgoing e-mails, newest first', querystring: listQuery.extend({ status: outboxStatusSchema.optional(), customerId: idString.optional(), sourceType: z.string().max(40).optional(), sourceId: idString.optional() }), response: { 200: pageSchema(outboxEmail) } }), async (request) => {
    const q = request.query;
    return service.listOutbox(ctxOf(request), { ...q, customerId: q.customerId ? toId(q.customerId) : undefined, sourceId: q.sourceId ? toId(q.sourceId) : undefined });
  });
  app.get('/outbox/status', route('audit.read', { operationId: 'getOutboxStatus', tags: ['outbox'], summary: 'Whether SMTP is configured and how many e-mails are in each state', response: { 200: outboxSummarySchema } }), async (request) => service.outboxStatus(ctxOf(request)));
  app.get('/outbox/:id', route('audit.read', { operationId: 'getOutboxMessage', tags: ['outbox'], summary: 'One outgoing e-mail with its text', params: idParams, response: { 200: outboxEmail } }), async (request) => service.getOutboxEmail(ctxOf(request), toId(request.params.id)));
  app.post('/outbox/:id/retry', route('users.manage', { operationId: 'retryOutboxMessage', tags: ['outbox'], summary: 'Queue a failed e-mail again (administrators)', params: idParams, response: { 200: outboxEmail } }), async (request) => service.retryOutboxEmail(ctxOf(request), toId(request.params.id)));
}
