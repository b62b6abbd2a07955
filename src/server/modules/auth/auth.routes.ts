import { z } from 'zod';
import { ROLES } from '../../../shared/roles.ts';
import { systemCtx } from '../../context.ts';
import { type AppInstance, type ModuleDeps, actorOf, ctxOf, idParams, noContent, pageSchema, toId, route } from '../../http.ts';
import { changeOwnPassword, getUser } from '../users/users.service.ts';
import { apiTokenSchema, changePasswordBodySchema, createdApiTokenSchema, meSchema, sessionSchema } from '../../../shared/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as tokens from './api-tokens.service.ts';
import { normaliseUsername } from './auth.service.ts';

export const SESSION_COOKIE = 'atiende_sid';

export async function authRoutes(app: AppInstance, { auth, config }: ModuleDeps) {
  app.post(
    '/auth/login',
    {
      config: {
        permission: 'public',
        idempotent: false,
        // Ten tries a minute per address and username: enough for typos, useless for guessing. Each
        // worker of `serve --workers N` counts on its own, so each allows its share of the ten.
        rateLimit: {
          max: Math.max(1, Math.floor(10 / config.workers)),
          timeWindow: '1 minute',
          // req.ip is the socket's address unless ATIENDE_TRUST_PROXY names the proxy in front, so
          // a client cannot pick its own address with X-Forwarded-For. The per-account limit with
          // growing waits is in auth.service.ts and holds whatever the address.
          keyGenerator: (req) => `${req.ip}|${normaliseUsername(String((req.body as { username?: string } | undefined)?.username ?? ''))}`,
        },
      },
      schema: { operationId: 'logIn',
        tags: ['auth'],
        summary: 'Log in with username and password; sets the session cookie',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict(),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const session = await auth.login(request.body.username, request.body.password, (userId) =>
        recordAudit(systemCtx(app.database, config), { entityType: 'user', entityId: userId, action: 'login_throttled', changes: { address: request.ip } }),
      );
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies || request.protocol === 'https',
        path: '/',
        expires: new Date(Date.now() + 30 * 24 * 3600_000),
      });
      const user = await getUser({ ...systemCtx(app.database, config), locale: request.locale }, session.userId);
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post('/auth/logout', route('authenticated', { operationId: 'logOut', tags: ['auth'], summary: 'End the session', response: { 204: noContent } }, { idempotent: false }), async (request, reply) => {
  await auth.logout(actorOf(request));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  return reply.status(204).send(null);
});

  app.post(
    '/auth/password',
    {
      config: {
        permission: 'authenticated',
        idempotent: false,
        // Guessing the current password from a stolen session is as slow as guessing it at login.
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `pw|${req.actor?.userId ?? req.ip}` },
      },
      schema: {
        operationId: 'changeOwnPassword',
        tags: ['auth'],
        summary: 'Change my own password (current password required); ends every other session of mine',
        body: changePasswordBodySchema,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await changeOwnPassword(ctx, request.body);
      await auth.forgetUser(ctx.actor.userId);
      return reply.status(204).send(null);
    },
  );

  app.get('/auth/me', route('authenticated', { operationId: 'getSession', tags: ['auth'], summary: 'The logged-in user and the CSRF token', response: { 200: meSchema } }), async (request) => {
  const actor = actorOf(request);
  const user = await getUser(ctxOf(request), actor.userId);
  return { user, csrfToken: actor.csrfToken ?? null, via: actor.via };
});

  app.get('/api-tokens', route('users.manage', { operationId: 'listApiTokens', tags: ['auth'], summary: 'API tokens (never the secret)', response: { 200: pageSchema(apiTokenSchema) } }), async (request) => ({
  items: await tokens.listTokens(ctxOf(request)),
  nextCursor: null,
}));

  app.post(
    '/api-tokens',
    {
      // Its answer carries the secret, shown once: never stored to be replayed (Idempotency-Key).
      config: { permission: 'users.manage', idempotent: false },
      schema: { operationId: 'createApiToken',
        tags: ['auth'],
        summary: 'Create an API token for an integration; the secret is returned only once',
        body: z.object({
          name: z.string().trim().min(1).max(100).describe('What uses it, e.g. "Centralita"'),
          role: z.enum(ROLES).optional().describe('Role the token acts with; default agent'),
        }).strict(),
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await tokens.createToken(ctxOf(request), request.body)),
  );

  app.delete('/api-tokens/:id', route('users.manage', { operationId: 'revokeApiToken', tags: ['auth'], summary: 'Revoke a token', params: idParams, response: { 204: noContent } }), async (request, reply) => {
  const id = toId(request.params.id);
  await tokens.revokeToken(ctxOf(request), id);
  await auth.forgetToken(id);
  return reply.status(204).send(null);
});
}
