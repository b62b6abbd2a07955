import { z } from 'zod';
import { ROLES } from '../../../shared/roles.ts';
import { type AppInstance, type ModuleDeps, boolQuery, ctxOf, idParams, idString, pageSchema, toId, route } from '../../http.ts';
import { groupSchema, preferencesSchema, userSchema } from '../../../shared/users.ts';
import * as service from './users.service.ts';

const language = z.enum(['es', 'en']);
const userBody = z.object({
  username: z.string().trim().min(2).max(50).regex(/^[a-zA-Z0-9._-]+$/, 'invalid_format').describe('Login name'),
  name: z.string().trim().min(1).max(120),
  email: z.email().max(200).nullish(),
  password: z.string().min(8, 'weak_password').max(200),
  role: z.enum(ROLES),
  language: language.optional(),
  timeZone: z.string().max(64).optional().describe('IANA time zone, default Europe/Madrid'),
});

export async function usersRoutes(app: AppInstance, { auth }: ModuleDeps) {
  app.get('/users', route('read', { operationId: 'listUsers', tags: ['users'], summary: 'Users (for assigning work)', querystring: z.object({ active: boolQuery.optional(), role: z.enum(ROLES).optional() }), response: { 200: pageSchema(userSchema) } }), async (request) => ({ items: await service.listUsers(ctxOf(request), request.query), nextCursor: null }));
  app.get('/users/:id', route('read', { operationId: 'getUser', tags: ['users'], summary: 'A user', params: idParams, response: { 200: userSchema } }), async (request) =>
  service.getUser(ctxOf(request), toId(request.params.id)));
  app.post('/users', route('users.manage', { operationId: 'createUser', tags: ['users'], summary: 'Create a user', body: userBody.strict(), response: { 201: userSchema } }), async (request, reply) =>
  reply.status(201).send(await service.createUser(ctxOf(request), request.body)));
  app.patch('/users/:id', route('users.manage', { operationId: 'updateUser', tags: ['users'], summary: 'Change a user (role, password, active…)', params: idParams, body: userBody.omit({ username: true }).partial().extend({ active: z.boolean().optional() }).strict(), response: { 200: userSchema } }), async (request) => {
    const id = toId(request.params.id);
    const user = await service.updateUser(ctxOf(request), id, request.body);
    await auth.forgetUser(id);
    return user;
  });

  app.get('/groups', route('read', { operationId: 'listGroups', tags: ['users'], summary: 'Groups (teams)', response: { 200: pageSchema(groupSchema) } }), async (request) => ({
  items: await service.listGroups(ctxOf(request)),
  nextCursor: null,
}));
  app.get('/groups/:id', route('read', { operationId: 'getGroup', tags: ['users'], summary: 'A group with its members', params: idParams, response: { 200: groupSchema } }), async (request) =>
  service.getGroup(ctxOf(request), toId(request.params.id)));
  const groupBody = z.object({
    code: z.string().trim().min(1).max(20),
    name: z.string().trim().min(1).max(120),
    memberIds: z.array(idString).max(500).default([]),
  });
  app.post('/groups', route('users.manage', { operationId: 'createGroup', tags: ['users'], summary: 'Create a group', body: groupBody.strict(), response: { 201: groupSchema } }), async (request, reply) =>
  reply.status(201).send(await service.createGroup(ctxOf(request), request.body)));
  app.patch('/groups/:id', route('users.manage', { operationId: 'updateGroup', tags: ['users'], summary: 'Change a group (name, members, active)', params: idParams, body: groupBody.omit({ code: true, memberIds: true }).partial().extend({ memberIds: z.array(idString).max(500).optional(), active: z.boolean().optional() }).strict(), response: { 200: groupSchema } }), async (request) => service.updateGroup(ctxOf(request), toId(request.params.id), request.body));

  app.get('/me/preferences', route('authenticated', { operationId: 'getPreferences', tags: ['users'], summary: "The caller's defaults", response: { 200: preferencesSchema } }), async (request) =>
  service.getPreferences(ctxOf(request)));
  app.patch(
    '/me/preferences',
    route('authenticated', {
      operationId: 'updatePreferences',
      tags: ['users'],
      summary: 'Default call destination (user or group), default call type, language, time zone',
      body: z .object({ defaultToUserId: idString.nullable(), defaultToGroupId: idString.nullable(), defaultCallTypeCode: z.string().max(10).nullable(), language, timeZone: z.string().max(64) }) .partial() .strict(),
      response: { 200: preferencesSchema },
    }),
    async (request) => {
      const prefs = await service.updatePreferences(ctxOf(request), request.body);
      await auth.forgetUser(ctxOf(request).actor.userId);
      return prefs;
    },
  );
}
