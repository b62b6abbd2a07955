/**
 * The shape every business area declares itself in, once: `modules/<area>/index.ts` exports one
 * `Area`, and `modules/index.ts` lists them. The app builds everything from that list — routes under
 * /api/v1, error codes and texts, timeline feeds, background jobs — so nothing registers itself by a
 * side-effect import.
 */
import type { AppInstance, ModuleDeps } from '../http.ts';
import type { Ctx } from '../context.ts';
import { registerErrorStatus } from '../errors.ts';
import { registerMessages } from '../i18n/messages.ts';
import { customerTimeline, type FeedSource, unitHistory } from './customers/feeds.ts';
import { type ActionHandler, registerAutomaticAction } from './activities/automatic-actions.ts';
import { type IncidentHooks, registerIncidentHooks } from './incident-hooks.ts';
import { type ReferenceCheck, registerCatalogReference } from './catalog-references.ts';
import { type AttachmentOwner, installAttachmentOwner } from './attachments/attachment-owners.ts';
import { type CustomerChangeHook, installCustomerChangeHook } from './customers/customer-hooks.ts';
import { type CallHooks, installCallHooks } from './calls/call-hooks.ts';
import { installUnitChangeHook, type UnitChangeHook } from './products/unit-hooks.ts';

type Text = string | ((p: Record<string, unknown>) => string);

/** An error code of the area: its HTTP status (400 for field errors) and its Spanish and English texts. */
export type AreaError = { status: number; es: Text; en: Text };
/** Any other text of the area (e-mail subjects, notice and timeline titles) in Spanish and English. */
export type AreaText = { es: Text; en: Text };

/**
 * A background job. `run` does one pass and must claim its work in the database (row leases,
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite), never with an in-memory
 * flag, so that several app servers can run it at once and each piece of work happens once.
 */
export type Job = {
  name: string;
  /** Milliseconds between the end of one pass and the start of the next. */
  everyMs: number;
  run: (ctx: Ctx) => Promise<unknown>;
  /**
   * Optional: subscribes to a signal that work is waiting (an e-mail was queued); the runner then
   * starts a pass at once instead of waiting `everyMs`. Returns the unsubscriber.
   */
  wakeOn?: (wake: () => void) => () => void;
  /**
   * Once when the runner starts in this process (before the first pass) and once when it stops
   * (after the last pass): a lifecycle event of the process, never of a request. Failures are logged.
   */
  onStart?: (ctx: Ctx) => Promise<unknown>;
  onStop?: (ctx: Ctx) => Promise<unknown>;
};

export type Area = {
  id: string;
  routes?: (app: AppInstance, deps: ModuleDeps) => Promise<void>;
  /** Error and field-error codes this area answers with. */
  errors?: Record<string, AreaError>;
  /** Other texts this area translates (e-mails, notices, timeline titles). */
  texts?: Record<string, AreaText>;
  /** Sources of the customer timeline and the unit history, by entry type. */
  feeds?: { customerTimeline?: Record<string, FeedSource>; unitHistory?: Record<string, FeedSource> };
  jobs?: Job[];
  /** Record types of this area that files may be attached to (attachments/attachment-owners.ts), by owner type. */
  attachmentOwners?: Record<string, AttachmentOwner>;
  /**
   * Hook points of other areas this area implements (see incident-hooks.ts: incidentCreated,
   * incidentChanged, incidentEvent, incidentClosing), called inside the incident's transaction.
   */
  hooks?: {
    incidents?: IncidentHooks;
    /** Automatic actions of solution types this area provides, by kind (see activities/automatic-actions.ts). */
    activities?: { automaticActions?: Record<string, ActionHandler> };
    /** Catalog attributes naming a record of this area, and how to tell that it exists (see catalog-references.ts). */
    catalogs?: { references?: Record<string, ReferenceCheck> };
    /** Work of this area when a customer changes, inside the customer's transaction (customers/customer-hooks.ts). */
    customers?: { changed?: CustomerChangeHook };
    /** Work of this area when a call is registered or changes, in the call's transaction (calls/call-hooks.ts). */
    calls?: CallHooks;
    /** Work of this area when a unit is created or changes, in the unit's transaction (products/unit-hooks.ts). */
    units?: { changed?: UnitChangeHook };
  };
};

/**
 * An area's error catalogue as one table, a line per code: `code: [status, es, en]` (status 400 for
 * field errors; a text may be a function of the error's params). Returns the manifest's `errors`.
 */
export function defineErrors<K extends string>(table: Record<K, [status: number, es: Text, en: Text]>): Record<K, AreaError> {
  return Object.fromEntries(Object.entries<[number, Text, Text]>(table).map(([code, [status, es, en]]) => [code, { status, es, en }])) as Record<K, AreaError>;
}

/** An area's other texts as one table, a line per key: `key: [es, en]`. Returns the manifest's `texts`. */
export function defineTexts<K extends string>(table: Record<K, [es: Text, en: Text]>): Record<K, AreaText> {
  return Object.fromEntries(Object.entries<[Text, Text]>(table).map(([key, [es, en]]) => [key, { es, en }])) as Record<K, AreaText>;
}

export function defineArea(area: Area): Area {
  return area;
}

let installed = false;
/** Registers every area's error texts, statuses and feeds once per process. */
export function installAreas(areas: Area[]): void {
  if (installed) return;
  installed = true;
  for (const area of areas) {
    if (area.errors) {
      registerMessages(Object.fromEntries(Object.entries(area.errors).map(([code, e]) => [code, { es: e.es, en: e.en }])));
      registerErrorStatus(Object.fromEntries(Object.entries(area.errors).map(([code, e]) => [code, e.status])));
    }
    if (area.texts) registerMessages(area.texts);
    for (const [type, source] of Object.entries(area.feeds?.customerTimeline ?? {})) customerTimeline.register(type, source);
    for (const [type, source] of Object.entries(area.feeds?.unitHistory ?? {})) unitHistory.register(type, source);
    if (area.hooks?.incidents) registerIncidentHooks(area.id, area.hooks.incidents);
    for (const [kind, handler] of Object.entries(area.hooks?.activities?.automaticActions ?? {})) registerAutomaticAction(kind, handler);
    for (const [attribute, check] of Object.entries(area.hooks?.catalogs?.references ?? {})) registerCatalogReference(attribute, check);
    for (const [ownerType, owner] of Object.entries(area.attachmentOwners ?? {})) installAttachmentOwner(ownerType, owner);
    if (area.hooks?.customers?.changed) installCustomerChangeHook(area.hooks.customers.changed);
    if (area.hooks?.calls) installCallHooks(area.hooks.calls);
    if (area.hooks?.units?.changed) installUnitChangeHook(area.hooks.units.changed);
  }
}
