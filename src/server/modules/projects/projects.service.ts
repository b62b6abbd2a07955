/**
 * Projects: production or commercial work for one customer. The quick time entry creates one coded
 * as the customer when it has none (see quick-time.service.ts).
 */
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { decodeCursor, keyset, toPage } from '../../db/pagination.ts';
import { fieldError, found, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { findCustomer } from '../customers/customers.service.ts';
import { indexDocument } from '../search/search.service.ts';
import { toProject } from './projects.mapper.ts';
import * as repo from './projects.repository.ts';
import { unlessTaken } from '../../db/unique.ts';
import { creationStamps } from '../../db/stamps.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const PROJECTS = keyset('projects', 'text');

export type ProjectKind = 'production' | 'commercial';

export async function getProject(ctx: Ctx, id: number) {
  return toProject(found(await repo.findProjectView(ctx.db, id)));
}

/** A project if it exists (for other areas checking a project reference). */
export async function findProject(ctx: Ctx, id: number) {
  const row = await repo.findProjectView(ctx.db, id);
  return row ? toProject(row) : undefined;
}

export async function listProjects(ctx: Ctx, q: { customerId?: number; active?: boolean; kind?: ProjectKind; q?: string; limit: number; cursor?: string }) {
  const rows = await repo.listProjects(ctx.db, q, { cursor: decodeCursor(q.cursor, PROJECTS), limit: q.limit });
  return toPage(rows, q.limit, PROJECTS, (r) => [r.code], toProject);
}

export async function indexProject(ctx: Ctx, p: { id: number; code: string; name: string; customer_id: number }) {
  await indexDocument(ctx, { entityType: 'project', entityId: p.id, customerId: p.customer_id, title: `${p.code} · ${p.name}`, codes: [p.code], text: [p.name] });
}

/** Inserts a project; a code already used answers a field error on `code`. */
export async function insertProject(ctx: Ctx, input: { code: string; name: string; customerId: number; kind: ProjectKind; active?: boolean }): Promise<number> {
  const now = nowIso();
  const row = {
    code: input.code,
    name: input.name,
    customer_id: input.customerId,
    kind: input.kind,
    active: input.active ?? true,
    ...creationStamps(ctx.actor, now),
  };
  const id = await repo.insertProject(ctx.db, row);
  await recordAudit(ctx, { entityType: 'project', entityId: id, action: 'create', changes: { code: row.code, name: row.name, customerId: row.customer_id, kind: row.kind, active: row.active } });
  await indexProject(ctx, { id, ...row });
  return id;
}

export async function createProject(ctx: Ctx, input: { code: string; name: string; customerId: number; kind: ProjectKind; active?: boolean }) {
  return tx(ctx, async (c) => {
    if (!(await findCustomer(c, input.customerId))) throw fieldError('customerId', 'unknown_reference');
    if (await repo.findProjectByCode(c.db, input.code)) throw fieldError('code', 'code_taken');
    return unlessTaken('code', 'code_taken', async () => {
      const id = await insertProject(c, input);
      return getProject(c, id);
    });
  });
}

export async function updateProject(ctx: Ctx, id: number, input: { code?: string; name?: string; kind?: ProjectKind; active?: boolean }) {
  return tx(ctx, async (c) => {
    const before = await repo.findProject(c.db, id);
    if (!before) throw notFound();
    if (input.code && input.code !== before.code && (await repo.findProjectByCode(c.db, input.code))) throw fieldError('code', 'code_taken');
    const changes = { code: input.code, name: input.name, kind: input.kind, active: input.active };
    await unlessTaken('code', 'code_taken', () => repo.updateProject(c.db, id, { ...changes, updated_at: nowIso() }));
    const after = await getProject(c, id);
    await recordAudit(c, { entityType: 'project', entityId: id, action: 'update', changes: diff({ ...before, active: Boolean(before.active) } as Record<string, unknown>, changes) });
    await indexProject(c, { id, code: after.code, name: after.name, customer_id: before.customer_id });
    return after;
  });
}
