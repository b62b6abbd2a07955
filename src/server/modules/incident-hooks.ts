/**
 * The points where other areas plug into an incident's life (SLA deadlines and pauses, billing on
 * close, reports…). Core file: it imports no area, so the incidents area calls the hooks and the
 * areas implementing them never import each other. Areas declare their hooks in their manifest
 * (`Area.hooks`); `installAreas` fills the registry below once per process.
 *
 * Every hook runs inside the incident's transaction (a throw rolls the whole change back) and
 * receives plain snapshots: ids as numbers, timestamps ISO-8601 UTC, money integer cents, VAT
 * basis points, quantities in thousandths.
 */
import type { Ctx } from '../context.ts';

export type IncidentStage = 'open' | 'diagnosed' | 'resolved' | 'closed';
export type CaseType = 'warranty' | 'courtesy' | 'billable';

export type IncidentSupplySnapshot = {
  id: number;
  itemId: number;
  description: string;
  /** quantity × 1000 (1.5 units = 1500) */
  quantityMilli: number;
  unitPriceCents: number;
  /** cost of one unit: the item's cost when it has one, else its price when the line was added */
  costCents: number;
  vatRateBp: number;
};

/** A supply line as the supply hook sees it (its cost is quantity × cost, rounded to the cent). */
export type SupplyLineSnapshot = { id: number; itemId: number; quantityMilli: number; costCents: number; createdAt: string };

export type IncidentSnapshot = {
  id: number;
  number: string;
  customerId: number;
  unitId: number | null;
  itemId: number | null;
  /** the contract covering the unit on the received date (copied at intake) */
  contractId: number | null;
  regionCode: string | null;
  serviceTypeCode: string | null;
  caseType: CaseType;
  stage: IncidentStage;
  statusCode: string;
  priorityCode: string;
  ownerUserId: number | null;
  ownerGroupId: number | null;
  receivedAt: string;
  registeredAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  invoiceId: number | null;
  supplies: IncidentSupplySnapshot[];
};

export type IncidentEventSnapshot = {
  id: number;
  typeCode: string;
  at: string;
  userId: number | null;
  countsAsResponse: boolean;
  /** this event stamped the incident's first response */
  firstResponse: boolean;
};

/** Why an incident changed: what the SLA area recomputes or pauses on. */
/** `details`: the reason codes or the item changed (what the reports count by; nothing the SLA clocks read). */
export type IncidentChangeReason = 'status' | 'priority' | 'owner' | 'case_type' | 'customer' | 'contract' | 'region' | 'diagnose' | 'resolve' | 'reopen' | 'details';

/** An intake before its transaction: what it will write, without what the transaction gives (id, number, registered instant, a new customer's id). */
export type IncidentDraft = Omit<IncidentSnapshot, 'id' | 'number' | 'customerId' | 'registeredAt'>;

export type IncidentHooks = {
  /**
   * Before an intake's transaction (outside the write lock), once per intake: what the area can work
   * out from the draft without the transaction (configuration reads, computations). Its answer is
   * handed to the same area's `incidentCreated` as `prepared`. Read only; a throw refuses the intake.
   */
  incidentCreating?: (ctx: Ctx, draft: IncidentDraft) => Promise<unknown>;
  /**
   * After intake, inside its transaction. `prepared`: what this area's `incidentCreating` answered
   * for this intake (undefined when the area has none, or when called for another reason).
   */
  incidentCreated?: (ctx: Ctx, incident: IncidentSnapshot, prepared?: unknown) => Promise<void>;
  /**
   * After a change, inside its transaction. `reason` is the first kind of change; `reasons` lists
   * every kind made at once (a PATCH may change status and priority together). Called once per change.
   */
  incidentChanged?: (ctx: Ctx, change: { before: IncidentSnapshot; after: IncidentSnapshot; reason: IncidentChangeReason; reasons: IncidentChangeReason[] }) => Promise<void>;
  /** After an event is recorded, inside its transaction. */
  incidentEvent?: (ctx: Ctx, e: { incident: IncidentSnapshot; event: IncidentEventSnapshot }) => Promise<void>;
  /**
   * After a batch job (the SLA escalation sweep) recorded events on many incidents at once, inside
   * its transaction: an area that declares it is called once for the whole batch instead of
   * `incidentEvent` once per event (one read for 1,000 incidents instead of 1,000 reads).
   */
  incidentEvents?: (ctx: Ctx, events: Array<{ incident: IncidentSnapshot; event: IncidentEventSnapshot }>) => Promise<void>;
  /**
   * Inside the close transaction, before the incident is marked closed. May answer the invoice it
   * issued (the incident stores and shows it). A throw refuses the close and rolls everything back.
   */
  /**
   * After a supply line was added (`before` null), changed or removed (`after` null), inside its
   * transaction with the incident row locked.
   */
  supplyChanged?: (ctx: Ctx, e: { incident: { id: number; caseType: CaseType }; before: SupplyLineSnapshot | null; after: SupplyLineSnapshot | null }) => Promise<void>;
  /** After the incident is marked closed, inside the close transaction. */
  incidentClosed?: (ctx: Ctx, incident: IncidentSnapshot) => Promise<void>;
  incidentClosing?: (ctx: Ctx, e: { incident: IncidentSnapshot; supplies: IncidentSupplySnapshot[] }) => Promise<{ invoiceId?: number | null } | void>;
};

const registered: Array<{ area: string; hooks: IncidentHooks }> = [];

/** Called by installAreas; tests may add a hook of their own (and remove it with the returned function). */
export function registerIncidentHooks(area: string, hooks: IncidentHooks): () => void {
  const entry = { area, hooks };
  registered.push(entry);
  return () => {
    const i = registered.indexOf(entry);
    if (i >= 0) registered.splice(i, 1);
  };
}

/** The registered implementations of one hook, in area order. */
export function incidentHooks<K extends keyof IncidentHooks>(name: K): Array<NonNullable<IncidentHooks[K]>> {
  return registered.flatMap((r) => (r.hooks[name] ? [r.hooks[name] as NonNullable<IncidentHooks[K]>] : []));
}

/** Each area's intake hooks, in area order: its `incidentCreated` with its `incidentCreating` (if any). */
export function incidentCreatedHooks(): Array<{ creating?: NonNullable<IncidentHooks['incidentCreating']>; created: NonNullable<IncidentHooks['incidentCreated']> }> {
  return registered.flatMap(({ hooks }) => (hooks.incidentCreated ? [{ creating: hooks.incidentCreating, created: hooks.incidentCreated }] : []));
}

/** What each area runs for a batch of events, in area order: its `incidentEvents` once, else its `incidentEvent` per event. */
export function incidentEventBatchHooks(): Array<NonNullable<IncidentHooks['incidentEvents']>> {
  return registered.flatMap(({ hooks }) => {
    if (hooks.incidentEvents) return [hooks.incidentEvents];
    const one = hooks.incidentEvent;
    if (!one) return [];
    return [
      async (ctx: Ctx, events: Array<{ incident: IncidentSnapshot; event: IncidentEventSnapshot }>) => {
        for (const e of events) await one(ctx, e);
      },
    ];
  });
}
