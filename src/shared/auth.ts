/** The contract of the auth area: the session and API tokens. No server imports here. */
import { z } from 'zod';
import { ROLES } from './roles.ts';
import { userSchema } from './users.ts';

export const sessionSchema = z.object({
  user: userSchema,
  csrfToken: z.string().nullable().describe('Send it as X-CSRF-Token on every write made with the session cookie'),
});
export const meSchema = sessionSchema.extend({ via: z.enum(['session', 'token', 'system']).describe('How the caller authenticated') });

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('First characters of the secret, to recognise it'),
  role: z.enum(ROLES),
  createdBy: z.string().describe('Username of the administrator who created it'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const createdApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  token: z.string().describe('The secret: shown this once, never again'),
  createdAt: z.string(),
});

export type Session = z.infer<typeof sessionSchema>;
export type Me = z.infer<typeof meSchema>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

/** The shortest password the server accepts (users.service.ts checks it for every password it sets). */
export const PASSWORD_MIN_LENGTH = 8;

/** POST /auth/password: change my own password; the server ends every other session of mine. */
export const changePasswordBodySchema = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(PASSWORD_MIN_LENGTH, 'weak_password').max(200),
  })
  .strict();
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;
