import type { Ctx } from '../../context.ts';
import * as repo from './auth.repository.ts';

/**
 * Ends the user's sessions in the caller's transaction (a password change or reset): every one, or
 * every one but `exceptSessionId`. Cached identities are dropped by `AuthService.forgetUser` after
 * the commit, on every app server.
 */
export async function endSessions(ctx: Ctx, userId: number, exceptSessionId?: string): Promise<void> {
  await repo.deleteUserSessions(ctx.db, userId, exceptSessionId);
}
