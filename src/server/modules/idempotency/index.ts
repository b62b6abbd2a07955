import { nowIso } from '../../db/dialect.ts';
import { defineArea } from '../area.ts';
import { idempotencyErrors } from './idempotency.errors.ts';
import { purgeExpiredKeys } from './idempotency.service.ts';

/** Safe retries of every POST (see idempotency.hooks.ts); the job forgets keys after 24 h. */
export const idempotencyArea = defineArea({
  id: 'idempotency',
  errors: idempotencyErrors,
  jobs: [{ name: 'idempotency-purge', everyMs: 3_600_000, run: (ctx) => purgeExpiredKeys(ctx, nowIso()) }],
});
