/** Failed logins per account (normalised username), for the per-account limit. */
export type LoginFailuresTable = {
  username_key: string;
  failures: number;
  locked_until: string | null;
  last_failure_at: string;
};

export type AuthTables = { login_failures: LoginFailuresTable };
