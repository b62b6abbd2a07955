import { z } from 'zod';
import { type AppInstance, ctxOf, route, itemsSchema } from '../../http.ts';
import { search } from './search.service.ts';

const hit = z.object({
  type: z.string().describe('customer, contact, unit, call, activity, incident…'),
  id: z.string(),
  customerId: z.string().nullable(),
  title: z.string(),
  subtitle: z.string().nullable(),
});

export async function searchRoutes(app: AppInstance) {
  app.get(
    '/search',
    route('read', {
      operationId: 'searchRecords',
      tags: ['search'],
      summary: 'One search across customers (code, name, tax id, phone), contacts, units (serial), incidents, invoices, calls and activities',
      querystring: z.object({ q: z.string().trim().min(1).max(200).describe('What was typed: a name (accents optional), tax id, phone in any format, serial…'), types: z .string() .max(200) .optional() .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined)) .describe('Comma-separated entity types to restrict to'), limit: z.coerce.number().int().min(1).max(50).default(20) }),
      response: { 200: itemsSchema(hit) },
    }),
    async (request) => ({ items: await search(ctxOf(request), request.query.q, { types: request.query.types, limit: request.query.limit }) }),
  );
}
