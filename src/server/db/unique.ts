import { fieldError } from '../errors.ts';
import { isUniqueViolation } from './dialect.ts';

/**
 * Runs `work`; a unique-key violation it hits (a code or name a concurrent request took first,
 * after the service's own check) becomes the field error `code` on `field`, anything else is thrown
 * as it came.
 */
export async function unlessTaken<T>(field: string, code: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw fieldError(field, code);
    throw e;
  }
}
