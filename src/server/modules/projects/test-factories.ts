/** Test-only factories for the projects area: rows inserted directly, as a real record would be. */
import { systemCtx, type Ctx } from '../../context.ts';
import { foldText, nowIso } from '../../db/dialect.ts';
import type { TestApp } from '../../../../test/harness.ts';

let seq = 0;

export function ctxOfTest(t: TestApp, actorUserId?: number): Ctx {
  const ctx = systemCtx(t.database, t.config);
  return actorUserId ? { ...ctx, actor: { ...ctx.actor, userId: actorUserId } } : ctx;
}

export async function makeCustomer(t: TestApp, over: { code?: string; name?: string } = {}): Promise<{ id: number; code: string; name: string }> {
  seq += 1;
  const code = over.code ?? `C${Date.now().toString(36).toUpperCase()}${seq}`;
  const name = over.name ?? `Cliente ${code}`;
  const now = nowIso();
  const { id } = await t.database.db
    .insertInto('customers')
    .values({ code, name, name_folded: foldText(name), phones: '[]', emails: '[]', language: 'es', active: true, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, code, name };
}

export async function makeProject(t: TestApp, customerId: number, over: { code?: string; active?: boolean; kind?: 'production' | 'commercial' } = {}) {
  seq += 1;
  const now = nowIso();
  const code = over.code ?? `P${Date.now().toString(36).toUpperCase()}${seq}`;
  const { id } = await t.database.db
    .insertInto('projects')
    .values({ code, name: `Proyecto ${code}`, customer_id: customerId, kind: over.kind ?? 'production', active: over.active ?? true, created_at: now, updated_at: now, created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, code };
}
