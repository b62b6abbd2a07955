/**
 * Work other areas attach to a call's life, in the call's own transaction (the reports area keeps
 * the calls summary). Core file (it imports no area): an area declares its hooks in its manifest
 * (`hooks.calls` of `defineArea`), `installAreas` fills this registry once per process, and the
 * calls service runs them.
 * - `created`: rows written with the new call (companions, db/companions.ts), so they share its
 *   group commit: no extra statement or round trip on the registration path.
 * - `changed`: after a change of type, destination or finish state, inside the change's
 *   transaction (the call row is locked).
 */
import type { Ctx } from '../../context.ts';
import type { Companion } from '../../db/companions.ts';

/** What a call is counted by: ids as numbers, instants ISO-8601 UTC. */
export type CallSnapshot = {
  id: number;
  typeCode: string | null;
  toUserId: number | null;
  toGroupId: number | null;
  registeredAt: string;
  finishedAt: string | null;
  finishedByActionType: string | null;
};

export type CallHooks = {
  created?: (ctx: Ctx, call: CallSnapshot) => Companion[];
  changed?: (ctx: Ctx, before: CallSnapshot, after: CallSnapshot) => Promise<void>;
};

const hooks: CallHooks[] = [];

/** Called by installAreas only (modules/area.ts); answers its remover. */
export function installCallHooks(h: CallHooks): () => void {
  hooks.push(h);
  return () => {
    const i = hooks.indexOf(h);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/** The companion rows the hooks write with a new call. */
export function callCreatedCompanions(ctx: Ctx, call: CallSnapshot): Companion[] {
  return hooks.flatMap((h) => (h.created ? h.created(ctx, call) : []));
}

/** Runs the change hooks (inside the caller's transaction). */
export async function callChanged(ctx: Ctx, before: CallSnapshot, after: CallSnapshot): Promise<void> {
  for (const h of hooks) if (h.changed) await h.changed(ctx, before, after);
}

/** A call row (as the calls repository reads it) as a snapshot. */
export function callSnapshot(r: { id: unknown; type_code: string | null; to_user_id: unknown; to_group_id: unknown; registered_at: unknown; finished_at: unknown; finished_by_action_type: string | null }): CallSnapshot {
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    typeCode: r.type_code,
    toUserId: num(r.to_user_id),
    toGroupId: num(r.to_group_id),
    registeredAt: iso(r.registered_at)!,
    finishedAt: iso(r.finished_at),
    finishedByActionType: r.finished_by_action_type,
  };
}
