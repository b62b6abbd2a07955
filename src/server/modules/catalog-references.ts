/**
 * Catalog attributes that name a record of another area (a region's `serviceCalendarId` names a
 * service calendar of the SLA area). A core file: it imports no area. The owning area declares the
 * check in its manifest (`hooks.catalogs.references`), `installAreas` fills this registry, and the
 * catalogs area refuses an id the check does not find with a 400 naming the attribute.
 */
import type { Ctx } from '../context.ts';

export type ReferenceCheck = (ctx: Ctx, id: number) => Promise<boolean>;

const checks = new Map<string, ReferenceCheck>();

export function registerCatalogReference(attribute: string, check: ReferenceCheck): () => void {
  checks.set(attribute, check);
  return () => {
    if (checks.get(attribute) === check) checks.delete(attribute);
  };
}

/** The attributes of `input` that name a record which does not exist. */
export async function unknownCatalogReferences(ctx: Ctx, input: Record<string, unknown>): Promise<string[]> {
  const unknown: string[] = [];
  for (const [attribute, check] of checks) {
    const value = input[attribute];
    if (value === undefined || value === null || value === '') continue;
    const id = Number(value);
    if (!Number.isSafeInteger(id) || !(await check(ctx, id))) unknown.push(attribute);
  }
  return unknown;
}
