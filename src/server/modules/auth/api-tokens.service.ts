import type { Role } from '../../../shared/roles.ts';
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { randomToken, sha256 } from './auth.service.ts';

export async function listTokens(ctx: Ctx) {
  const rows = await repo.listTokens(ctx.db);
  return rows.map((r) => ({
    id: String(r.id),
    name: r.name,
    prefix: r.prefix,
    role: r.role as Role,
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
    const row = await repo.insertToken(c.db, { name: input.name, token_hash: sha256(secret), prefix: secret.slice(0, 8), role, user_id: c.actor.userId, created_at: nowIso() });
    await recordAudit(c, { entityType: 'api_token', entityId: row.id, action: 'create', changes: { name: input.name, role } });
    return { id: String(row.id), name: input.name, role, token: secret, createdAt: row.created_at };
  });
}

export async function revokeToken(ctx: Ctx, id: number) {
  await tx(ctx, async (c) => {
    const revoked = await repo.revokeToken(c.db, id, nowIso());
    if (!revoked) {
      if (!(await repo.tokenExists(c.db, id))) throw notFound();
    }
    await recordAudit(c, { entityType: 'api_token', entityId: id, action: 'revoke' });
  });
}
