import type { Role } from '../../../shared/roles.ts';
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { randomToken, sha256 } from './auth.service.ts';

export async function listTokens(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.prefix', 'api_tokens.role', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'users.username'])
    .orderBy('api_tokens.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    name: r.name,
    prefix: r.prefix,
    role: r.role,
    createdBy: r.username,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function createToken(ctx: Ctx, input: { name: string; role?: Role }) {
  const secret = `atk_${randomToken(30)}`;
  const role = input.role ?? 'agent';
  return tx(ctx, async (c) => {
    const row = await c.db
      .insertInto('api_tokens')
      .values({ name: input.name, token_hash: sha256(secret), prefix: secret.slice(0, 8), role, user_id: c.actor.userId, created_at: nowIso() })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(c, { entityType: 'api_token', entityId: row.id, action: 'create', changes: { name: input.name, role } });
    return { id: String(row.id), name: input.name, role, token: secret, createdAt: row.created_at };
  });
}

export async function revokeToken(ctx: Ctx, id: number) {
  await tx(ctx, async (c) => {
    const res = await c.db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      const exists = await c.db.selectFrom('api_tokens').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw notFound();
    }
    await recordAudit(c, { entityType: 'api_token', entityId: id, action: 'revoke' });
  });
}
