/**
 * Work other areas attach to a unit's life, in the unit's own transaction (the reports area keeps
 * the units in service per item). Core file (it imports no area): an area declares its hook in its
 * manifest (`hooks.units.changed` of `defineArea`), `installAreas` fills this registry once per
 * process, and the products service runs it on create and update (deactivation included) with the
 * unit row locked, so two writers of one unit never both count the same change.
 */
import type { Ctx } from '../../context.ts';

/** What a unit is counted by. */
export type UnitSnapshot = { id: number; itemId: number; saleDate: string; active: boolean };

/** `before` null: the unit was just created. */
export type UnitChangeHook = (ctx: Ctx, before: UnitSnapshot | null, after: UnitSnapshot) => Promise<void>;

const hooks: UnitChangeHook[] = [];

/** Called by installAreas only (modules/area.ts); answers its remover. */
export function installUnitChangeHook(hook: UnitChangeHook): () => void {
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/** Runs the change hooks (inside the caller's transaction). */
export async function unitChanged(ctx: Ctx, before: UnitSnapshot | null, after: UnitSnapshot): Promise<void> {
  for (const h of hooks) await h(ctx, before, after);
}
