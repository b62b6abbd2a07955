/** The first answer to each (caller, method, route, Idempotency-Key), kept 24 h. */
export type IdempotencyKeysTable = {
  /** sha256 of the caller, method, route pattern and key: the scope of one key. */
  key_hash: string;
  /** sha256 of the path parameters and the validated body: a retry must send the same. */
  request_hash: string;
  user_id: number;
  response_status: number;
  response_type: string;
  response_body: string;
  /** Location header of the first answer, when it had one. */
  location: string | null;
  created_at: string;
  expires_at: string;
};

export type IdempotencyTables = { idempotency_keys: IdempotencyKeysTable };
