/** Kysely row types of the auth area (joined into `DB` in db/schema.ts). */
import type { Id } from '../../db/columns.ts';

export type SessionsTable = { id: string; user_id: number; csrf_token: string; created_at: string; expires_at: string };

export type ApiTokensTable = {
  id: Id;
  name: string;
  token_hash: string;
  prefix: string;
  role: string;
  user_id: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

/** Failed logins per account (normalised username), for the per-account limit. */
export type LoginFailuresTable = {
  username_key: string;
  failures: number;
  locked_until: string | null;
  last_failure_at: string;
};

export type AuthTables = {
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
};
