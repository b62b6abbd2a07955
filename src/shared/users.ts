/**
 * The contract of the users area (users, groups, the caller's preferences): the Zod schemas of
 * its answers, used by the server's routes (`response`) and, as types, by the web (`import type`).
 * No server imports here.
 */
import { z } from 'zod';
import { createdUpdated } from './fields.ts';
import { ROLES } from './roles.ts';

export const languageSchema = z.enum(['es', 'en']).describe('UI, e-mail and PDF language');

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  language: languageSchema,
  timeZone: z.string().describe('IANA time zone'),
  active: z.boolean(),
  groupIds: z.array(z.string()),
  lastLoginAt: z.string().nullable(),
  ...createdUpdated,
});
export type User = z.infer<typeof userSchema>;
export type Language = z.infer<typeof languageSchema>;

export const groupSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  memberIds: z.array(z.string()),
  createdAt: z.string(),
});
export type Group = z.infer<typeof groupSchema>;

export const preferencesSchema = z.object({
  defaultToUserId: z.string().nullable(),
  defaultToGroupId: z.string().nullable(),
  defaultCallTypeCode: z.string().nullable(),
  language: languageSchema,
  timeZone: z.string(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** What a picker needs of a user or a group: every user and group is one. */
export type UserOption = Pick<User, 'id' | 'name' | 'active'>;
export type GroupOption = Pick<Group, 'id' | 'code' | 'name' | 'active'>;
