import type { Role } from '../../../shared/roles.ts';
import { PASSWORD_MIN_LENGTH } from '../../../shared/auth.ts';
import { type Ctx, tx } from '../../context.ts';
import { configCache } from '../../db/config-cache.ts';
import type { Database } from '../../db/database.ts';
import { isUniqueViolation, nowIso } from '../../db/dialect.ts';
import { fieldError, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { randomToken } from '../auth/auth.service.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { endSessions } from '../auth/sessions.service.ts';
import { toGroup, toPreferences, toUser } from './users.mapper.ts';
import * as repo from './users.repository.ts';
import { unlessTaken } from '../../db/unique.ts';

type Preferences = ReturnType<typeof toPreferences>;
/** A user as other areas read it on every request: name, language, call defaults (see config-cache.ts). */
type UserBrief = { id: number; name: string; language: 'es' | 'en'; preferences: Preferences };
const briefs = configCache<UserBrief | undefined>();
/** Groups by id and the groups of each user. */
const groupCache = configCache<{ id: number; name: string } | number[] | undefined>();

function invalidate(ctx: Ctx) {
  briefs.invalidate(ctx);
  groupCache.invalidate(ctx);
}

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;
const toBrief = (row: UserRow): UserBrief => ({ id: row.id, name: row.name, language: row.language === 'en' ? 'en' : 'es', preferences: toPreferences(row) });

function userBrief(ctx: Ctx, id: number): Promise<UserBrief | undefined> {
  return briefs.get(ctx, String(id), async () => {
    const row = await repo.findUser(ctx.db, id);
    return row ? toBrief(row) : undefined;
  });
}

/**
 * The names of several users by id, for lists that show them on every row (a call inbox page): from
 * the configuration cache, the ids not in it read with one statement. Unknown ids are left out.
 */
export async function userNames(ctx: Ctx, ids: Iterable<number>): Promise<Map<number, string>> {
  const found = await briefs.getMany(ctx, [...ids].map(String), async (missing) => {
    const rows = await repo.findUsers(ctx.db, missing.map(Number));
    return new Map(rows.map((r) => [String(r.id), toBrief(r)]));
  });
  const out = new Map<number, string>();
  for (const brief of found.values()) if (brief) out.set(Number(brief.id), brief.name);
  return out;
}

/** The names of several groups by id (as userNames). */
export async function groupNames(ctx: Ctx, ids: Iterable<number>): Promise<Map<number, string>> {
  const found = await groupCache.getMany(ctx, [...ids].map((id) => `g:${id}`), async (missing) => {
    const rows = await repo.findGroups(ctx.db, missing.map((k) => Number(k.slice(2))));
    return new Map(rows.map((r) => [`g:${r.id}`, { id: Number(r.id), name: r.name }]));
  });
  const out = new Map<number, string>();
  for (const g of found.values()) if (g && !Array.isArray(g)) out.set(Number(g.id), g.name);
  return out;
}

export type UserInput = {
  username: string;
  name: string;
  email?: string | null;
  password: string;
  role: Role;
  language?: 'es' | 'en';
  timeZone?: string;
};

/** A user's id by login name (the command line's `user passwd`). */
export async function findUserIdByUsername(ctx: Ctx, username: string): Promise<number | undefined> {
  return (await repo.findUserIdByUsername(ctx.db, username))?.id;
}

/** The longest-standing active administrator, if any. */
export async function firstActiveAdmin(ctx: Ctx) {
  return repo.firstActiveAdmin(ctx.db);
}

export async function getUser(ctx: Ctx, id: number) {
  const row = await repo.findUser(ctx.db, id);
  if (!row) throw notFound();
  const groups = await repo.groupIdsOfUser(ctx.db, id);
  return toUser(row, groups.map((g) => g.group_id));
}

export async function listUsers(ctx: Ctx, q: { active?: boolean; role?: string }) {
  const rows = await repo.listUsers(ctx.db, q);
  return rows.map((r) => toUser(r));
}

function assertTimeZone(field: string, tz: string | undefined) {
  if (!tz) return;
  try {
    new Intl.DateTimeFormat('es-ES', { timeZone: tz });
  } catch {
    throw fieldError(field, 'invalid_value');
  }
}

/** The password rule, the same for the API and the command line (`atiende user add|passwd`). */
export { PASSWORD_MIN_LENGTH };
function assertPassword(password: string | undefined) {
  if (password === undefined) return;
  if (password.length < PASSWORD_MIN_LENGTH || password.length > 200) throw fieldError('password', 'weak_password');
}

export async function createUser(ctx: Ctx, input: UserInput) {
  assertTimeZone('timeZone', input.timeZone);
  assertPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return tx(ctx, async (c) => {
    invalidate(c);
    const now = nowIso();
    return unlessTaken('username', 'username_taken', async () => {
      const id = await repo.insertUser(c.db, {
        username: input.username,
        name: input.name,
        email: input.email ?? null,
        password_hash: passwordHash,
        role: input.role,
        language: input.language ?? 'es',
        time_zone: input.timeZone ?? ctx.config.defaultTimeZone,
        active: true,
        created_at: now,
        updated_at: now,
      });
      await recordAudit(c, { entityType: 'user', entityId: id, action: 'create', changes: { username: input.username, role: input.role } });
      return getUser(c, id);
    });
  });
}

export async function updateUser(
  ctx: Ctx,
  id: number,
  input: Partial<Omit<UserInput, 'username'>> & { active?: boolean },
) {
  assertTimeZone('timeZone', input.timeZone);
  assertPassword(input.password);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return tx(ctx, async (c) => {
    invalidate(c);
    const before = await repo.findUser(c.db, id);
    if (!before) throw notFound();
    if (id === c.actor.userId && (input.active === false || (input.role && input.role !== 'admin' && before.role === 'admin'))) {
      // An administrator cannot lock themselves out.
      throw fieldError(input.active === false ? 'active' : 'role', 'invalid_value');
    }
    const changes = {
      name: input.name,
      email: input.email,
      role: input.role,
      language: input.language,
      time_zone: input.timeZone,
      active: input.active,
    };
    await repo.updateUser(c.db, id, { ...changes, ...(passwordHash ? { password_hash: passwordHash } : {}), updated_at: nowIso() });
    // A password reset ends every session of the user (the one resetting their own keeps theirs).
    if (passwordHash) await endSessions(c, id, id === c.actor.userId ? c.actor.sessionId : undefined);
    await recordAudit(c, {
      entityType: 'user',
      entityId: id,
      action: 'update',
      changes: { ...diff(before as Record<string, unknown>, changes), ...(passwordHash ? { password: 'changed' } : {}) },
    });
    return getUser(c, id);
  });
}

/**
 * Any user changes their own password, giving the current one. Every other session of theirs ends
 * at once; the one that asked stays logged in.
 */
export async function changeOwnPassword(ctx: Ctx, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const me = await repo.findUser(ctx.db, ctx.actor.userId);
  if (!me) throw notFound();
  if (!(await verifyPassword(me.password_hash, input.currentPassword))) throw fieldError('currentPassword', 'current_password_wrong');
  if (input.newPassword === input.currentPassword) throw fieldError('newPassword', 'password_unchanged');
  const passwordHash = await hashPassword(input.newPassword);
  await tx(ctx, async (c) => {
    await repo.updateUser(c.db, me.id, { password_hash: passwordHash, updated_at: nowIso() });
    await endSessions(c, me.id, c.actor.sessionId);
    await recordAudit(c, { entityType: 'user', entityId: me.id, action: 'password_change', changes: { password: 'changed' } });
  });
}

/** The logged-in user's own settings: language, time zone and call defaults. */
export async function getPreferences(ctx: Ctx): Promise<Preferences> {
  const brief = await userBrief(ctx, ctx.actor.userId);
  if (!brief) throw notFound();
  return { ...brief.preferences };
}

export async function updatePreferences(
  ctx: Ctx,
  input: { defaultToUserId?: string | null; defaultToGroupId?: string | null; defaultCallTypeCode?: string | null; language?: 'es' | 'en'; timeZone?: string },
) {
  assertTimeZone('timeZone', input.timeZone);
  if (input.defaultToUserId && input.defaultToGroupId) throw fieldError('defaultToUserId', 'one_of_user_group');
  return tx(ctx, async (c) => {
    invalidate(c);
    if (input.defaultToUserId && !(await repo.findUser(c.db, Number(input.defaultToUserId)))) throw fieldError('defaultToUserId', 'unknown_reference');
    if (input.defaultToGroupId && !(await repo.findGroup(c.db, Number(input.defaultToGroupId)))) throw fieldError('defaultToGroupId', 'unknown_reference');
    if (input.defaultCallTypeCode && !(await repo.isActiveCatalogCode(c.db, 'call-types', input.defaultCallTypeCode))) {
      throw fieldError('defaultCallTypeCode', 'unknown_code', { value: input.defaultCallTypeCode });
    }
    const set: Parameters<typeof repo.updateUser>[2] = { updated_at: nowIso() };
    // Choosing a user clears the group and the other way round: the destination is one or the other.
    if (input.defaultToUserId !== undefined) {
      set.default_to_user_id = input.defaultToUserId ? Number(input.defaultToUserId) : null;
      if (input.defaultToUserId) set.default_to_group_id = null;
    }
    if (input.defaultToGroupId !== undefined) {
      set.default_to_group_id = input.defaultToGroupId ? Number(input.defaultToGroupId) : null;
      if (input.defaultToGroupId) set.default_to_user_id = null;
    }
    if (input.defaultCallTypeCode !== undefined) set.default_call_type_code = input.defaultCallTypeCode;
    if (input.language) set.language = input.language;
    if (input.timeZone) set.time_zone = input.timeZone;
    const before = await getPreferences(c);
    await repo.updateUser(c.db, c.actor.userId, set);
    const after = await getPreferences(c);
    await recordAudit(c, { entityType: 'user', entityId: c.actor.userId, action: 'preferences', changes: diff(before, after) });
    return after;
  });
}

export async function groupIdsOf(ctx: Ctx, userId: number): Promise<number[]> {
  const ids = (await groupCache.get(ctx, `m:${userId}`, async () => (await repo.groupIdsOfUser(ctx.db, userId)).map((g) => g.group_id))) as number[];
  return [...ids];
}

/** Name and language of a user, for texts written to them; undefined when there is no such user. */
export async function findUserBrief(ctx: Ctx, id: number): Promise<{ id: number; name: string; language: 'es' | 'en' } | undefined> {
  const brief = await userBrief(ctx, id);
  return brief ? { id: brief.id, name: brief.name, language: brief.language } : undefined;
}

/** `findUserBrief` for several users at once: one read (per 500) instead of one per user; a missing id is absent from the map. */
export async function findUserBriefs(ctx: Ctx, ids: number[]): Promise<Map<number, { id: number; name: string; language: 'es' | 'en' }>> {
  const found = new Map<number, { id: number; name: string; language: 'es' | 'en' }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    for (const r of await repo.findUserBriefs(ctx.db, unique.slice(i, i + 500))) found.set(Number(r.id), { id: Number(r.id), name: r.name, language: r.language === 'en' ? 'en' : 'es' });
  }
  return found;
}

export async function userExists(ctx: Ctx, id: number): Promise<boolean> {
  return Boolean(await userBrief(ctx, id));
}

/** Id and name of a group; undefined when there is no such group. */
export async function findGroupBrief(ctx: Ctx, id: number): Promise<{ id: number; name: string } | undefined> {
  return (await groupCache.get(ctx, `g:${id}`, async () => {
    const row = await repo.findGroup(ctx.db, id);
    return row ? { id: row.id, name: row.name } : undefined;
  })) as { id: number; name: string } | undefined;
}

export async function groupExists(ctx: Ctx, id: number): Promise<boolean> {
  return Boolean(await findGroupBrief(ctx, id));
}

export async function listGroups(ctx: Ctx) {
  const groups = await repo.listGroups(ctx.db);
  const members = await repo.membersOf(ctx.db, groups.map((g) => g.id));
  return groups.map((g) => toGroup(g, members.filter((m) => m.group_id === g.id).map((m) => m.user_id)));
}

export async function getGroup(ctx: Ctx, id: number) {
  const g = await repo.findGroup(ctx.db, id);
  if (!g) throw notFound();
  const members = await repo.membersOf(ctx.db, [id]);
  return toGroup(g, members.map((m) => m.user_id));
}

async function checkMembers(ctx: Ctx, memberIds: string[]) {
  const ids = [...new Set(memberIds.map(Number))];
  const found = await repo.existingUserIds(ctx.db, ids);
  const missing = ids.findIndex((id) => !found.includes(id));
  if (missing >= 0) throw fieldError(`memberIds.${missing}`, 'unknown_reference');
  return ids;
}

export async function createGroup(ctx: Ctx, input: { code: string; name: string; memberIds?: string[] }) {
  return tx(ctx, async (c) => {
    invalidate(c);
    const ids = await checkMembers(c, input.memberIds ?? []);
    const now = nowIso();
    return unlessTaken('code', 'code_taken', async () => {
      const id = await repo.insertGroup(c.db, { code: input.code, name: input.name, created_at: now, updated_at: now });
      await repo.replaceMembers(c.db, id, ids);
      await recordAudit(c, { entityType: 'group', entityId: id, action: 'create', changes: { code: input.code, name: input.name, memberIds: ids } });
      return getGroup(c, id);
    });
  });
}

export async function updateGroup(ctx: Ctx, id: number, input: { name?: string; active?: boolean; memberIds?: string[] }) {
  return tx(ctx, async (c) => {
    invalidate(c);
    const before = await getGroup(c, id);
    await repo.updateGroup(c.db, id, { name: input.name, active: input.active, updated_at: nowIso() });
    if (input.memberIds) await repo.replaceMembers(c.db, id, await checkMembers(c, input.memberIds));
    const after = await getGroup(c, id);
    await recordAudit(c, { entityType: 'group', entityId: id, action: 'update', changes: diff(before, after) });
    return after;
  });
}

/**
 * First start: with no user at all, create `admin` with ATIENDE_ADMIN_PASSWORD or a random
 * password that is returned (and printed once by the caller).
 */
export async function ensureAdmin(database: Database, opts: { password?: string; timeZone: string }): Promise<{ created: boolean; password?: string }> {
  const { n } = await repo.countUsers(database.db);
  if (Number(n) > 0) return { created: false };
  const password = opts.password ?? randomToken(12);
  const now = nowIso();
  try {
    await repo.insertUser(database.db, {
      username: 'admin',
      name: 'Administrador',
      email: null,
      password_hash: await hashPassword(password),
      role: 'admin',
      language: 'es',
      time_zone: opts.timeZone,
      active: true,
      created_at: now,
      updated_at: now,
    });
  } catch (e) {
    // Another instance started at the same moment and created it first.
    if (isUniqueViolation(e)) return { created: false };
    throw e;
  }
  return { created: true, password: opts.password ? undefined : password };
}
