/**
 * Automatic actions of solution types: what happens when a solution type is assigned to a
 * technical activity. Each kind has a handler that produces one record (an e-mail in the outbox, a
 * notice, a call-back in the customer agenda, a task…) and returns it, or throws ActionFailure
 * with the reason. An area adds a kind in its manifest (`hooks.activities.automaticActions`, which
 * installAreas registers here), e.g. incidents with create_incident; every registered kind is
 * offered in the catalog.
 */
import type { Ctx } from '../../context.ts';
import type { CatalogEntry } from '../catalogs/catalogs.mapper.ts';
import type { Customer } from '../customers/customers.mapper.ts';

export type ActionInput = {
  activityId: number;
  registeredAt: string;
  registeredBy: { id: number; name: string; timeZone: string; language: 'es' | 'en' };
  customer?: Customer;
  projectId: number | null;
  problem: string | null;
  solution: string | null;
  solutionType: CatalogEntry;
};

export type ActionResult = { type: string; id: number };
export type ActionHandler = (ctx: Ctx, input: ActionInput) => Promise<ActionResult>;

/** A reason the action could not be done; `code` is a message key (es/en). */
export class ActionFailure extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const handlers = new Map<string, ActionHandler>();
export function registerAutomaticAction(kind: string, handler: ActionHandler) {
  handlers.set(kind, handler);
}
export function automaticActionHandler(kind: string): ActionHandler | undefined {
  return handlers.get(kind);
}
/** The kinds the areas' manifests provide, as the catalog offers them. */
export function automaticActionKinds(): string[] {
  return [...handlers.keys()];
}

/**
 * Whether assigning `next` runs the solution type's action: on create when one is given, and on a
 * change to a different solution type. Keeping the same one (or editing other fields) does not.
 */
export function isNewAssignment(previous: string | null | undefined, next: string | null | undefined): next is string {
  return Boolean(next) && next !== previous;
}

/** Replaces {{name}} placeholders; unknown names become empty text. */
export function renderTemplate(template: string, vars: Record<string, string | null | undefined>): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (_, name: string) => vars[name] ?? '');
}
