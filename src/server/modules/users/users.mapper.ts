import type { Selectable } from 'kysely';
import type { Role } from '../../../shared/roles.ts';
import type { Language } from '../../../shared/users.ts';
import { toBool } from '../../db/dialect.ts';
import type { GroupsTable, UsersTable } from './users.tables.ts';

export function toUser(r: Selectable<UsersTable>, groupIds: number[] = []) {
  return {
    id: String(r.id),
    username: r.username,
    name: r.name,
    email: r.email,
    role: r.role as Role,
    language: r.language as Language,
    timeZone: r.time_zone,
    active: toBool(r.active),
    groupIds: groupIds.map(String),
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toPreferences(r: Selectable<UsersTable>) {
  return {
    defaultToUserId: r.default_to_user_id ? String(r.default_to_user_id) : null,
    defaultToGroupId: r.default_to_group_id ? String(r.default_to_group_id) : null,
    defaultCallTypeCode: r.default_call_type_code,
    language: r.language as Language,
    timeZone: r.time_zone,
  };
}

export function toGroup(r: Selectable<GroupsTable>, memberIds: number[]) {
  return { id: String(r.id), code: r.code, name: r.name, active: toBool(r.active), memberIds: memberIds.map(String), createdAt: r.created_at };
}
