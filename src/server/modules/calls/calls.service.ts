/**
 * Incoming calls (spec section 2): registration with server-set stamps, the "from" and "to"
 * rules, append-only notes, postponement and finishing. A call is pending exactly while it has no
 * finish stamp; the status code is informative and changing it never finishes a call.
 */
import { callListScope, maySeeAllCalls } from '../../../shared/policies.ts';
import { type Ctx, tx } from '../../context.ts';
import { nowIso } from '../../db/dialect.ts';
import { decodeCursor, keyset, type Page, toPage } from '../../db/pagination.ts';
import { AppError, conflict, type FieldError, fieldError, notFound } from '../../errors.ts';
import { auditCompanion, diff, recordAudit } from '../audit/audit.service.ts';
import { assertCodeForUpdate, findEntry, findFlagged } from '../catalogs/catalogs.service.ts';
import { findContact, findCustomer, resolveCaller } from '../customers/customers.service.ts';
import { contractPrioritiesInForce, findContract, findUnit, today } from '../products/products.service.ts';
import { normalizePhone } from '../customers/phones.ts';
import { checkTaxId } from '../customers/tax-id.ts';
import { documentCompanion, indexDocument, type IndexInput, matchingIds } from '../search/search.service.ts';
import { getPreferences, groupExists, groupIdsOf, groupNames, userExists, userNames } from '../users/users.service.ts';
import { type Call, type CallNote, type CallPostponement, type Names, toCall, toCallListItem, toNote, toPostponement } from './calls.mapper.ts';
import * as repo from './calls.repository.ts';
import { dayRange } from '../../../shared/dates.ts';
import type { CatalogName } from '../../../shared/catalogs.ts';
import type { CallListItem } from '../../../shared/calls.ts';
import { chooseDestination, choosePriority, hasFrom, isFuture, NO_PRIORITY_RANK, reopenCheck } from './calls.rules.ts';
import { callChanged, callCreatedCompanions, callSnapshot } from './call-hooks.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const CALLS = keyset('calls', 'ts', 'id');
const CALLS_BY_PRIORITY = keyset('calls-priority', 'int', 'ts', 'id');

export type CallCreate = {
  statusCode?: string | null;
  customerId?: string | null;
  contactId?: string | null;
  phone?: string | null;
  taxId?: string | null;
  serialNumber?: string | null;
  toUserId?: string | null;
  toGroupId?: string | null;
  typeCode?: string | null;
  priorityCode?: string | null;
  description?: string | null;
};

export type CallUpdate = {
  statusCode?: string;
  typeCode?: string | null;
  priorityCode?: string | null;
  description?: string;
  toUserId?: string | null;
  toGroupId?: string | null;
  customerId?: string | null;
  contactId?: string | null;
};

export type CallDetail = Call & { notes: CallNote[]; postponements: CallPostponement[] };

const clean = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

function throwIfAny(errors: FieldError[]) {
  if (errors.length) throw new AppError('validation_failed', { errors });
}

type NameRefs = {
  to_user_id?: number | null;
  to_group_id?: number | null;
  registered_by?: number | null;
  finished_by?: number | null;
  user_id?: number | null;
  from_user_id?: number | null;
  from_group_id?: number | null;
};

/**
 * The names of the users and groups the rows refer to, from the configuration cache (the ids not in
 * it read with one statement each for users and groups): a page of calls no longer looks up four
 * names per row in the database.
 */
async function namesOf(ctx: Ctx, rows: Iterable<NameRefs>): Promise<Names> {
  const users = new Set<number>();
  const groups = new Set<number>();
  const add = (set: Set<number>, id: number | null | undefined) => {
    if (id !== null && id !== undefined) set.add(Number(id));
  };
  for (const r of rows) {
    add(users, r.to_user_id);
    add(users, r.registered_by);
    add(users, r.finished_by);
    add(users, r.user_id);
    add(users, r.from_user_id);
    add(groups, r.to_group_id);
    add(groups, r.from_group_id);
  }
  const [u, g] = await Promise.all([users.size ? userNames(ctx, users) : new Map(), groups.size ? groupNames(ctx, groups) : new Map()]);
  return { users: u, groups: g };
}

async function preferencesOf(ctx: Ctx) {
  if (!ctx.actor.userId) return { defaultToUserId: null, defaultToGroupId: null, defaultCallTypeCode: null };
  return getPreferences(ctx);
}

async function checkDestination(ctx: Ctx, d: { toUserId: number | null; toGroupId: number | null }, errors: FieldError[]) {
  if (d.toUserId !== null && !(await userExists(ctx, d.toUserId))) errors.push({ field: 'toUserId', code: 'unknown_reference' });
  if (d.toGroupId !== null && !(await groupExists(ctx, d.toGroupId))) errors.push({ field: 'toGroupId', code: 'unknown_reference' });
}

/** The active code given for `field`, or null with `unknown_code` among the errors (all are reported at once). */
async function activeCode(ctx: Ctx, catalog: CatalogName, field: string, code: string, errors: FieldError[]): Promise<string | null> {
  const entry = await findEntry(ctx, catalog, code);
  if (entry?.active) return entry.code;
  errors.push({ field, code: 'unknown_code', params: { value: code } });
  return null;
}

/**
 * Who the call is from, completed: a contact brings its customer; a phone, tax id or serial that
 * identifies a customer fills it in (and the contact the phone belongs to, and the unit of the serial).
 */
async function resolveFrom(
  ctx: Ctx,
  input: { customerId: number | null; contactId: number | null; phone: string | null; taxId: string | null; serialNumber: string | null },
  errors: FieldError[],
) {
  // Only a phone (what a switchboard registration sends): the caller's reads in one statement.
  const normalized = input.customerId === null && input.contactId === null && !input.taxId && !input.serialNumber ? normalizePhone(input.phone) : null;
  if (normalized) return fromPhone(ctx, normalized, input.serialNumber);
  let { customerId, contactId } = input;
  let unitId: number | null = null;
  let customerName: string | null = null;
  let customerCode: string | null = null;
  let contactName: string | null = null;
  if (customerId !== null) {
    const customer = await findCustomer(ctx, customerId);
    if (!customer) errors.push({ field: 'customerId', code: 'unknown_reference' });
    else ({ name: customerName, code: customerCode } = customer);
  }
  if (contactId !== null) {
    const contact = await findContact(ctx, contactId);
    if (!contact) errors.push({ field: 'contactId', code: 'unknown_reference' });
    else if (customerId !== null && Number(contact.customerId) !== customerId) errors.push({ field: 'contactId', code: 'contact_not_of_customer' });
    else {
      contactName = contact.name;
      if (customerId === null) customerId = Number(contact.customerId);
    }
  }
  if (input.phone || input.taxId || input.serialNumber) {
    const match = await resolveCaller(ctx, { phone: input.phone, taxId: input.taxId, serialNumber: input.serialNumber });
    if (match) {
      if (customerId === null) customerId = match.customerId;
      if (contactId === null && match.contactId !== null && match.customerId === customerId) contactId = match.contactId;
      unitId = match.unitId;
    }
  }
  // The serial as the unit has it, however it was typed; and the contract covering it today.
  const unit = unitId !== null ? await findUnit(ctx, unitId) : undefined;
  const serialNumber = unit?.serialNumber ?? input.serialNumber;
  const unitContractId = unit?.contract.underContract && unit.contract.contractId ? Number(unit.contract.contractId) : null;
  if (customerId !== null && customerName === null) {
    const customer = await findCustomer(ctx, customerId);
    customerName = customer?.name ?? null;
    customerCode = customer?.code ?? null;
  }
  if (contactId !== null && contactName === null) contactName = (await findContact(ctx, contactId))?.name ?? null;
  return { customerId, contactId, unitId, customerName, customerCode, contactName, serialNumber, unitContractId, contractPriorities: undefined as string[] | undefined };
}

/**
 * resolveFrom for a phone alone, with the same answers (customers.service resolveCaller, then the
 * customer, the contact and the contracts in force that resolvePriority weighs) read in one statement.
 */
async function fromPhone(ctx: Ctx, normalized: string, serialNumber: string | null) {
  const read = await repo.callerByPhone(ctx.db, normalized, today(ctx));
  const customers = new Set(read.rows.map((r) => r.customer_id));
  const contacts = new Set(read.rows.map((r) => r.contact_id).filter((c): c is number => c !== null));
  const one = customers.size === 1;
  const contactId = one && contacts.size === 1 ? [...contacts][0] : null;
  return {
    customerId: one ? read.rows[0].customer_id : null,
    contactId,
    unitId: null,
    customerName: read.customer?.name ?? null,
    customerCode: read.customer?.code ?? null,
    contactName: contactId !== null ? (read.contactName ?? null) : null,
    serialNumber,
    unitContractId: null,
    contractPriorities: one ? read.priorities : undefined,
  };
}

/**
 * The priority of a new call (calls.rules.ts choosePriority): what the agent chose, else the
 * contract's, else the default. The contracts are read only when nothing was chosen.
 */
async function resolvePriority(ctx: Ctx, given: string | null, from: { customerId: number | null; unitContractId: number | null; contractPriorities?: string[] }) {
  const codes = new Set<string>();
  let unitContract: string | null = null;
  let customerContracts: string[] = [];
  if (given === null && from.customerId !== null) {
    const [unitK, inForce] = await Promise.all([
      from.unitContractId !== null ? findContract(ctx, from.unitContractId) : undefined,
      from.contractPriorities ?? contractPrioritiesInForce(ctx, from.customerId),
    ]);
    unitContract = unitK?.inForce ? unitK.priorityCode : null;
    customerContracts = inForce;
  }
  const fallback = given === null ? ((await findFlagged(ctx, 'priorities', 'isDefault'))?.code ?? null) : null;
  for (const c of [given, unitContract, ...customerContracts, fallback]) if (c !== null) codes.add(c);
  const entries = new Map<string, { active: boolean; sortOrder: number }>();
  for (const code of codes) {
    const e = await findEntry(ctx, 'priorities', code);
    if (e) entries.set(code, { active: e.active, sortOrder: e.sortOrder });
  }
  return choosePriority({ given, unitContract, customerContracts, fallback }, entries);
}

function callDocument(id: number, c: { customerId: number | null; customerName: string | null; phone: string | null; taxId: string | null; serialNumber: string | null; description: string }): IndexInput {
  return {
    entityType: 'call',
    entityId: id,
    customerId: c.customerId,
    title: c.customerName ?? c.phone ?? c.taxId ?? c.serialNumber ?? `#${id}`,
    subtitle: c.description.slice(0, 200) || null,
    text: [c.description],
    codes: [c.taxId, c.serialNumber],
    phones: [c.phone],
  };
}

async function indexCall(ctx: Ctx, id: number, c: Parameters<typeof callDocument>[1]) {
  await indexDocument(ctx, callDocument(id, c));
}

async function reindex(ctx: Ctx, id: number) {
  const r = await repo.findCall(ctx.db, id);
  if (!r) return;
  await indexCall(ctx, id, {
    customerId: r.customer_id,
    customerName: r.customer_name ?? null,
    phone: r.phone,
    taxId: r.tax_id,
    serialNumber: r.serial_number,
    description: r.description,
  });
}

export async function createCall(ctx: Ctx, input: CallCreate): Promise<CallDetail> {
  const from = {
    customerId: input.customerId ? Number(input.customerId) : null,
    contactId: input.contactId ? Number(input.contactId) : null,
    phone: clean(input.phone),
    taxId: clean(input.taxId) ? checkTaxId(clean(input.taxId)!).value : null,
    serialNumber: clean(input.serialNumber),
  };
  if (!hasFrom({ ...from, customerId: input.customerId, contactId: input.contactId })) throw fieldError('from', 'call_from_required');

  // Validation reads happen before the write transaction, which then only inserts.
  const errors: FieldError[] = [];
  const prefs = await preferencesOf(ctx);

  let statusCode: string | null = null;
  if (input.statusCode) statusCode = await activeCode(ctx, 'call-statuses', 'statusCode', input.statusCode, errors);
  else {
    const entry = await findFlagged(ctx, 'call-statuses', 'defaultPending');
    if (!entry) errors.push({ field: 'statusCode', code: 'call_status_required' });
    else statusCode = entry.code;
  }

  let typeCode: string | null = null;
  if (input.typeCode) typeCode = await activeCode(ctx, 'call-types', 'typeCode', input.typeCode, errors);
  else {
    const preferred = prefs.defaultCallTypeCode ? await findEntry(ctx, 'call-types', prefs.defaultCallTypeCode) : undefined;
    typeCode = preferred?.active ? preferred.code : ((await findFlagged(ctx, 'call-types', 'isDefault'))?.code ?? null);
  }

  const givenPriority = input.priorityCode ? await activeCode(ctx, 'priorities', 'priorityCode', input.priorityCode, errors) : null;

  const choice = chooseDestination(input, prefs);
  let destination = { toUserId: null as number | null, toGroupId: null as number | null };
  if (!choice.ok) errors.push({ field: choice.field, code: choice.code });
  else {
    destination = choice.destination;
    await checkDestination(ctx, destination, errors);
  }

  const resolved = await resolveFrom(ctx, from, errors);
  throwIfAny(errors);
  const priority = await resolvePriority(ctx, givenPriority, resolved);

  const description = input.description?.trim() ?? '';
  const now = nowIso();
  const row = {
    status_code: statusCode!,
    customer_id: resolved.customerId,
    contact_id: resolved.contactId,
    unit_id: resolved.unitId,
    phone: from.phone,
    phone_normalized: normalizePhone(from.phone) ?? null,
    tax_id: from.taxId,
    serial_number: resolved.serialNumber,
    to_user_id: destination.toUserId,
    to_group_id: destination.toGroupId,
    type_code: typeCode,
    priority_code: priority.code,
    priority_rank: priority.rank,
    description,
    registered_at: now,
    registered_by: ctx.actor.userId || null,
    postpone_count: 0,
    updated_at: now,
  };
  // The names the answer shows, read (from the configuration cache) before writing, so the call is
  // not read back after the insert.
  const nameMaps = await namesOf(ctx, [row]);
  const changes = { statusCode, customerId: resolved.customerId, toUserId: destination.toUserId, toGroupId: destination.toGroupId, typeCode, priorityCode: priority.code };
  const { unitContractId: _unitContract, contractPriorities: _priorities, ...names } = resolved;
  const indexed = { ...names, phone: from.phone, taxId: from.taxId, description };
  // The call with its audit entry and search document: in the caller's transaction if one is open,
  // otherwise one durable commit shared with the other calls registered at the same moment, on
  // both engines (db/companions.ts).
  const id = await repo.insertCall(ctx.db, row, (newId) => [
    auditCompanion(ctx, { entityType: 'call', entityId: newId, action: 'create', changes }),
    documentCompanion(callDocument(newId, indexed)),
    ...callCreatedCompanions(ctx, callSnapshot({ ...row, id: newId, finished_at: null, finished_by_action_type: null })),
  ]);
  const call = toCall(
    {
      ...row,
      id,
      finished_at: null,
      finished_by: null,
      finished_by_action_type: null,
      finished_by_action_id: null,
      postponed_until: null,
      customer_code: resolved.customerCode,
      customer_name: resolved.customerName,
      contact_name: resolved.contactName,
    },
    now,
    nameMaps,
  );
  return { ...call, notes: [], postponements: [] };
}

async function getCallRow(ctx: Ctx, id: number): Promise<Call> {
  const r = await repo.findCall(ctx.db, id);
  if (!r) throw notFound();
  return toCall(r, nowIso(), await namesOf(ctx, [r]));
}

export async function getCall(ctx: Ctx, id: number): Promise<CallDetail> {
  // The call, its notes and its postponements in one statement (one round trip).
  const detail = await repo.findCallDetail(ctx.db, id);
  if (!detail) throw notFound();
  const { call: row, notes, postponements } = detail;
  const names = await namesOf(ctx, [row, ...notes, ...postponements]);
  return { ...toCall(row, nowIso(), names), notes: notes.map((n) => toNote(n, names)), postponements: postponements.map((p) => toPostponement(p, names)) };
}

export async function updateCall(ctx: Ctx, id: number, input: CallUpdate): Promise<CallDetail> {
  return tx(ctx, async (c) => {
    const before = await repo.lockCall(c.db, id);
    if (!before) throw notFound();
    const errors: FieldError[] = [];
    const set: Parameters<typeof repo.updateCall>[2] = {};

    if (input.statusCode !== undefined) {
      await assertCodeForUpdate(c, 'call-statuses', input.statusCode, before.status_code, 'statusCode').catch((e: AppError) => errors.push(...(e.errors ?? [])));
      set.status_code = input.statusCode;
    }
    if (input.typeCode !== undefined) {
      await assertCodeForUpdate(c, 'call-types', input.typeCode, before.type_code, 'typeCode').catch((e: AppError) => errors.push(...(e.errors ?? [])));
      set.type_code = input.typeCode;
    }
    if (input.priorityCode !== undefined && input.priorityCode !== before.priority_code) {
      await assertCodeForUpdate(c, 'priorities', input.priorityCode, before.priority_code, 'priorityCode').catch((e: AppError) => errors.push(...(e.errors ?? [])));
      set.priority_code = input.priorityCode;
      set.priority_rank = input.priorityCode === null ? NO_PRIORITY_RANK : ((await findEntry(c, 'priorities', input.priorityCode))?.sortOrder ?? NO_PRIORITY_RANK);
    }
    if (input.description !== undefined) set.description = input.description.trim();

    if (input.toUserId !== undefined || input.toGroupId !== undefined) {
      if (input.toUserId && input.toGroupId) errors.push({ field: 'toUserId', code: 'one_of_user_group' });
      else {
        let next = { toUserId: before.to_user_id, toGroupId: before.to_group_id };
        if (input.toUserId) next = { toUserId: Number(input.toUserId), toGroupId: null };
        else if (input.toGroupId) next = { toUserId: null, toGroupId: Number(input.toGroupId) };
        else {
          if (input.toUserId === null) next.toUserId = null;
          if (input.toGroupId === null) next.toGroupId = null;
        }
        if (next.toUserId === null && next.toGroupId === null) errors.push({ field: 'toUserId', code: 'call_destination_required' });
        else await checkDestination(c, next, errors);
        set.to_user_id = next.toUserId;
        set.to_group_id = next.toGroupId;
      }
    }

    if (input.customerId !== undefined || input.contactId !== undefined) {
      const customerId = input.customerId !== undefined ? (input.customerId ? Number(input.customerId) : null) : before.customer_id;
      let contactId = input.contactId !== undefined ? (input.contactId ? Number(input.contactId) : null) : before.contact_id;
      // A new customer without a new contact drops the old contact, which belonged to the old customer.
      if (input.customerId !== undefined && input.contactId === undefined && customerId !== before.customer_id) contactId = null;
      if (!hasFrom({ customerId: customerId ? String(customerId) : null, contactId: contactId ? String(contactId) : null, phone: before.phone, taxId: before.tax_id, serialNumber: before.serial_number })) {
        errors.push({ field: 'from', code: 'call_from_required' });
      } else {
        const resolved = await resolveFrom(c, { customerId, contactId, phone: null, taxId: null, serialNumber: null }, errors);
        set.customer_id = resolved.customerId;
        set.contact_id = resolved.contactId;
      }
    }
    throwIfAny(errors);

    const beforeCall = toCall({ ...before, customer_code: null, customer_name: null, contact_name: null }, nowIso(), { users: new Map(), groups: new Map() });
    if (Object.keys(set).length) {
      await repo.updateCall(c.db, id, { ...set, updated_at: nowIso() });
      if (set.type_code !== undefined || set.to_user_id !== undefined || set.to_group_id !== undefined) await callChanged(c, callSnapshot(before), callSnapshot({ ...before, ...set }));
      const after = await getCallRow(c, id);
      const changes = diff(beforeCall, {
        statusCode: after.statusCode,
        typeCode: after.typeCode,
        priorityCode: after.priorityCode,
        description: after.description,
        toUserId: after.toUserId,
        toGroupId: after.toGroupId,
        customerId: after.customerId,
        contactId: after.contactId,
      });
      await recordAudit(c, { entityType: 'call', entityId: id, action: 'update', changes });
      if (set.description !== undefined || set.customer_id !== undefined) await reindex(c, id);
    }
    return getCall(c, id);
  });
}

export async function addNote(ctx: Ctx, callId: number, text: string): Promise<CallNote> {
  return tx(ctx, async (c) => {
    if (!(await repo.callExists(c.db, callId))) throw notFound();
    const now = nowIso();
    const noteId = await repo.insertNote(c.db, { call_id: callId, at: now, user_id: c.actor.userId || null, text: text.trim() });
    await repo.updateCall(c.db, callId, { updated_at: now });
    await recordAudit(c, { entityType: 'call', entityId: callId, action: 'note', changes: { noteId } });
    const notes = await repo.listNotes(c.db, callId);
    const note = notes.find((n) => n.id === noteId)!;
    return toNote(note, await namesOf(c, [note]));
  });
}

/**
 * The status a finished call takes: the active one flagged default finished. Without one the finish
 * is refused (409 call_finished_status_missing, which names the call-statuses table) — a finished
 * call must never keep a pending status.
 */
async function finishedStatus(ctx: Ctx): Promise<string> {
  const flagged = await findFlagged(ctx, 'call-statuses', 'defaultFinished');
  if (!flagged || flagged.pending) throw conflict('call_finished_status_missing');
  return flagged.code;
}

/**
 * Finishes a pending call: finish stamps (server-set), the default-finished status and, when an
 * action finished it, which one. A finished call is refused with 409 call_already_finished.
 * `field` names the request field that pointed at the call (fromCallId) so a missing call is a 400
 * on that field rather than a 404 of the action.
 */
export async function finishCall(ctx: Ctx, id: number, opts: { action?: { type: string; id: number }; field?: string } = {}): Promise<CallDetail> {
  return tx(ctx, async (c) => {
    const before = await repo.lockCall(c.db, id);
    if (!before) throw opts.field ? fieldError(opts.field, 'unknown_reference') : notFound();
    if (before.finished_at !== null) throw conflict('call_already_finished');
    const status = await finishedStatus(c);
    const now = nowIso();
    const done = await repo.finishIfPending(c.db, id, {
      finished_at: now,
      finished_by: c.actor.userId || null,
      finished_by_action_type: opts.action?.type ?? null,
      finished_by_action_id: opts.action?.id ?? null,
      status_code: status,
      updated_at: now,
    });
    if (!done) throw conflict('call_already_finished');
    await callChanged(c, callSnapshot(before), callSnapshot({ ...before, finished_at: now, finished_by_action_type: opts.action?.type ?? null }));
    await recordAudit(c, {
      entityType: 'call',
      entityId: id,
      action: 'finish',
      changes: { statusCode: { from: before.status_code, to: status }, ...(opts.action ? { action: opts.action } : {}) },
    });
    return getCall(c, id);
  });
}

/**
 * Reopens a finished call (undo of Finish, or a supervisor's correction): the finish stamps are
 * cleared, the status goes back to the default-pending one, and the audit trail records who
 * reopened it and the finish it undid. Rules in calls.rules.ts (reopenCheck).
 */
export async function reopenCall(ctx: Ctx, id: number): Promise<CallDetail> {
  return tx(ctx, async (c) => {
    const before = await repo.lockCall(c.db, id);
    if (!before) throw notFound();
    const now = nowIso();
    const check = reopenCheck(
      { finishedAt: before.finished_at, finishedBy: before.finished_by === null ? null : Number(before.finished_by), finishedByActionType: before.finished_by_action_type },
      { userId: c.actor.userId, supervisor: maySeeAllCalls(c.actor) },
      now,
    );
    if (check === 'call_not_finished') throw conflict(check);
    if (check !== 'ok') throw new AppError(check);
    const pendingStatus = await findFlagged(c, 'call-statuses', 'defaultPending');
    if (!pendingStatus || !pendingStatus.active) throw conflict('call_pending_status_missing');
    const done = await repo.reopenIfFinished(c.db, id, {
      finished_at: null,
      finished_by: null,
      finished_by_action_type: null,
      finished_by_action_id: null,
      status_code: pendingStatus.code,
      updated_at: now,
    });
    if (!done) throw conflict('call_not_finished');
    await callChanged(c, callSnapshot(before), callSnapshot({ ...before, finished_at: null, finished_by_action_type: null }));
    await recordAudit(c, {
      entityType: 'call',
      entityId: id,
      action: 'reopen',
      changes: {
        statusCode: { from: before.status_code, to: pendingStatus.code },
        undid: { finishedAt: before.finished_at, finishedBy: before.finished_by, action: before.finished_by_action_type ? { type: before.finished_by_action_type, id: before.finished_by_action_id } : null },
      },
    });
    return getCall(c, id);
  });
}

export type PostponeInput = { until: string; reason: string; toUserId?: string | null; toGroupId?: string | null };

export async function postponeCall(ctx: Ctx, id: number, input: PostponeInput): Promise<CallDetail> {
  const now = nowIso();
  const errors: FieldError[] = [];
  if (!isFuture(input.until, now)) errors.push({ field: 'until', code: 'postpone_not_future' });
  if (!input.reason.trim()) errors.push({ field: 'reason', code: 'required' });
  const choice = chooseDestination(input, { defaultToUserId: null, defaultToGroupId: null });
  if (!choice.ok) errors.push({ field: choice.field, code: choice.code });
  else await checkDestination(ctx, choice.destination, errors);
  throwIfAny(errors);
  const dest = (choice as Extract<typeof choice, { ok: true }>).destination;
  const until = new Date(input.until).toISOString();

  return tx(ctx, async (c) => {
    const before = await repo.lockCall(c.db, id);
    if (!before) throw notFound();
    if (before.finished_at !== null) throw conflict('call_finished_cannot_postpone');
    const at = nowIso();
    const done = await repo.postponeIfPending(c.db, id, { postponed_until: until, to_user_id: dest.toUserId, to_group_id: dest.toGroupId, updated_at: at });
    if (!done) throw conflict('call_finished_cannot_postpone');
    await callChanged(c, callSnapshot(before), callSnapshot({ ...before, to_user_id: dest.toUserId, to_group_id: dest.toGroupId }));
    await repo.insertPostponement(c.db, {
      call_id: id,
      at,
      user_id: c.actor.userId || null,
      until,
      reason: input.reason.trim(),
      from_user_id: before.to_user_id,
      from_group_id: before.to_group_id,
      to_user_id: dest.toUserId,
      to_group_id: dest.toGroupId,
    });
    await recordAudit(c, { entityType: 'call', entityId: id, action: 'postpone', changes: { until, toUserId: dest.toUserId, toGroupId: dest.toGroupId } });
    return getCall(c, id);
  });
}

export type ListQuery = {
  view?: 'now' | 'postponed' | 'finished' | 'all';
  mine?: boolean;
  pending?: boolean;
  typeCode?: string;
  toUserId?: string;
  toGroupId?: string;
  customerId?: string;
  unitId?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: repo.CallOrder;
  limit: number;
  cursor?: string;
};


/** "Mine" = addressed to me or one of my groups. Pending-now and postponed are mine unless a supervisor asks for all. */
async function buildFilter(ctx: Ctx, q: Omit<ListQuery, 'limit' | 'cursor'>, now: string): Promise<repo.CallFilter> {
  const view = q.view ?? 'all';
  // One rule for every view (policies.ts): pending calls of others are for supervisors.
  const oneRecord = Boolean(q.customerId || q.unitId);
  const { mine, refused } = callListScope(ctx.actor, { view, mine: q.mine, pending: q.pending, oneRecord });
  if (refused) throw new AppError('forbidden', { params: {}, errors: [{ field: 'mine', code: 'supervisors_only' }] });
  if (q.from && q.to && q.to < q.from) throw fieldError('to', 'date_order');
  const tz = ctx.actor.timeZone || ctx.config.defaultTimeZone;
  const range = dayRange(q.from, q.to, tz);
  return {
    view,
    now,
    mine: mine ? { userId: ctx.actor.userId, groupIds: await groupIdsOf(ctx, ctx.actor.userId) } : undefined,
    pending: q.pending,
    typeCode: q.typeCode,
    toUserId: q.toUserId ? Number(q.toUserId) : undefined,
    toGroupId: q.toGroupId ? Number(q.toGroupId) : undefined,
    customerId: q.customerId ? Number(q.customerId) : undefined,
    unitId: q.unitId ? Number(q.unitId) : undefined,
    fromAt: range.from,
    toAt: range.to,
    ids: q.q ? (matchingIds(ctx, q.q, 'call') as repo.CallFilter['ids']) : undefined,
  };
}

export async function listCalls(ctx: Ctx, q: ListQuery): Promise<Page<CallListItem>> {
  const now = nowIso();
  const filter = await buildFilter(ctx, q, now);
  if (q.sort === 'priority') {
    const rows = await repo.listCalls(ctx.db, filter, { cursor: decodeCursor(q.cursor, CALLS_BY_PRIORITY), limit: q.limit, order: 'priority' });
    const names = await namesOf(ctx, rows);
    return toPage(rows, q.limit, CALLS_BY_PRIORITY, (r) => [Number(r.priority_rank), r.registered_at, Number(r.id)], (r) => toCallListItem(r, now, names));
  }
  const rows = await repo.listCalls(ctx.db, filter, { cursor: decodeCursor(q.cursor, CALLS), limit: q.limit });
  const names = await namesOf(ctx, rows);
  return toPage(rows, q.limit, CALLS, (r) => [r.registered_at, r.id], (r) => toCallListItem(r, now, names));
}

/** The navigation badge: pending now and postponed for me (and my groups); for supervisors, pending now for everyone. */
export async function countCalls(ctx: Ctx) {
  const now = nowIso();
  const mine = { userId: ctx.actor.userId, groupIds: await groupIdsOf(ctx, ctx.actor.userId) };
  const [counts, allPendingNow] = await Promise.all([
    repo.countMine(ctx.db, mine, now),
    maySeeAllCalls(ctx.actor) ? repo.countAllPendingNow(ctx.db, now) : null,
  ]);
  return { pendingNow: counts.now, postponed: counts.postponed, allPendingNow };
}

/** Who is calling? What the new-call form shows as the agent types a phone, tax id or serial. */
export async function identifyCaller(ctx: Ctx, q: { phone?: string; taxId?: string; serialNumber?: string }) {
  const match = await resolveCaller(ctx, { phone: clean(q.phone), taxId: clean(q.taxId) ? checkTaxId(clean(q.taxId)!).value : null, serialNumber: clean(q.serialNumber) });
  if (!match) return { customer: null, contact: null, unit: null, pendingCalls: 0 };
  const [customer, contact, unit, pendingCalls] = await Promise.all([
    findCustomer(ctx, match.customerId),
    match.contactId ? findContact(ctx, match.contactId) : undefined,
    match.unitId ? findUnit(ctx, match.unitId) : undefined,
    repo.countCalls(ctx.db, { view: 'all', now: nowIso(), pending: true, customerId: match.customerId }),
  ]);
  return {
    customer: customer ? { id: customer.id, code: customer.code, name: customer.name, taxId: customer.taxId } : null,
    contact: contact ? { id: contact.id, name: contact.name } : null,
    unit: unit ? { id: unit.id, serialNumber: unit.serialNumber, itemDescription: unit.itemDescription ?? null, warrantyEnd: unit.warrantyEnd, warranty: unit.warranty } : null,
    pendingCalls,
  };
}
