/** Kysely row types of the users area (joined into `DB` in db/schema.ts). */
import type { Bool, Id } from '../../db/columns.ts';

export type UsersTable = {
  id: Id;
  username: string;
  name: string;
  email: string | null;
  password_hash: string;
  role: string;
  language: string;
  time_zone: string;
  active: Bool;
  default_to_user_id: number | null;
  default_to_group_id: number | null;
  default_call_type_code: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
};

export type GroupsTable = { id: Id; code: string; name: string; active: Bool; created_at: string; updated_at: string };

export type GroupMembersTable = { group_id: number; user_id: number };

export type UsersTables = {
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
};
