import { CATALOGS, type CatalogName, type FlagName } from '../../../shared/catalogs.ts';
import { type Ctx, tx } from '../../context.ts';
import { configCache } from '../../db/config-cache.ts';
import { nowIso, toJson } from '../../db/dialect.ts';
import { AppError, fieldError, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { groupExists, userExists } from '../users/users.service.ts';
import { unknownCatalogReferences } from '../catalog-references.ts';
import { CATALOG_ATTRIBUTES, type AttributeName, type EntryCreate, type EntryUpdate } from './catalogs.schemas.ts';
import { type CatalogEntry, toEntry } from './catalogs.mapper.ts';
import * as repo from './catalogs.repository.ts';
import { automaticActionKinds } from '../activities/automatic-actions.ts';
import { unlessTaken } from '../../db/unique.ts';

const FLAG_COLUMNS: Record<FlagName, repo.FlagColumn> = {
  pending: 'pending',
  isDefault: 'is_default',
  defaultPending: 'default_pending',
  defaultFinished: 'default_finished',
};

/** Automatic actions the areas' manifests provide (create_incident arrives with incidents), after "none". */
export function offeredAutomaticActions(): string[] {
  return ['none', ...automaticActionKinds()];
}

export async function listEntries(ctx: Ctx, catalog: CatalogName, q: { active?: boolean; parentCode?: string | null } = {}) {
  return (await repo.listEntries(ctx.db, catalog, q)).map(toEntry);
}

export async function getEntry(ctx: Ctx, catalog: CatalogName, code: string): Promise<CatalogEntry> {
  const row = await repo.findEntry(ctx.db, catalog, code);
  if (!row) throw notFound();
  return toEntry(row);
}

/** Entries by code and flag, read on nearly every write of other areas (see config-cache.ts). */
const entries = configCache<CatalogEntry | undefined>();

/** A catalog's active entries in order, as `listEntries(…, { active: true })`, cached (see config-cache.ts). */
const activeLists = configCache<readonly CatalogEntry[]>();

/**
 * The active entries of a catalog in their order (an intake reads the owner-assignment rules: one
 * statement and a mapping of every rule per intake otherwise). Shared and frozen, never change it.
 */
export async function listActiveEntries(ctx: Ctx, catalog: CatalogName): Promise<readonly CatalogEntry[]> {
  return activeLists.get(ctx, catalog, () => listEntries(ctx, catalog, { active: true }));
}

/** An entry by code (active or not); the answer is shared and frozen, never change it. */
export async function findEntry(ctx: Ctx, catalog: CatalogName, code: string): Promise<Readonly<CatalogEntry> | undefined> {
  return entries.get(ctx, `${catalog}\u0000${code}`, async () => {
    const row = await repo.findEntry(ctx.db, catalog, code);
    return row ? toEntry(row) : undefined;
  });
}

/** The active entry carrying a flag (the default status…), if one is configured. Shared and frozen. */
export async function findFlagged(ctx: Ctx, catalog: CatalogName, flag: FlagName): Promise<Readonly<CatalogEntry> | undefined> {
  return entries.get(ctx, `${catalog}\u0001${flag}`, async () => {
    const row = await repo.findFlagged(ctx.db, catalog, FLAG_COLUMNS[flag]);
    return row ? toEntry(row) : undefined;
  });
}

/** For a new value on a record: the code must exist and be active. */
export async function assertActiveCode(ctx: Ctx, catalog: CatalogName, code: string, field: string): Promise<CatalogEntry> {
  const entry = await findEntry(ctx, catalog, code);
  if (!entry || !entry.active) throw fieldError(field, 'unknown_code', { value: code });
  return entry;
}

/**
 * For a changed record: keeping the value it already has is always fine, even if the code was
 * retired since; a different value must be an active code.
 */
export async function assertCodeForUpdate(ctx: Ctx, catalog: CatalogName, code: string | null | undefined, previous: string | null, field: string) {
  if (code === undefined || code === null || code === previous) return;
  await assertActiveCode(ctx, catalog, code, field);
}

function validateShape(catalog: CatalogName, input: EntryUpdate & { code?: string }) {
  const def = CATALOGS[catalog];
  const errors: { field: string; code: string }[] = [];
  if (input.code !== undefined && def.codeLength && input.code.length !== def.codeLength) errors.push({ field: 'code', code: 'code_length_2' });
  for (const flag of ['pending', 'isDefault', 'defaultPending', 'defaultFinished'] as FlagName[]) {
    if (input[flag] !== undefined && !def.flags.includes(flag)) errors.push({ field: flag, code: 'unknown_field' });
  }
  if (input.parentCode !== undefined && input.parentCode !== null && !def.hierarchical) errors.push({ field: 'parentCode', code: 'unknown_field' });
  const allowed = CATALOG_ATTRIBUTES[catalog];
  for (const key of Object.keys(input)) {
    if (key in FLAG_COLUMNS || ['code', 'descriptionEs', 'descriptionEn', 'active', 'sortOrder', 'parentCode'].includes(key)) continue;
    if (!allowed.includes(key as AttributeName)) errors.push({ field: key, code: 'unknown_field' });
  }
  if (input.automaticAction && !offeredAutomaticActions().includes(input.automaticAction)) errors.push({ field: 'automaticAction', code: 'invalid_value' });
  if (input.defaultPending && input.pending === false) errors.push({ field: 'pending', code: 'invalid_value' });
  if (input.defaultFinished && input.pending === true) errors.push({ field: 'pending', code: 'invalid_value' });
  if (errors.length) throw new AppError('validation_failed', { errors });
}

async function validateReferences(ctx: Ctx, catalog: CatalogName, input: EntryUpdate, code: string) {
  if (input.parentCode) {
    const parent = await findEntry(ctx, catalog, input.parentCode);
    if (!parent || parent.parentCode || parent.code === code) throw fieldError('parentCode', 'unknown_code', { value: input.parentCode });
  }
  if (input.ownerUserId) {
    if (!(await userExists(ctx, Number(input.ownerUserId)))) throw fieldError('ownerUserId', 'unknown_reference');
  }
  if (input.ownerUserId && input.ownerGroupId) throw fieldError('ownerGroupId', 'one_of_user_group');
  if (input.ownerGroupId) {
    if (!(await groupExists(ctx, Number(input.ownerGroupId)))) throw fieldError('ownerGroupId', 'unknown_reference');
  }
  const unknown = await unknownCatalogReferences(ctx, input as Record<string, unknown>);
  if (unknown.length) throw new AppError('validation_failed', { errors: unknown.map((field) => ({ field, code: 'unknown_reference' })) });
}

function attributesOf(catalog: CatalogName, input: EntryUpdate, previous: Record<string, unknown> = {}) {
  const out: Record<string, unknown> = {};
  for (const key of CATALOG_ATTRIBUTES[catalog]) {
    const value = input[key as keyof EntryUpdate];
    out[key] = value !== undefined ? value : previous[key];
  }
  if (catalog === 'solution-types' && out.automaticAction === undefined) out.automaticAction = 'none';
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Setting a one-of flag clears it on every other entry of the catalog, in the same transaction. */
async function clearUniqueFlags(ctx: Ctx, catalog: CatalogName, input: EntryUpdate, code: string) {
  for (const flag of CATALOGS[catalog].uniqueFlags) {
    if (input[flag] === true) await repo.clearFlag(ctx.db, catalog, FLAG_COLUMNS[flag], code);
  }
}

export async function createEntry(ctx: Ctx, catalog: CatalogName, input: EntryCreate) {
  validateShape(catalog, input);
  const code = input.code;
  return tx(ctx, async (c) => {
    entries.invalidate(c);
    activeLists.invalidate(c);
    await validateReferences(c, catalog, input, code);
    await clearUniqueFlags(c, catalog, input, code);
    const now = nowIso();
    const pending = input.pending ?? (input.defaultPending ? true : false);
    await unlessTaken('code', 'code_taken', () => repo.insertEntry(c.db, {
      catalog,
      code,
      description_es: input.descriptionEs,
      description_en: input.descriptionEn,
      active: input.active ?? true,
      sort_order: input.sortOrder ?? 0,
      parent_code: input.parentCode ?? null,
      pending,
      is_default: input.isDefault ?? false,
      default_pending: input.defaultPending ?? false,
      default_finished: input.defaultFinished ?? false,
      attributes: toJson(attributesOf(catalog, input)) ?? '{}',
      created_at: now,
      updated_at: now,
    }));
    const entry = await getEntry(c, catalog, code);
    await recordAudit(c, { entityType: `catalog:${catalog}`, entityId: code, action: 'create', changes: entry });
    return entry;
  });
}

export async function updateEntry(ctx: Ctx, catalog: CatalogName, code: string, input: EntryUpdate) {
  validateShape(catalog, input);
  return tx(ctx, async (c) => {
    entries.invalidate(c);
    activeLists.invalidate(c);
    const before = await getEntry(c, catalog, code);
    const merged = { ...before, ...input };
    if (merged.defaultPending && !merged.pending) throw fieldError('pending', 'invalid_value');
    if (merged.defaultFinished && merged.pending) throw fieldError('pending', 'invalid_value');
    await validateReferences(c, catalog, input, code);
    await clearUniqueFlags(c, catalog, input, code);
    await repo.updateEntry(c.db, catalog, code, {
      description_es: input.descriptionEs,
      description_en: input.descriptionEn,
      active: input.active,
      sort_order: input.sortOrder,
      parent_code: input.parentCode,
      pending: input.pending,
      is_default: input.isDefault,
      default_pending: input.defaultPending,
      default_finished: input.defaultFinished,
      attributes: toJson(attributesOf(catalog, input, before)) ?? '{}',
      updated_at: nowIso(),
    });
    const after = await getEntry(c, catalog, code);
    await recordAudit(c, { entityType: `catalog:${catalog}`, entityId: code, action: 'update', changes: diff(before, after) });
    return after;
  });
}
