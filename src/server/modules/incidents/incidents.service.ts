/**
 * Incidents (spec section 5): intake by serial number with the unit's warranty and contract copied
 * as of the received date, numbering per year without gaps, the owner-assignment rule, events with
 * the first response, the lifecycle open → diagnosed → resolved → closed, supply lines, and the hook
 * points other areas implement (incident-hooks.ts), all inside the incident's transaction.
 */
import type { CaseType, IncidentChange, IncidentCreate, IncidentDetail, IncidentListItem, IncidentListQuery, IncidentPatch, Stage } from '../../../shared/incidents.ts';
import { localDate } from '../../../shared/dates.ts';
import { type Ctx, type GroupBatch, nowOf, tx } from '../../context.ts';
import { atGroupEnd, groupedTx } from '../../db/group-commit.ts';
import { decodeCursor, keyset, type Page, toPage } from '../../db/pagination.ts';
import { AppError, conflict, type FieldError, fieldError, notFound } from '../../errors.ts';
import { ActionFailure, type ActionHandler } from '../activities/automatic-actions.ts';
import { auditRow, diff, insertAuditRows, recordAudit, recordAudits } from '../audit/audit.service.ts';
import { getCompany } from '../billing/billing.service.ts';
import { finishCallFromAction } from '../calls/call-finishing.ts';
import type { CatalogEntry } from '../catalogs/catalogs.mapper.ts';
import { findEntry, findFlagged, listActiveEntries } from '../catalogs/catalogs.service.ts';
import { createCustomer, findCustomer, getCustomer } from '../customers/customers.service.ts';
import { normalizePhone } from '../customers/phones.ts';
import { checkTaxId } from '../customers/tax-id.ts';
import { incidentCreatedHooks, type IncidentChangeReason, type IncidentDraft, incidentEventBatchHooks, incidentHooks, type IncidentSnapshot } from '../incident-hooks.ts';
import { findItem, findUnit, unitCoverageOn } from '../products/products.service.ts';
import { indexDocument, indexNewDocument, matchingIds } from '../search/search.service.ts';
import { findGroupBrief, findUserBrief, groupExists, groupIdsOf, groupNames, userExists, userNames } from '../users/users.service.ts';
import { toChange, toEvent, toEventSnapshot, toIncident, toIncidentListItem, toSnapshot, toSupply } from './incidents.mapper.ts';
import type { CaseSheet, SheetLang } from './incidents.pdf.ts';
import * as repo from './incidents.repository.ts';
import { chooseOwner, checkStep, defaultCaseType, formatIncidentNumber, type LifecycleStep, missingByStep, parseQuantityMilli, rankSimilar, receivedInFuture, symptomWords } from './incidents.rules.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const INCIDENTS = keyset('incidents', 'ts', 'id');

const clean = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

function throwIfAny(errors: FieldError[]) {
  if (errors.length) throw new AppError('validation_failed', { errors });
}

/** The request's instant: the system's, or the demo loader's clock (`nowOf`, context.ts). */
const nowAt = (ctx: Pick<Ctx, 'now'>) => nowOf(ctx).toISOString();

function tzOf(ctx: Ctx) {
  return ctx.config.defaultTimeZone || 'Europe/Madrid';
}

async function activeCode(ctx: Ctx, catalog: Parameters<typeof findEntry>[1], code: string, field: string, errors: FieldError[]): Promise<Readonly<CatalogEntry> | undefined> {
  const entry = await findEntry(ctx, catalog, code);
  if (!entry || !entry.active) {
    errors.push({ field, code: 'unknown_code', params: { value: code } });
    return undefined;
  }
  return entry;
}

/**
 * A general code and its specific one (reason or resolution codes): the general one must be a
 * top-level entry, the specific one must hang under it. A specific code alone brings its general.
 * Codes an incident already carries stay valid even if retired since.
 */
/** The general → specific code pairs of an incident: changing the general code clears a specific one of another general code. */
const CODE_PAIRS = [
  { catalog: 'reason-codes', fields: { general: 'reasonCode', specific: 'specificReasonCode' }, columns: { general: 'reason_code', specific: 'specific_reason_code' } },
  { catalog: 'resolution-codes', fields: { general: 'resolutionCode', specific: 'specificResolutionCode' }, columns: { general: 'resolution_code', specific: 'specific_resolution_code' } },
] as const;

async function checkCodePair(
  ctx: Ctx,
  catalog: 'reason-codes' | 'resolution-codes',
  general: string | null,
  specific: string | null,
  fields: { general: string; specific: string },
  errors: FieldError[],
  previous: { general: string | null; specific: string | null } = { general: null, specific: null },
): Promise<{ general: string | null; specific: string | null }> {
  let g = general;
  if (specific) {
    const s = specific === previous.specific ? await findEntry(ctx, catalog, specific) : await activeCode(ctx, catalog, specific, fields.specific, errors);
    if (!s) {
      if (specific === previous.specific) errors.push({ field: fields.specific, code: 'unknown_code', params: { value: specific } });
      return { general: g, specific };
    }
    if (!s.parentCode) errors.push({ field: fields.specific, code: 'specific_not_of_general' });
    else if (g === null) g = s.parentCode;
    else if (s.parentCode !== g) errors.push({ field: fields.specific, code: 'specific_not_of_general' });
  }
  if (g && g !== previous.general) {
    const e = await activeCode(ctx, catalog, g, fields.general, errors);
    if (e?.parentCode) errors.push({ field: fields.general, code: 'general_code_expected' });
  }
  return { general: g, specific };
}

type Coverage = {
  unitId: number | null;
  serialNumber: string | null;
  itemId: number | null;
  customerId: number | null;
  underWarranty: boolean;
  warrantyEnd: string | null;
  underContract: boolean;
  contractId: number | null;
  contractCode: string | null;
  contractEnd: string | null;
  contractPriorityCode: string | null;
  serviceTypeCode: string | null;
  regionCode: string | null;
  unitTypeCode: string | null;
};

/** The unit's warranty and contract as they stood on `date` (the received date), copied onto the incident. */
async function coverageOf(ctx: Ctx, unitId: number | null, itemId: number | null, date: string): Promise<Coverage> {
  if (unitId === null) return noUnitCoverage(ctx, itemId);
  return coverageFrom(await unitCoverageOn(ctx, { id: unitId }, date)) ?? noUnitCoverage(ctx, itemId);
}

async function noUnitCoverage(ctx: Ctx, itemId: number | null, item?: { unitTypeCode: string | null }): Promise<Coverage> {
  const none: Coverage = {
    unitId: null,
    serialNumber: null,
    itemId,
    customerId: null,
    underWarranty: false,
    warrantyEnd: null,
    underContract: false,
    contractId: null,
    contractCode: null,
    contractEnd: null,
    contractPriorityCode: null,
    serviceTypeCode: null,
    regionCode: null,
    unitTypeCode: null,
  };
  if (itemId !== null) none.unitTypeCode = (item ?? (await findItem(ctx, itemId)))?.unitTypeCode ?? null;
  return none;
}

/** One read of the unit (products.service unitCoverageOn) as the incident copies it. */
function coverageFrom(unit: Awaited<ReturnType<typeof unitCoverageOn>>): (Coverage & { customer: { name: string; regionCode: string | null } }) | undefined {
  if (!unit) return undefined;
  const covered = unit.contract.underContract;
  const contract = covered ? unit.contractTerms : null;
  return {
    unitId: unit.id,
    serialNumber: unit.serialNumber,
    itemId: unit.itemId,
    customerId: unit.customerId,
    underWarranty: unit.warranty.underWarranty,
    warrantyEnd: unit.warranty.until,
    underContract: covered,
    contractId: contract ? contract.id : null,
    contractCode: contract ? contract.code : null,
    contractEnd: contract ? contract.endDate : null,
    contractPriorityCode: contract ? contract.priorityCode : null,
    serviceTypeCode: contract ? contract.serviceTypeCode : null,
    regionCode: unit.regionCode,
    unitTypeCode: unit.unitTypeCode,
    customer: unit.customer,
  };
}

async function ownerByRules(ctx: Ctx, facts: { unitTypeCode: string | null; serviceTypeCode: string | null; regionCode: string | null }) {
  const rules = await listActiveEntries(ctx, 'assignment-rules');
  return chooseOwner(
    rules.map((r) => ({
      code: r.code,
      active: r.active,
      sortOrder: r.sortOrder,
      ruleOrder: (r.ruleOrder as number | undefined) ?? null,
      unitTypeCode: (r.unitTypeCode as string | null | undefined) ?? null,
      serviceTypeCode: (r.serviceTypeCode as string | null | undefined) ?? null,
      regionCode: (r.regionCode as string | null | undefined) ?? null,
      ownerUserId: (r.ownerUserId as string | undefined) ?? null,
      ownerGroupId: (r.ownerGroupId as string | undefined) ?? null,
    })),
    facts,
  );
}

async function indexIncident(ctx: Ctx, r: { id: number; number: string; customer_id: number; serial_number: string | null; symptom: string; diagnosis: string | null; solution: string | null }, customerName: string | null, isNew = false) {
  // A new incident has no document yet: one insert, no look-up.
  await (isNew ? indexNewDocument : indexDocument)(ctx, {
    entityType: 'incident',
    entityId: r.id,
    customerId: r.customer_id,
    title: customerName ? `${r.number} · ${customerName}` : r.number,
    subtitle: r.symptom.slice(0, 200),
    text: [r.symptom, r.diagnosis, r.solution],
    codes: [r.number, r.serial_number],
  });
}

async function snapshotOf(ctx: Ctx, id: number): Promise<IncidentSnapshot> {
  const [row, supplies] = await Promise.all([repo.lockIncident(ctx.db, id), repo.listSupplies(ctx.db, id)]);
  if (!row) throw notFound();
  return toSnapshot(row, supplies);
}

async function runChanged(ctx: Ctx, before: IncidentSnapshot, reasons: IncidentChangeReason[]) {
  if (!reasons.length) return;
  const hooks = incidentHooks('incidentChanged');
  if (!hooks.length) return;
  const after = await snapshotOf(ctx, before.id);
  for (const hook of hooks) await hook(ctx, { before, after, reason: reasons[0], reasons });
}

type ChangeInput = { kind: string; from?: string | number | null; to?: string | number | null; note?: string | null };
async function recordChanges(ctx: Ctx, incidentId: number, at: string, changes: ChangeInput[]) {
  await repo.insertChanges(ctx.db, changeRows(ctx, incidentId, at, changes));
}

function changeRows(ctx: Ctx, incidentId: number, at: string, changes: ChangeInput[]) {
  return changes.map((c) => ({
    incident_id: incidentId,
    at,
    user_id: ctx.actor.userId || null,
    kind: c.kind,
    from_value: c.from === null || c.from === undefined ? null : String(c.from),
    to_value: c.to === null || c.to === undefined ? null : String(c.to),
    note: c.note ?? null,
  }));
}

/**
 * An intake's history line and audit entry, built when the intake runs (same stamps) and, within a
 * group of intakes, inserted once for the whole group before its COMMIT (one statement each per 50).
 */
const intakeTrail: GroupBatch<{ changes: ReturnType<typeof changeRows>; audit: ReturnType<typeof auditRow> }> = {
  name: 'incidents:intake-trail',
  run: async (ctx, items) => {
    const changes = items.flatMap((i) => i.changes);
    for (let k = 0; k < changes.length; k += 50) await repo.insertChangeRows(ctx.db, changes.slice(k, k + 50));
    const audits = items.map((i) => i.audit);
    for (let k = 0; k < audits.length; k += 50) await insertAuditRows(ctx.db, audits.slice(k, k + 50));
  },
};

const ownerLabel = (userId: number | null, groupId: number | null) => (userId !== null ? `user:${userId}` : groupId !== null ? `group:${groupId}` : null);

// ---- intake ----------------------------------------------------------------------------------------

export type IncidentSource = { type: string; id: number };

export async function createIncident(ctx: Ctx, input: IncidentCreate, opts: { source?: IncidentSource } = {}): Promise<IncidentDetail> {
  const now = nowAt(ctx);
  const errors: FieldError[] = [];
  const receivedAt = input.receivedAt ? new Date(input.receivedAt).toISOString() : now;
  if (receivedInFuture(receivedAt, now)) errors.push({ field: 'receivedAt', code: 'received_in_future' });
  const receivedDate = localDate(receivedAt, tzOf(ctx));
  const year = Number(receivedDate.slice(0, 4));

  // Who: an existing customer, a new one, or the one a serial number identifies.
  if (input.customerId && input.newCustomer) errors.push({ field: 'newCustomer', code: 'customer_or_new_customer' });
  let newCustomer: { name: string; phone: string | null; email: string | null; taxId: string | null } | null = null;
  if (input.newCustomer) {
    const nc = input.newCustomer;
    const phone = clean(nc.phone);
    const email = clean(nc.email);
    let taxId = clean(nc.taxId);
    if (!phone && !email) errors.push({ field: 'newCustomer.phone', code: 'new_customer_contact_required' });
    if (phone && !normalizePhone(phone)) errors.push({ field: 'newCustomer.phone', code: 'invalid_phone' });
    if (taxId) {
      const check = checkTaxId(taxId);
      if (!check.valid) errors.push({ field: 'newCustomer.taxId', code: 'invalid_tax_id' });
      else taxId = check.value;
    }
    newCustomer = { name: nc.name.trim(), phone, email, taxId };
  }

  // The unit, by id or by the serial as typed, is read once with its item, customer and contract
  // (products.service unitCoverageOn): a unit id or serial that names no unit comes back without one.
  const serial = clean(input.serialNumber);
  const unitBy = input.unitId ? { id: Number(input.unitId) } : serial ? { serialNumber: serial } : null;
  const unit = unitBy ? coverageFrom(await unitCoverageOn(ctx, unitBy, receivedDate)) : undefined;
  if (unitBy && !unit) errors.push({ field: input.unitId ? 'unitId' : 'serialNumber', code: input.unitId ? 'unknown_reference' : 'unknown_serial' });
  let itemId = input.itemId ? Number(input.itemId) : null;
  let item: Awaited<ReturnType<typeof findItem>> | undefined;
  // An item given with no unit id (none, or a serial that names no unit) must exist.
  if (itemId !== null && !input.unitId && !unit && !(item = await findItem(ctx, itemId))) errors.push({ field: 'itemId', code: 'unknown_reference' });
  const coverage: Coverage = unit ?? (await noUnitCoverage(ctx, itemId, item ?? undefined));
  itemId = coverage.itemId;

  let customerId = input.customerId ? Number(input.customerId) : null;
  let customerName: string | null = null;
  let customerRegion: string | null = null;
  if (customerId !== null) {
    const customer = await findCustomer(ctx, customerId);
    if (!customer) errors.push({ field: 'customerId', code: 'unknown_reference' });
    else {
      customerName = customer.name;
      customerRegion = customer.regionCode;
      if (coverage.customerId !== null && coverage.customerId !== customerId) errors.push({ field: input.unitId ? 'unitId' : 'serialNumber', code: 'unit_not_of_customer' });
    }
  } else if (!newCustomer && unit) {
    // The unit's customer, read with the unit.
    customerId = unit.customerId;
    customerName = unit.customer.name;
    customerRegion = unit.customer.regionCode;
  }
  if (customerId === null && !newCustomer && !input.newCustomer) errors.push({ field: 'customerId', code: 'incident_customer_required' });
  if (newCustomer && coverage.customerId !== null) errors.push({ field: input.unitId ? 'unitId' : 'serialNumber', code: 'unit_not_of_customer' });

  // Codes, with their defaults.
  let originCode: string | null = null;
  if (input.originCode) originCode = (await activeCode(ctx, 'origins', input.originCode, 'originCode', errors))?.code ?? null;
  else originCode = (await findFlagged(ctx, 'origins', 'isDefault'))?.code ?? null;
  let statusCode: string | null = null;
  if (input.statusCode) statusCode = (await activeCode(ctx, 'incident-statuses', input.statusCode, 'statusCode', errors))?.code ?? null;
  else {
    statusCode = (await findFlagged(ctx, 'incident-statuses', 'isDefault'))?.code ?? null;
    if (!statusCode) errors.push({ field: 'statusCode', code: 'incident_status_required' });
  }
  let priorityCode: string | null = null;
  if (input.priorityCode) priorityCode = (await activeCode(ctx, 'priorities', input.priorityCode, 'priorityCode', errors))?.code ?? null;
  else {
    // The contract's priority first: what the customer pays for.
    const fromContract = coverage.contractPriorityCode ? await findEntry(ctx, 'priorities', coverage.contractPriorityCode) : undefined;
    priorityCode = fromContract?.active ? fromContract.code : ((await findFlagged(ctx, 'priorities', 'isDefault'))?.code ?? null);
    if (!priorityCode) errors.push({ field: 'priorityCode', code: 'incident_priority_required' });
  }
  const reason = await checkCodePair(ctx, 'reason-codes', clean(input.reasonCode), clean(input.specificReasonCode), { general: 'reasonCode', specific: 'specificReasonCode' }, errors);

  // Owner: by hand, else the first matching assignment rule.
  const regionCode = coverage.regionCode ?? customerRegion;
  let owner: { userId: number | null; groupId: number | null; rule: string | null } = { userId: null, groupId: null, rule: null };
  if (input.ownerUserId && input.ownerGroupId) errors.push({ field: 'ownerUserId', code: 'one_of_user_group' });
  else if (input.ownerUserId) {
    if (!(await userExists(ctx, Number(input.ownerUserId)))) errors.push({ field: 'ownerUserId', code: 'unknown_reference' });
    owner = { userId: Number(input.ownerUserId), groupId: null, rule: null };
  } else if (input.ownerGroupId) {
    if (!(await groupExists(ctx, Number(input.ownerGroupId)))) errors.push({ field: 'ownerGroupId', code: 'unknown_reference' });
    owner = { userId: null, groupId: Number(input.ownerGroupId), rule: null };
  } else {
    const chosen = await ownerByRules(ctx, { unitTypeCode: coverage.unitTypeCode, serviceTypeCode: coverage.serviceTypeCode, regionCode });
    if (chosen) owner = { userId: chosen.userId ? Number(chosen.userId) : null, groupId: chosen.groupId ? Number(chosen.groupId) : null, rule: chosen.ruleCode };
  }
  throwIfAny(errors);

  const caseType: CaseType = input.caseType ?? defaultCaseType(coverage);

  // The areas' work that needs no transaction (incidentCreating: the SLA's settings and deadlines),
  // done here, outside the write lock, on the snapshot the group will write less its id, number,
  // registered instant and a new customer's id; each area's answer goes to its incidentCreated.
  const hooks = incidentCreatedHooks();
  const draft: IncidentDraft = {
    unitId: coverage.unitId,
    itemId,
    contractId: coverage.contractId,
    regionCode,
    serviceTypeCode: coverage.serviceTypeCode,
    caseType,
    stage: 'open',
    statusCode: statusCode!,
    priorityCode: priorityCode!,
    ownerUserId: owner.userId,
    ownerGroupId: owner.groupId,
    receivedAt,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    invoiceId: null,
    supplies: [],
  };
  const prepared: unknown[] = [];
  for (const hook of hooks) prepared.push(hook.creating ? await hook.creating(ctx, draft) : undefined);

  const id = await groupedTx(ctx, async (trx) => {
    // An intake writes no configuration: the hooks' and this code's catalog, user and group reads
    // may come from the caches (one read per TTL instead of one per intake; db/config-cache.ts).
    const c: Ctx = ctx.db.isTransaction ? trx : { ...trx, configDb: ctx.db };
    const at = nowAt(ctx);
    const seq = await repo.takeNumber(c.db, year);
    const number = formatIncidentNumber(year, seq);
    if (newCustomer) {
      const created = await createNewCustomer(c, newCustomer, number);
      customerId = Number(created.id);
      customerName = created.name;
    }
    const row = {
      number,
      year,
      seq,
      received_at: receivedAt,
      registered_at: at,
      registered_by: c.actor.userId || null,
      origin_code: originCode,
      customer_id: customerId!,
      contact_name: clean(input.contactName),
      contact_address: clean(input.contactAddress),
      contact_phone: clean(input.contactPhone),
      contact_fax: clean(input.contactFax),
      contact_email: clean(input.contactEmail),
      unit_id: coverage.unitId,
      serial_number: coverage.serialNumber ?? serial,
      item_id: itemId,
      under_warranty: coverage.underWarranty,
      warranty_end: coverage.warrantyEnd,
      under_contract: coverage.underContract,
      contract_id: coverage.contractId,
      contract_code: coverage.contractCode,
      contract_end: coverage.contractEnd,
      region_code: regionCode,
      service_type_code: coverage.serviceTypeCode,
      unit_type_code: coverage.unitTypeCode,
      case_type: caseType,
      reason_code: reason.general,
      specific_reason_code: reason.specific,
      symptom: input.symptom.trim(),
      diagnosis: null,
      solution: null,
      resolution_code: null,
      specific_resolution_code: null,
      estimated_close_date: input.estimatedCloseDate ?? null,
      owner_user_id: owner.userId,
      owner_group_id: owner.groupId,
      status_code: statusCode!,
      priority_code: priorityCode!,
      stage: 'open',
      is_open: true,
      source_type: opts.source?.type ?? null,
      source_id: opts.source?.id ?? null,
      updated_at: at,
    };
    const id = await repo.insertIncident(c.db, row);
    const trail = {
      changes: changeRows(c, id, at, [{ kind: 'owner', from: null, to: ownerLabel(owner.userId, owner.groupId), note: owner.rule ? `rule:${owner.rule}` : null }]),
      audit: auditRow(c, {
        entityType: 'incident',
        entityId: id,
        action: 'create',
        changes: {
          number,
          customerId,
          unitId: coverage.unitId,
          caseType,
          statusCode,
          priorityCode,
          ownerUserId: owner.userId,
          ownerGroupId: owner.groupId,
          assignmentRule: owner.rule,
          underWarranty: coverage.underWarranty,
          contractId: coverage.contractId,
          ...(opts.source ? { source: opts.source } : {}),
        },
      }),
    };
    if (!atGroupEnd(c, intakeTrail, trail)) await intakeTrail.run(c, [trail]);
    await indexIncident(c, { id, ...row }, customerName, true);
    await finishCallFromAction(c, input.fromCallId, { type: 'incident', id });
    if (hooks.length) {
      // The row as written (nothing has changed it yet in this transaction): no read back.
      const snapshot = toSnapshot({ id, ...row, first_response_at: null, diagnosed_at: null, resolved_at: null, closed_at: null, response_due_at: null, resolution_due_at: null, invoice_id: null }, []);
      for (let k = 0; k < hooks.length; k++) await hooks[k]!.created(c, snapshot, prepared[k]);
    }
    return id;
  }, `incidents:${year}`);
  // The answer is read once the intake is committed, outside the group's transaction: the write lock
  // (SQLite) and the group's one connection (PostgreSQL) are held for the writes only. A new incident
  // has no events or supplies yet: the row (names, and the deadlines the SLA hook wrote) and its history.
  return detailOf(ctx, id, { fresh: true });
}

/** A customer created on the spot with the minimal data given at intake (seed 004). */
async function createNewCustomer(ctx: Ctx, nc: { name: string; phone: string | null; email: string | null; taxId: string | null }, number: string) {
  // Its code follows the incident that created it (C-2026-000123): unique, and says where it came from.
  const base = `C-${number.slice(4)}`;
  for (let attempt = 0; ; attempt++) {
    const code = attempt === 0 ? base : `${base}-${attempt + 1}`;
    try {
      return await createCustomer(ctx, { code, name: nc.name, taxId: nc.taxId, phones: nc.phone ? [nc.phone] : [], emails: nc.email ? [nc.email] : [] });
    } catch (error) {
      const e = error as AppError;
      const field = e.errors?.[0]?.field;
      if (e.errors?.[0]?.code === 'code_taken' && attempt < 5) continue;
      if (e instanceof AppError && e.errors) {
        throw new AppError('validation_failed', { errors: e.errors.map((f) => ({ ...f, field: `newCustomer.${field === 'phones' ? 'phone' : field === 'emails' ? 'email' : f.field}` })) });
      }
      throw error;
    }
  }
}

// ---- reading -------------------------------------------------------------------------------------

export async function getIncident(ctx: Ctx, id: number): Promise<IncidentDetail> {
  return detailOf(ctx, id, { fresh: false });
}

async function detailOf(ctx: Ctx, id: number, opts: { fresh: boolean }): Promise<IncidentDetail> {
  const row = await repo.findIncident(ctx.db, id);
  if (!row) throw notFound();
  const [events, supplies, changes] = await Promise.all([
    opts.fresh ? [] : repo.listEvents(ctx.db, id),
    opts.fresh ? [] : repo.listSupplies(ctx.db, id),
    repo.listChanges(ctx.db, id),
  ]);
  const lines = supplies.map(toSupply);
  const totals = lines.reduce(
    (t, l) => ({ baseCents: t.baseCents + l.baseCents, vatCents: t.vatCents + l.vatCents, totalCents: t.totalCents + l.totalCents, costCents: t.costCents + Math.round((l.quantityMilli * l.costCents) / 1000) }),
    { baseCents: 0, vatCents: 0, totalCents: 0, costCents: 0 },
  );
  const incident = toIncident(row);
  return {
    ...incident,
    events: events.map(toEvent),
    supplies: lines,
    changes: await withOwnerNames(ctx, changes.map(toChange)),
    totals,
    missing: missingByStep({ stage: incident.stage, diagnosis: incident.diagnosis, solution: incident.solution, resolutionCode: incident.resolutionCode }),
  };
}

/** Owner changes store user:<id> / group:<id>; the page shows names. */
async function withOwnerNames(ctx: Ctx, changes: IncidentChange[]): Promise<IncidentChange[]> {
  const names = new Map<string, string | null>();
  for (const c of changes) {
    if (c.kind !== 'owner') continue;
    for (const v of [c.from, c.to]) if (v && !names.has(v)) names.set(v, null);
  }
  await Promise.all(
    [...names.keys()].map(async (v) => {
      const [kind, id] = v.split(':');
      const n = Number(id);
      if (!Number.isSafeInteger(n)) return;
      const found = kind === 'user' ? await findUserBrief(ctx, n) : kind === 'group' ? await findGroupBrief(ctx, n) : undefined;
      names.set(v, found?.name ?? null);
    }),
  );
  return changes.map((c) => (c.kind === 'owner' ? { ...c, fromName: c.from ? (names.get(c.from) ?? null) : null, toName: c.to ? (names.get(c.to) ?? null) : null } : c));
}

/**
 * What the case sheet prints: the incident, its customer, the company (billing's data when set) and
 * the catalog codes described in the sheet's language — by default the customer's language.
 */
export async function incidentSheet(ctx: Ctx, id: number, lang?: SheetLang): Promise<CaseSheet> {
  const incident = await getIncident(ctx, id);
  const [customer, company] = await Promise.all([getCustomer(ctx, Number(incident.customerId)), getCompany(ctx)]);
  const sheetLang: SheetLang = lang ?? customer.language ?? 'es';
  const describe = async (catalog: Parameters<typeof findEntry>[1], code: string | null) => {
    if (!code) return null;
    const e = await findEntry(ctx, catalog, code);
    return e ? (sheetLang === 'en' ? e.descriptionEn : e.descriptionEs) : code;
  };
  const [origin, status, priority, reason, specificReason, resolution, specificResolution] = await Promise.all([
    describe('origins', incident.originCode),
    describe('incident-statuses', incident.statusCode),
    describe('priorities', incident.priorityCode),
    describe('reason-codes', incident.reasonCode),
    describe('reason-codes', incident.specificReasonCode),
    describe('resolution-codes', incident.resolutionCode),
    describe('resolution-codes', incident.specificResolutionCode),
  ]);
  return {
    lang: sheetLang,
    timeZone: ctx.config.defaultTimeZone,
    company: company.configured ? { name: company.legalName, taxId: company.taxId, address: company.address } : null,
    incident,
    customer: { code: customer.code, name: customer.name, taxId: customer.taxId, address: customer.address, phones: customer.phones, emails: customer.emails },
    labels: { origin, status: status ?? incident.statusCode, priority: priority ?? incident.priorityCode, reason, specificReason, resolution, specificResolution },
  };
}

export async function assertIncidentExists(ctx: Ctx, id: number): Promise<void> {
  if (!(await repo.incidentExists(ctx.db, id))) throw notFound();
}

export async function listIncidents(ctx: Ctx, q: IncidentListQuery): Promise<Page<IncidentListItem>> {
  const view = q.view ?? 'all';
  const personal = view === 'mine' || view === 'groups' || view === 'unassigned';
  const filter: repo.IncidentFilter = {
    open: q.open !== undefined ? q.open === 'true' : personal || view === 'open' ? true : undefined,
    stage: q.stage,
    statusCode: q.statusCode,
    priorityCode: q.priorityCode,
    caseType: q.caseType,
    customerId: q.customerId ? Number(q.customerId) : undefined,
    unitId: q.unitId ? Number(q.unitId) : undefined,
    ownerUserId: q.ownerUserId ? Number(q.ownerUserId) : undefined,
    ownerGroupIds: q.ownerGroupId ? [Number(q.ownerGroupId)] : undefined,
    ids: q.q ? (matchingIds(ctx, q.q, 'incident') as repo.IncidentFilter['ids']) : undefined,
  };
  if (view === 'mine') filter.ownerUserId = ctx.actor.userId;
  if (view === 'groups') filter.ownerGroupIds = await groupIdsOf(ctx, ctx.actor.userId);
  if (view === 'unassigned') filter.unassigned = true;
  const rows = await repo.listIncidents(ctx.db, filter, { cursor: decodeCursor(q.cursor, INCIDENTS), limit: q.limit });
  // Owners' names from the configuration cache (the misses in one read each).
  const users = new Set<number>();
  const groups = new Set<number>();
  for (const r of rows) {
    if (r.owner_user_id !== null) users.add(Number(r.owner_user_id));
    if (r.owner_group_id !== null) groups.add(Number(r.owner_group_id));
  }
  const [userName, groupName] = await Promise.all([users.size ? userNames(ctx, users) : new Map<number, string>(), groups.size ? groupNames(ctx, groups) : new Map<number, string>()]);
  return toPage(rows, q.limit, INCIDENTS, (r) => [r.received_at, r.id], (r) =>
    toIncidentListItem(r, {
      userName: r.owner_user_id === null ? null : (userName.get(Number(r.owner_user_id)) ?? null),
      groupName: r.owner_group_id === null ? null : (groupName.get(Number(r.owner_group_id)) ?? null),
    }),
  );
}

// ---- changes -------------------------------------------------------------------------------------

async function lockOpen(ctx: Ctx, id: number) {
  const row = await repo.lockIncident(ctx.db, id);
  if (!row) throw notFound();
  if (row.stage === 'closed') throw conflict('incident_closed');
  return row;
}

export async function updateIncident(ctx: Ctx, id: number, input: IncidentPatch): Promise<IncidentDetail> {
  return tx(ctx, async (c) => {
    const before = await lockOpen(c, id);
    const beforeSnap = await snapshotOf(c, id);
    const errors: FieldError[] = [];
    const set: Parameters<typeof repo.updateIncident>[2] = {};
    const reasons: IncidentChangeReason[] = [];
    const changes: ChangeInput[] = [];

    const code = async (catalog: 'origins' | 'incident-statuses' | 'priorities', value: string | null | undefined, previous: string | null, field: string) => {
      if (value === undefined || value === null || value === previous) return;
      await activeCode(c, catalog, value, field, errors);
    };
    if (input.originCode !== undefined) {
      await code('origins', input.originCode, before.origin_code, 'originCode');
      set.origin_code = input.originCode;
    }
    if (input.statusCode !== undefined && input.statusCode !== before.status_code) {
      await code('incident-statuses', input.statusCode, before.status_code, 'statusCode');
      set.status_code = input.statusCode;
      reasons.push('status');
      changes.push({ kind: 'status', from: before.status_code, to: input.statusCode });
    }
    if (input.priorityCode !== undefined && input.priorityCode !== before.priority_code) {
      await code('priorities', input.priorityCode, before.priority_code, 'priorityCode');
      set.priority_code = input.priorityCode;
      reasons.push('priority');
      changes.push({ kind: 'priority', from: before.priority_code, to: input.priorityCode });
    }
    if (input.caseType !== undefined && input.caseType !== before.case_type) {
      set.case_type = input.caseType;
      reasons.push('case_type');
      changes.push({ kind: 'case_type', from: before.case_type, to: input.caseType });
    }
    for (const [key, column] of [
      ['contactName', 'contact_name'],
      ['contactAddress', 'contact_address'],
      ['contactPhone', 'contact_phone'],
      ['contactFax', 'contact_fax'],
      ['contactEmail', 'contact_email'],
      ['diagnosis', 'diagnosis'],
      ['solution', 'solution'],
    ] as const) {
      if (input[key] !== undefined) set[column] = clean(input[key]);
    }
    if (input.symptom !== undefined) set.symptom = input.symptom.trim();
    if (input.estimatedCloseDate !== undefined) set.estimated_close_date = input.estimatedCloseDate;
    for (const pair of CODE_PAIRS) {
      const general = input[pair.fields.general];
      const specific = input[pair.fields.specific];
      if (general === undefined && specific === undefined) continue;
      const was = { general: before[pair.columns.general], specific: before[pair.columns.specific] };
      const checked = await checkCodePair(
        c,
        pair.catalog,
        general !== undefined ? general : specific ? null : was.general,
        specific !== undefined ? specific : general !== undefined && general !== was.general ? null : was.specific,
        pair.fields,
        errors,
        was,
      );
      set[pair.columns.general] = checked.general;
      set[pair.columns.specific] = checked.specific;
    }

    // Customer and unit: a unit always belongs to the incident's customer.
    const customerId = input.customerId !== undefined ? Number(input.customerId) : before.customer_id;
    let unitChanged = false;
    if (input.customerId !== undefined && customerId !== before.customer_id) {
      if (!(await findCustomer(c, customerId))) errors.push({ field: 'customerId', code: 'unknown_reference' });
      set.customer_id = customerId;
      reasons.push('customer');
      changes.push({ kind: 'customer', from: before.customer_id, to: customerId });
    }
    const unitId = input.unitId !== undefined ? (input.unitId === null ? null : Number(input.unitId)) : before.unit_id;
    if (input.unitId !== undefined && unitId !== before.unit_id) {
      unitChanged = true;
      if (unitId !== null && !(await findUnit(c, unitId))) errors.push({ field: 'unitId', code: 'unknown_reference' });
      else {
        // A different unit: its coverage as of the incident's received date, as at intake.
        const cov = await coverageOf(c, unitId, unitId === null ? (input.itemId !== undefined && input.itemId !== null ? Number(input.itemId) : before.item_id) : null, localDate(before.received_at, tzOf(c)));
        Object.assign(set, {
          unit_id: cov.unitId,
          serial_number: cov.serialNumber,
          item_id: cov.itemId,
          under_warranty: cov.underWarranty,
          warranty_end: cov.warrantyEnd,
          under_contract: cov.underContract,
          contract_id: cov.contractId,
          contract_code: cov.contractCode,
          contract_end: cov.contractEnd,
          service_type_code: cov.serviceTypeCode,
          unit_type_code: cov.unitTypeCode,
        });
        if (cov.regionCode && cov.regionCode !== before.region_code) {
          set.region_code = cov.regionCode;
          reasons.push('region');
        }
        if (cov.contractId !== before.contract_id) reasons.push('contract');
        changes.push({ kind: 'unit', from: before.serial_number, to: cov.serialNumber });
      }
    } else if (input.itemId !== undefined && unitId === null) {
      const item = input.itemId === null ? null : await findItem(c, Number(input.itemId));
      if (input.itemId !== null && !item) errors.push({ field: 'itemId', code: 'unknown_reference' });
      set.item_id = input.itemId === null ? null : Number(input.itemId);
      set.unit_type_code = item?.unitTypeCode ?? null;
    }
    if (unitId !== null && (set.customer_id !== undefined || unitChanged)) {
      const unit = await findUnit(c, unitId);
      if (unit && Number(unit.customerId) !== customerId) errors.push({ field: unitChanged ? 'unitId' : 'customerId', code: 'unit_not_of_customer' });
    }
    throwIfAny(errors);

    if (!Object.keys(set).length) return getIncident(c, id);
    // Reason codes and item: no clock depends on them, but the reports count by them.
    if ((set.reason_code !== undefined && set.reason_code !== before.reason_code) || (set.specific_reason_code !== undefined && set.specific_reason_code !== before.specific_reason_code) || (set.item_id !== undefined && set.item_id !== before.item_id)) reasons.push('details');
    const at = nowAt(ctx);
    await repo.updateIncident(c.db, id, { ...set, updated_at: at });
    await recordChanges(c, id, at, changes);
    const after = await repo.lockIncident(c.db, id);
    const pick = (r: typeof before) => ({
      statusCode: r.status_code,
      priorityCode: r.priority_code,
      caseType: r.case_type,
      originCode: r.origin_code,
      customerId: r.customer_id,
      unitId: r.unit_id,
      itemId: r.item_id,
      contractId: r.contract_id,
      reasonCode: r.reason_code,
      specificReasonCode: r.specific_reason_code,
      resolutionCode: r.resolution_code,
      specificResolutionCode: r.specific_resolution_code,
      symptom: r.symptom,
      diagnosis: r.diagnosis,
      solution: r.solution,
      estimatedCloseDate: r.estimated_close_date,
      contactName: r.contact_name,
      contactAddress: r.contact_address,
      contactPhone: r.contact_phone,
      contactFax: r.contact_fax,
      contactEmail: r.contact_email,
    });
    await recordAudit(c, { entityType: 'incident', entityId: id, action: 'update', changes: diff(pick(before), pick(after!)) });
    if (set.symptom !== undefined || set.diagnosis !== undefined || set.solution !== undefined || set.customer_id !== undefined || unitChanged) await reindex(c, id);
    await runChanged(c, beforeSnap, reasons);
    return getIncident(c, id);
  });
}

async function reindex(ctx: Ctx, id: number) {
  const r = await repo.findIncident(ctx.db, id);
  if (r) await indexIncident(ctx, r, r.customer_name ?? null);
}

export async function delegateIncident(ctx: Ctx, id: number, input: { toUserId?: string | null; toGroupId?: string | null; note: string }): Promise<IncidentDetail> {
  const errors: FieldError[] = [];
  if (input.toUserId && input.toGroupId) errors.push({ field: 'toUserId', code: 'one_of_user_group' });
  else if (!input.toUserId && !input.toGroupId) errors.push({ field: 'toUserId', code: 'delegate_target_required' });
  else if (input.toUserId && !(await userExists(ctx, Number(input.toUserId)))) errors.push({ field: 'toUserId', code: 'unknown_reference' });
  else if (input.toGroupId && !(await groupExists(ctx, Number(input.toGroupId)))) errors.push({ field: 'toGroupId', code: 'unknown_reference' });
  throwIfAny(errors);
  const toUser = input.toUserId ? Number(input.toUserId) : null;
  const toGroup = input.toGroupId ? Number(input.toGroupId) : null;
  return tx(ctx, async (c) => {
    const before = await lockOpen(c, id);
    if (before.owner_user_id === toUser && before.owner_group_id === toGroup) throw conflict('delegate_same_owner');
    const beforeSnap = await snapshotOf(c, id);
    const at = nowAt(ctx);
    await repo.updateIncident(c.db, id, { owner_user_id: toUser, owner_group_id: toGroup, updated_at: at });
    await recordChanges(c, id, at, [{ kind: 'owner', from: ownerLabel(before.owner_user_id, before.owner_group_id), to: ownerLabel(toUser, toGroup), note: input.note.trim() }]);
    await recordAudit(c, {
      entityType: 'incident',
      entityId: id,
      action: 'delegate',
      changes: { ownerUserId: { from: before.owner_user_id, to: toUser }, ownerGroupId: { from: before.owner_group_id, to: toGroup }, note: input.note.trim() },
    });
    await runChanged(c, beforeSnap, ['owner']);
    return getIncident(c, id);
  });
}

function refuseStep(step: LifecycleStep, row: { stage: string; diagnosis: string | null; solution: string | null; resolution_code: string | null }) {
  const check = checkStep(step, { stage: row.stage as Stage, diagnosis: row.diagnosis, solution: row.solution, resolutionCode: row.resolution_code });
  if (check.ok) return;
  if (check.code === 'incident_wrong_stage') throw conflict('incident_wrong_stage', { stage: check.stage }, { stage: check.stage });
  throw conflict('incident_step_missing', { missing: check.missing }, { missing: check.missing });
}

export async function diagnoseIncident(ctx: Ctx, id: number, input: { diagnosis?: string | null }): Promise<IncidentDetail> {
  return tx(ctx, async (c) => {
    const before = await lockOpen(c, id);
    const diagnosis = clean(input.diagnosis) ?? before.diagnosis;
    refuseStep('diagnose', { ...before, diagnosis });
    const beforeSnap = await snapshotOf(c, id);
    const at = nowAt(ctx);
    await repo.updateIncident(c.db, id, { diagnosis, stage: 'diagnosed', diagnosed_at: at, updated_at: at });
    await recordChanges(c, id, at, [{ kind: 'diagnose', from: before.stage, to: 'diagnosed' }]);
    await recordAudit(c, { entityType: 'incident', entityId: id, action: 'diagnose', changes: { stage: { from: before.stage, to: 'diagnosed' }, diagnosis } });
    if (diagnosis !== before.diagnosis) await reindex(c, id);
    await runChanged(c, beforeSnap, ['diagnose']);
    return getIncident(c, id);
  });
}

export async function resolveIncident(ctx: Ctx, id: number, input: { solution?: string | null; resolutionCode?: string | null; specificResolutionCode?: string | null }): Promise<IncidentDetail> {
  return tx(ctx, async (c) => {
    const before = await lockOpen(c, id);
    const errors: FieldError[] = [];
    const solution = clean(input.solution) ?? before.solution;
    const pair =
      input.resolutionCode !== undefined || input.specificResolutionCode !== undefined
        ? await checkCodePair(c, 'resolution-codes', clean(input.resolutionCode), clean(input.specificResolutionCode), { general: 'resolutionCode', specific: 'specificResolutionCode' }, errors, {
            general: before.resolution_code,
            specific: before.specific_resolution_code,
          })
        : { general: before.resolution_code, specific: before.specific_resolution_code };
    throwIfAny(errors);
    refuseStep('resolve', { ...before, solution, resolution_code: pair.general });
    const beforeSnap = await snapshotOf(c, id);
    const at = nowAt(ctx);
    await repo.updateIncident(c.db, id, { solution, resolution_code: pair.general, specific_resolution_code: pair.specific, stage: 'resolved', resolved_at: at, updated_at: at });
    await recordChanges(c, id, at, [{ kind: 'resolve', from: before.stage, to: 'resolved' }]);
    await recordAudit(c, {
      entityType: 'incident',
      entityId: id,
      action: 'resolve',
      changes: { stage: { from: before.stage, to: 'resolved' }, solution, resolutionCode: pair.general, specificResolutionCode: pair.specific },
    });
    if (solution !== before.solution) await reindex(c, id);
    await runChanged(c, beforeSnap, ['resolve']);
    return getIncident(c, id);
  });
}

/**
 * Closes a resolved incident. The close hooks run inside the transaction before the incident is
 * marked closed (billing issues the invoice of a billable incident with supplies and answers its
 * id); a hook that throws refuses the close and nothing is saved.
 */
export async function closeIncident(ctx: Ctx, id: number): Promise<IncidentDetail> {
  return tx(ctx, async (c) => {
    const before = await lockOpen(c, id);
    refuseStep('close', before);
    const snapshot = await snapshotOf(c, id);
    let invoiceId = before.invoice_id;
    for (const hook of incidentHooks('incidentClosing')) {
      const answer = await hook(c, { incident: snapshot, supplies: snapshot.supplies });
      if (answer && answer.invoiceId !== undefined && answer.invoiceId !== null) invoiceId = answer.invoiceId;
    }
    const at = nowAt(ctx);
    await repo.updateIncident(c.db, id, { stage: 'closed', is_open: false, closed_at: at, invoice_id: invoiceId, updated_at: at });
    await recordChanges(c, id, at, [{ kind: 'close', from: before.stage, to: 'closed', note: invoiceId !== before.invoice_id && invoiceId !== null ? `invoice:${invoiceId}` : null }]);
    await recordAudit(c, { entityType: 'incident', entityId: id, action: 'close', changes: { stage: { from: before.stage, to: 'closed' }, invoiceId } });
    const closedHooks = incidentHooks('incidentClosed');
    if (closedHooks.length) {
      const closed = await snapshotOf(c, id);
      for (const hook of closedHooks) await hook(c, closed);
    }
    return getIncident(c, id);
  });
}

/** Reopens a resolved or closed incident, with a reason: back to diagnosed (or open when it has no diagnosis). */
export async function reopenIncident(ctx: Ctx, id: number, input: { reason: string }): Promise<IncidentDetail> {
  return tx(ctx, async (c) => {
    const before = await repo.lockIncident(c.db, id);
    if (!before) throw notFound();
    if (before.stage !== 'resolved' && before.stage !== 'closed') throw conflict('incident_not_closed');
    const beforeSnap = await snapshotOf(c, id);
    const stage = before.diagnosis ? 'diagnosed' : 'open';
    const at = nowAt(ctx);
    await repo.updateIncident(c.db, id, { stage, is_open: true, resolved_at: null, closed_at: null, updated_at: at });
    await recordChanges(c, id, at, [{ kind: 'reopen', from: before.stage, to: stage, note: input.reason.trim() }]);
    await recordAudit(c, { entityType: 'incident', entityId: id, action: 'reopen', changes: { stage: { from: before.stage, to: stage }, reason: input.reason.trim() } });
    await runChanged(c, beforeSnap, ['reopen']);
    return getIncident(c, id);
  });
}

/** For the SLA area: several incidents' deadlines in one statement (a group of intakes). */
export async function setIncidentsDeadlines(ctx: Ctx, rows: Array<{ id: number; responseDueAt: string | null; resolutionDueAt: string | null }>): Promise<void> {
  await repo.setManyDeadlines(ctx.db, rows);
}

/** For the SLA area: the deadlines it computed, shown on the incident. */
export async function setIncidentDeadlines(ctx: Ctx, id: number, d: { responseDueAt: string | null; resolutionDueAt: string | null }): Promise<void> {
  await repo.setDeadlines(ctx.db, id, d);
}

/** For other areas (SLA): one line in the incident's history, e.g. a deadline recomputed and why. */
export async function recordIncidentChange(ctx: Ctx, id: number, change: ChangeInput): Promise<void> {
  await recordChanges(ctx, id, nowAt(ctx), [change]);
}

// ---- events --------------------------------------------------------------------------------------

/**
 * Records an event (stamped now, by the caller; never edited or deleted). The first event of a
 * type flagged "counts as response" stamps the first response. With `fromCallId` it also finishes
 * the call being added to this incident, in the same transaction.
 */
export async function addEvent(ctx: Ctx, incidentId: number, input: { typeCode?: string | null; text: string; fromCallId?: string | null }) {
  const errors: FieldError[] = [];
  let type: Readonly<CatalogEntry> | undefined;
  if (input.typeCode) type = await activeCode(ctx, 'incident-event-types', input.typeCode, 'typeCode', errors);
  else {
    type = await findFlagged(ctx, 'incident-event-types', 'isDefault');
    if (!type) errors.push({ field: 'typeCode', code: 'incident_event_type_required' });
  }
  throwIfAny(errors);
  const countsAsResponse = Boolean(type!.countsAsResponse);
  return tx(ctx, async (c) => {
    const incident = await repo.lockIncident(c.db, incidentId);
    if (!incident) throw notFound();
    const at = nowAt(ctx);
    const row = {
      incident_id: incidentId,
      type_code: type!.code,
      text: input.text.trim(),
      at,
      user_id: c.actor.userId || null,
      from_call_id: input.fromCallId ? Number(input.fromCallId) : null,
      counts_as_response: countsAsResponse,
    };
    const id = await repo.insertEvent(c.db, row);
    const firstResponse = countsAsResponse && (await repo.stampFirstResponse(c.db, incidentId, at));
    if (!firstResponse) await repo.updateIncident(c.db, incidentId, { updated_at: at });
    await recordAudit(c, { entityType: 'incident', entityId: incidentId, action: 'event', changes: { eventId: id, typeCode: row.type_code, firstResponse, ...(row.from_call_id ? { fromCallId: row.from_call_id } : {}) } });
    await finishCallFromAction(c, input.fromCallId, { type: 'incident', id: incidentId });
    const hooks = incidentHooks('incidentEvent');
    if (hooks.length) {
      const snapshot = await snapshotOf(c, incidentId);
      for (const hook of hooks) await hook(c, { incident: snapshot, event: toEventSnapshot({ id, ...row }, firstResponse) });
    }
    return toEvent((await repo.findEvent(c.db, id))!);
  });
}

/**
 * For a batch job of another area (the SLA sweep) that must never wait for an incident: locks
 * those of these incidents that no other transaction holds (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL; SQLite has one writer, so all of them) and answers their ids; an incident being
 * changed right now is left for the job's next pass.
 */
export async function lockFreeIncidents(ctx: Ctx, ids: number[]): Promise<number[]> {
  const free: number[] = [];
  for (let i = 0; i < ids.length; i += 500) free.push(...(await repo.lockFreeIncidents(ctx.db, ids.slice(i, i + 500))));
  return free;
}

/**
 * Events of one type on several incidents at once, by the caller (a batch job: the SLA escalation
 * sweep). The same rows, audit entries and hooks as `addEvent` for each, in a few multi-row
 * statements instead of a transaction per event; the incidents are locked in id order. The
 * incidents' `updated_at` is left as it is: what a job records beside an incident does not change
 * the incident (as `setIncidentDeadlines` leaves it too), and touching 1,000 incidents rewrote a
 * row and its 15 index entries each — most of an escalation sweep's time on PostgreSQL. A type
 * that counts as a response goes through `addEvent` one by one (it stamps each first response).
 */
export async function addEvents(ctx: Ctx, typeCode: string, events: Array<{ incidentId: number; text: string }>): Promise<void> {
  if (events.length === 0) return;
  const errors: FieldError[] = [];
  const type = await activeCode(ctx, 'incident-event-types', typeCode, 'typeCode', errors);
  throwIfAny(errors);
  if (type!.countsAsResponse) {
    await tx(ctx, async (c) => {
      for (const e of events) await addEvent(c, e.incidentId, { typeCode, text: e.text });
    });
    return;
  }
  await tx(ctx, async (c) => {
    const ids = [...new Set(events.map((e) => e.incidentId))].sort((a, b) => a - b);
    const incidents = await repo.lockIncidents(c.db, ids);
    if (incidents.length !== ids.length) throw notFound();
    const at = nowAt(ctx);
    const rows = events.map((e) => ({ incident_id: e.incidentId, type_code: type!.code, text: e.text.trim(), at, user_id: c.actor.userId || null, from_call_id: null, counts_as_response: false }));
    const eventIds = await repo.insertEvents(c.db, rows);
    await recordAudits(
      c,
      rows.map((r, i) => ({ entityType: 'incident', entityId: r.incident_id, action: 'event', changes: { eventId: eventIds[i], typeCode: r.type_code, firstResponse: false } })),
    );
    const hooks = incidentEventBatchHooks();
    if (hooks.length) {
      const supplies = await repo.listSuppliesOf(c.db, ids);
      const byId = new Map(incidents.map((r) => [Number(r.id), r]));
      const events = rows.map((r, i) => ({
        incident: toSnapshot(byId.get(r.incident_id)!, supplies.filter((s) => Number(s.incident_id) === r.incident_id)),
        event: toEventSnapshot({ id: eventIds[i]!, ...r }, false),
      }));
      for (const hook of hooks) await hook(c, events);
    }
  });
}

export async function listIncidentEvents(ctx: Ctx, incidentId: number) {
  await assertIncidentExists(ctx, incidentId);
  return (await repo.listEvents(ctx.db, incidentId)).map(toEvent);
}

// ---- supplies ------------------------------------------------------------------------------------

/**
 * A supply line: the item, a quantity with up to 3 decimals (stored in thousandths), its unit price
 * (default the item's) and VAT rate (the item's). Items carry no cost of their own, so the cost
 * recorded is the item's price when the line is added. Only while the incident is not closed.
 */
export async function addSupply(ctx: Ctx, incidentId: number, input: { itemId: string; quantity: string | number; unitPriceCents?: number | null; description?: string | null }) {
  const errors: FieldError[] = [];
  const quantityMilli = parseQuantityMilli(input.quantity);
  if (quantityMilli === undefined) errors.push({ field: 'quantity', code: 'invalid_quantity' });
  const item = await findItem(ctx, Number(input.itemId));
  if (!item) errors.push({ field: 'itemId', code: 'unknown_reference' });
  else if (!item.active) errors.push({ field: 'itemId', code: 'inactive_reference' });
  throwIfAny(errors);
  return tx(ctx, async (c) => {
    const incident = await lockOpen(c, incidentId);
    const at = nowAt(ctx);
    const row = {
      incident_id: incidentId,
      item_id: Number(item!.id),
      description: clean(input.description) ?? item!.description,
      quantity_milli: quantityMilli!,
      unit_price_cents: input.unitPriceCents ?? item!.unitPriceCents,
      cost_cents: item!.unitPriceCents,
      vat_rate_bp: item!.vatRate,
      created_at: at,
      created_by: c.actor.userId || null,
      updated_at: at,
    };
    const id = await repo.insertSupply(c.db, row);
    await repo.updateIncident(c.db, incidentId, { updated_at: at });
    await recordAudit(c, {
      entityType: 'incident',
      entityId: incidentId,
      action: 'supply_add',
      changes: { supplyId: id, itemId: row.item_id, quantityMilli: row.quantity_milli, unitPriceCents: row.unit_price_cents, vatRateBp: row.vat_rate_bp },
    });
    const added = (await repo.findSupply(c.db, id))!;
    await supplyChanged(c, incident, null, added);
    return toSupply(added);
  });
}

async function lockSupply(ctx: Ctx, incidentId: number, supplyId: number) {
  const incident = await lockOpen(ctx, incidentId);
  const supply = await repo.findSupply(ctx.db, supplyId);
  if (!supply || supply.incident_id !== incidentId) throw new AppError('supply_not_of_incident');
  return { incident, supply };
}

/** Runs the supply hooks (the reports' free-supplies summary), inside the caller's transaction. */
async function supplyChanged(ctx: Ctx, incident: { id: number; case_type: string }, before: repo.SupplyRow | null, after: repo.SupplyRow | null) {
  const line = (s: repo.SupplyRow | null) =>
    s && { id: Number(s.id), itemId: Number(s.item_id), quantityMilli: Number(s.quantity_milli), costCents: Number(s.cost_cents), createdAt: new Date(s.created_at as string).toISOString() };
  for (const hook of incidentHooks('supplyChanged')) await hook(ctx, { incident: { id: Number(incident.id), caseType: incident.case_type as CaseType }, before: line(before), after: line(after) });
}

export async function updateSupply(ctx: Ctx, incidentId: number, supplyId: number, input: { quantity?: string | number; unitPriceCents?: number; description?: string }) {
  let quantityMilli: number | undefined;
  if (input.quantity !== undefined) {
    quantityMilli = parseQuantityMilli(input.quantity);
    if (quantityMilli === undefined) throw fieldError('quantity', 'invalid_quantity');
  }
  return tx(ctx, async (c) => {
    const { incident, supply: before } = await lockSupply(c, incidentId, supplyId);
    const at = nowAt(ctx);
    const set = { quantity_milli: quantityMilli, unit_price_cents: input.unitPriceCents, description: input.description?.trim(), updated_at: at };
    await repo.updateSupply(c.db, supplyId, set);
    await repo.updateIncident(c.db, incidentId, { updated_at: at });
    const after = (await repo.findSupply(c.db, supplyId))!;
    await supplyChanged(c, incident, before, after);
    await recordAudit(c, {
      entityType: 'incident',
      entityId: incidentId,
      action: 'supply_update',
      changes: {
        supplyId,
        ...diff(
          { quantityMilli: Number(before.quantity_milli), unitPriceCents: Number(before.unit_price_cents), description: before.description },
          { quantityMilli: Number(after.quantity_milli), unitPriceCents: Number(after.unit_price_cents), description: after.description },
        ),
      },
    });
    return toSupply(after);
  });
}

export async function removeSupply(ctx: Ctx, incidentId: number, supplyId: number): Promise<void> {
  await tx(ctx, async (c) => {
    const { incident, supply: before } = await lockSupply(c, incidentId, supplyId);
    await repo.deleteSupply(c.db, supplyId);
    await supplyChanged(c, incident, before, null);
    await repo.updateIncident(c.db, incidentId, { updated_at: nowAt(ctx) });
    await recordAudit(c, { entityType: 'incident', entityId: incidentId, action: 'supply_remove', changes: { supplyId, itemId: before.item_id, quantityMilli: Number(before.quantity_milli) } });
  });
}

export async function listIncidentSupplies(ctx: Ctx, incidentId: number) {
  await assertIncidentExists(ctx, incidentId);
  return (await repo.listSupplies(ctx.db, incidentId)).map(toSupply);
}


// ---- similar past cases --------------------------------------------------------------------------

/**
 * Up to five resolved incidents like the one being taken: same item (the unit's), then same reason
 * code, then sharing symptom words (through the search index), each with its diagnosis and solution.
 */
export async function similarIncidents(ctx: Ctx, q: { unitId?: string; itemId?: string; reasonCode?: string; symptom?: string; q?: string; excludeId?: string }) {
  let itemId = q.itemId ? Number(q.itemId) : null;
  if (q.unitId) {
    const unit = await findUnit(ctx, Number(q.unitId));
    if (!unit) throw fieldError('unitId', 'unknown_reference');
    itemId = Number(unit.itemId);
  }
  const words = symptomWords(q.symptom ?? q.q);
  const reasonCode = q.reasonCode?.trim() || null;
  const rows = await repo.similarCandidates(ctx.db, { itemId, reasonCode, words, excludeId: q.excludeId ? Number(q.excludeId) : null, limit: 5 });
  const ranked = rankSimilar(
    rows.map((r) => ({ ...r, itemId: r.item_id === null ? null : Number(r.item_id), reasonCode: r.reason_code, resolvedAt: r.resolved_at, id: Number(r.id) })),
    { itemId, reasonCode, words },
  );
  return {
    items: ranked.map(({ row, sameItem, sameReason, sharedWords }) => ({
      id: String(row.id),
      number: row.number,
      resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at).toISOString(),
      itemId: row.itemId === null ? null : String(row.itemId),
      itemDescription: row.item_description,
      reasonCode: row.reason_code,
      symptom: row.symptom,
      diagnosis: row.diagnosis,
      solution: row.solution,
      sameItem,
      sameReason,
      sharedWords,
    })),
  };
}

// ---- the create_incident automatic action of solution types ----------------------------------------

/**
 * What the `create_incident` automatic action does when a technical activity gets a solution type
 * that has it: an incident for the activity's customer, its problem as the symptom, linked both
 * ways (the incident's `source` is the activity; the activity's action result is the incident).
 * Throws ActionFailure-like errors the activity shows as the failure.
 */
export async function createIncidentFromActivity(
  ctx: Ctx,
  input: { activityId: number; customerId: number | null; problem: string | null; solution: string | null; registeredAt: string },
): Promise<{ type: string; id: number }> {
  if (input.customerId === null) throw new AppError('action_no_customer');
  const symptom = input.problem?.trim() || input.solution?.trim();
  if (!symptom) throw new AppError('incident_action_no_problem');
  const incident = await createIncident(ctx, { customerId: String(input.customerId), symptom: symptom.slice(0, 20_000) }, { source: { type: 'activity', id: input.activityId } });
  return { type: 'incident', id: Number(incident.id) };
}

/**
 * The `create_incident` automatic action of solution types (a technical activity opens an
 * incident), declared in the manifest as `hooks.activities.automaticActions`.
 */
export const createIncidentAction: ActionHandler = async (ctx, input) => {
  try {
    return await createIncidentFromActivity(ctx, {
      activityId: input.activityId,
      customerId: input.customer ? Number(input.customer.id) : null,
      problem: input.problem,
      solution: input.solution,
      registeredAt: input.registeredAt,
    });
  } catch (e) {
    if (e instanceof AppError && !e.errors) throw new ActionFailure(e.code);
    throw e;
  }
};
