import { type Ctx, tx } from '../../context.ts';
import { foldText, nowIso, toJson } from '../../db/dialect.ts';
import { decodeCursor, keyset, type Page, toPage } from '../../db/pagination.ts';
import { AppError, type FieldError, fieldError, found, notFound } from '../../errors.ts';
import { diff, recordAudit } from '../audit/audit.service.ts';
import { assertActiveCode, assertCodeForUpdate } from '../catalogs/catalogs.service.ts';
import { indexDocument, matchingIds } from '../search/search.service.ts';
import { exactKey } from '../search/search-text.ts';
import { type Address, type Contact, type Customer, toContact, toCustomer } from './customers.mapper.ts';
import * as repo from './customers.repository.ts';
import { customerTimeline, type FeedEntry } from './feeds.ts';
import { normalizePhone } from './phones.ts';
import { checkTaxId } from './tax-id.ts';
import { customerChangeHooks } from './customer-hooks.ts';
import { unlessTaken } from '../../db/unique.ts';

/** Keyset of each list of this file: a cursor of another list is refused (db/pagination.ts). */
const CUSTOMERS_BY_NAME = keyset('customers', 'text', 'id');
const CUSTOMERS_BY_CODE = keyset('customers-by-code', 'text');
const CONTACTS = keyset('contacts', 'text', 'id');

// ---- reading ---------------------------------------------------------------------------------

export async function getCustomer(ctx: Ctx, id: number): Promise<Customer> {
  return toCustomer(found(await repo.findCustomer(ctx.db, id)));
}

/** Whether any customer exists (the demo company loads only into an empty database). */
export async function hasCustomers(ctx: Ctx): Promise<boolean> {
  return repo.anyCustomer(ctx.db);
}

export async function findCustomer(ctx: Ctx, id: number): Promise<Customer | undefined> {
  const row = await repo.findCustomer(ctx.db, id);
  return row ? toCustomer(row) : undefined;
}

export type CustomerListInput = {
  q?: string;
  regionCode?: string;
  active?: boolean;
  taxId?: string;
  sort?: 'name' | 'code';
  limit: number;
  cursor?: string;
};

export async function listCustomers(ctx: Ctx, q: CustomerListInput): Promise<Page<Customer>> {
  const sort = q.sort ?? 'name';
  const ks = sort === 'code' ? CUSTOMERS_BY_CODE : CUSTOMERS_BY_NAME;
  const rows = await repo.listCustomers(ctx.db, {
    sort,
    regionCode: q.regionCode,
    active: q.active,
    taxId: q.taxId ? checkTaxId(q.taxId).value : undefined,
    matching: q.q?.trim() ? matchingIds(ctx, q.q, 'customer') : undefined,
    cursor: decodeCursor(q.cursor, ks),
    limit: q.limit,
  });
  return toPage(rows, q.limit, ks, (r) => (sort === 'code' ? [r.code] : [r.name_folded, r.id]), toCustomer);
}

// ---- validation helpers -------------------------------------------------------------------------

/** Phones as typed (tidied) for display and their normalised forms for caller-id look-ups. */
function cleanPhones(phones: string[] | undefined, errors: FieldError[], field = 'phones'): { display: string[]; normalized: string[] } | undefined {
  if (phones === undefined) return undefined;
  const display: string[] = [];
  const normalized: string[] = [];
  phones.forEach((raw, i) => {
    const tidy = raw.trim().replace(/\s+/g, ' ');
    const n = normalizePhone(tidy);
    if (!n) errors.push({ field: `${field}.${i}`, code: 'invalid_phone' });
    else if (normalized.includes(n)) errors.push({ field: `${field}.${i}`, code: 'duplicate_phone' });
    else {
      display.push(tidy);
      normalized.push(n);
    }
  });
  return { display, normalized };
}

function cleanEmails(emails: string[] | undefined): string[] | undefined {
  if (emails === undefined) return undefined;
  const out: string[] = [];
  for (const e of emails.map((x) => x.trim())) if (!out.some((o) => o.toLowerCase() === e.toLowerCase())) out.push(e);
  return out;
}

function cleanTaxId(taxId: string | null | undefined, errors: FieldError[]): string | null | undefined {
  if (taxId === undefined || taxId === null) return taxId;
  if (!taxId.trim()) return null;
  const check = checkTaxId(taxId);
  if (!check.valid) {
    errors.push({ field: 'taxId', code: 'invalid_tax_id' });
    return undefined;
  }
  return check.value;
}

const SPAIN = new Set(['es', 'esp', 'espana', 'spain']);

function cleanAddress(address: Address | null | undefined, errors: FieldError[]): Address | null | undefined {
  if (address === undefined || address === null) return address;
  const out: Address = {};
  for (const key of ['street', 'city', 'postalCode', 'province', 'country'] as const) {
    const v = address[key]?.trim();
    if (v) out[key] = v;
  }
  const inSpain = !out.country || SPAIN.has(foldText(out.country).replace(/[^a-z]/g, ''));
  if (out.postalCode && inSpain) {
    const pc = out.postalCode.replace(/\s/g, '');
    const province = Number(pc.slice(0, 2));
    if (!/^\d{5}$/.test(pc) || province < 1 || province > 52) errors.push({ field: 'address.postalCode', code: 'invalid_postal_code' });
    else out.postalCode = pc;
  }
  return Object.keys(out).length ? out : null;
}

function throwIfAny(errors: FieldError[]) {
  if (errors.length) throw new AppError('validation_failed', { errors });
}

// ---- search index ----------------------------------------------------------------------------

async function indexCustomer(ctx: Ctx, c: Customer) {
  await indexDocument(ctx, {
    entityType: 'customer',
    entityId: Number(c.id),
    customerId: Number(c.id),
    title: c.name,
    subtitle: [c.code, c.taxId, c.address?.city].filter(Boolean).join(' · '),
    codes: [c.code, c.taxId],
    phones: c.phones,
    text: [c.name, ...c.emails, c.address?.city],
  });
}

async function indexContact(ctx: Ctx, k: Contact) {
  await indexDocument(ctx, {
    entityType: 'contact',
    entityId: Number(k.id),
    customerId: Number(k.customerId),
    title: k.name,
    subtitle: [k.position, k.customerName].filter(Boolean).join(' · '),
    phones: k.phones,
    text: [k.name, k.position, ...k.emails],
  });
}


// ---- customers ---------------------------------------------------------------------------------

export type CustomerInput = {
  code: string;
  name: string;
  taxId?: string | null;
  phones?: string[];
  emails?: string[];
  address?: Address | null;
  regionCode?: string | null;
  language?: 'es' | 'en';
  notes?: string | null;
  active?: boolean;
};

export async function createCustomer(ctx: Ctx, input: CustomerInput): Promise<Customer> {
  const errors: FieldError[] = [];
  const taxId = cleanTaxId(input.taxId, errors);
  const phones = cleanPhones(input.phones ?? [], errors)!;
  const address = cleanAddress(input.address, errors);
  throwIfAny(errors);
  return tx(ctx, async (c) => {
    if (input.regionCode) await assertActiveCode(c, 'regions', input.regionCode, 'regionCode');
    if (await repo.customerByCode(c.db, input.code)) throw fieldError('code', 'code_taken');
    const now = nowIso();
    const id = await unlessTaken('code', 'code_taken', () => repo.insertCustomer(c.db, {
      code: input.code,
      name: input.name,
      name_folded: foldText(input.name),
      tax_id: taxId ?? null,
      address: toJson(address ?? null),
      phones: toJson(phones.display) ?? '[]',
      emails: toJson(cleanEmails(input.emails ?? [])) ?? '[]',
      region_code: input.regionCode ?? null,
      language: input.language ?? 'es',
      notes: input.notes ?? null,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
      created_by: c.actor.userId || null,
    }));
    await repo.replacePhones(c.db, { customerId: id, contactId: null }, phones.normalized);
    const customer = await getCustomer(c, id);
    await indexCustomer(c, customer);
    const { createdAt: _c, updatedAt: _u, ...fields } = customer;
    await recordAudit(c, { entityType: 'customer', entityId: id, action: 'create', changes: fields });
    return customer;
  });
}

export async function updateCustomer(ctx: Ctx, id: number, input: Partial<CustomerInput>): Promise<Customer> {
  const errors: FieldError[] = [];
  const taxId = cleanTaxId(input.taxId, errors);
  const phones = cleanPhones(input.phones, errors);
  const address = cleanAddress(input.address, errors);
  throwIfAny(errors);
  return tx(ctx, async (c) => {
    const before = await getCustomer(c, id);
    await assertCodeForUpdate(c, 'regions', input.regionCode, before.regionCode, 'regionCode');
    if (input.code !== undefined && input.code !== before.code) {
      const other = await repo.customerByCode(c.db, input.code);
      if (other && other.id !== id) throw fieldError('code', 'code_taken');
    }
    await unlessTaken('code', 'code_taken', () => repo.updateCustomer(c.db, id, {
      code: input.code,
      name: input.name,
      name_folded: input.name !== undefined ? foldText(input.name) : undefined,
      tax_id: taxId,
      address: address !== undefined ? toJson(address) : undefined,
      phones: phones ? (toJson(phones.display) ?? '[]') : undefined,
      emails: input.emails !== undefined ? (toJson(cleanEmails(input.emails)) ?? '[]') : undefined,
      region_code: input.regionCode,
      language: input.language,
      notes: input.notes,
      active: input.active,
      updated_at: nowIso(),
    }));
    if (phones) await repo.replacePhones(c.db, { customerId: id, contactId: null }, phones.normalized);
    const after = await getCustomer(c, id);
    await indexCustomer(c, after);
    if (after.name !== before.name) {
      for (const k of await repo.contactsOfCustomer(c.db, id)) await indexContact(c, toContact(k));
    }
    // Other areas' work on a customer change (their manifests' hooks.customers.changed).
    for (const hook of customerChangeHooks()) await hook(c, before, after);
    const { updatedAt: _a, ...afterFields } = after;
    const changes = diff(before, afterFields);
    await recordAudit(c, { entityType: 'customer', entityId: id, action: after.active === before.active ? 'update' : after.active ? 'reactivate' : 'deactivate', changes });
    return after;
  });
}

// ---- contacts ----------------------------------------------------------------------------------

export type ContactInput = {
  name: string;
  position?: string | null;
  phones?: string[];
  emails?: string[];
  notes?: string | null;
  active?: boolean;
};

/** A contact, or undefined when there is none with that id (a database error still throws). */
export async function findContact(ctx: Ctx, id: number): Promise<Contact | undefined> {
  const row = await repo.findContact(ctx.db, id);
  return row ? toContact(row) : undefined;
}

export async function getContact(ctx: Ctx, id: number): Promise<Contact> {
  const contact = await findContact(ctx, id);
  if (!contact) throw notFound();
  return contact;
}

export async function listContacts(ctx: Ctx, q: { customerId?: number; q?: string; active?: boolean; limit: number; cursor?: string }): Promise<Page<Contact>> {
  const rows = await repo.listContacts(ctx.db, {
    customerId: q.customerId,
    active: q.active,
    matching: q.q?.trim() ? matchingIds(ctx, q.q, 'contact') : undefined,
    cursor: decodeCursor(q.cursor, CONTACTS),
    limit: q.limit,
  });
  return toPage(rows, q.limit, CONTACTS, (r) => [r.name_folded, r.id], toContact);
}

export async function createContact(ctx: Ctx, customerId: number, input: ContactInput, customerField = 'customerId'): Promise<Contact> {
  const errors: FieldError[] = [];
  const phones = cleanPhones(input.phones ?? [], errors)!;
  throwIfAny(errors);
  return tx(ctx, async (c) => {
    const customer = await repo.findCustomer(c.db, customerId);
    if (!customer) throw customerField === 'path' ? notFound() : fieldError(customerField, 'unknown_reference');
    const now = nowIso();
    const id = await repo.insertContact(c.db, {
      customer_id: customerId,
      name: input.name,
      name_folded: foldText(input.name),
      position: input.position ?? null,
      phones: toJson(phones.display) ?? '[]',
      emails: toJson(cleanEmails(input.emails ?? [])) ?? '[]',
      notes: input.notes ?? null,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    });
    await repo.replacePhones(c.db, { customerId, contactId: id }, phones.normalized);
    const contact = await getContact(c, id);
    await indexContact(c, contact);
    const { createdAt: _c, updatedAt: _u, customerName: _n, ...fields } = contact;
    await recordAudit(c, { entityType: 'contact', entityId: id, action: 'create', changes: fields });
    return contact;
  });
}

export async function updateContact(ctx: Ctx, id: number, input: Partial<ContactInput>): Promise<Contact> {
  const errors: FieldError[] = [];
  const phones = cleanPhones(input.phones, errors);
  throwIfAny(errors);
  return tx(ctx, async (c) => {
    const before = await getContact(c, id);
    await repo.updateContact(c.db, id, {
      name: input.name,
      name_folded: input.name !== undefined ? foldText(input.name) : undefined,
      position: input.position,
      phones: phones ? (toJson(phones.display) ?? '[]') : undefined,
      emails: input.emails !== undefined ? (toJson(cleanEmails(input.emails)) ?? '[]') : undefined,
      notes: input.notes,
      active: input.active,
      updated_at: nowIso(),
    });
    if (phones) await repo.replacePhones(c.db, { customerId: Number(before.customerId), contactId: id }, phones.normalized);
    const after = await getContact(c, id);
    await indexContact(c, after);
    const { updatedAt: _a, ...afterFields } = after;
    await recordAudit(c, { entityType: 'contact', entityId: id, action: 'update', changes: diff(before, afterFields) });
    return after;
  });
}

// ---- caller id -------------------------------------------------------------------------------

export type CallerLookup = { phone: string; matches: Array<{ customer: Customer; contact: Contact | null }> };

/** Every customer and contact with this number, however it was typed (active customers first). */
export async function lookupCaller(ctx: Ctx, phone: string): Promise<CallerLookup> {
  const normalized = normalizePhone(phone);
  if (!normalized) throw fieldError('phone', 'invalid_phone');
  const rows = await repo.phoneMatches(ctx.db, normalized);
  const seen = new Set<string>();
  const matches: CallerLookup['matches'] = [];
  for (const r of rows) {
    const key = `${r.id}:${r.k_id ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const customer = toCustomer(r);
    const contact =
      r.k_id === null || r.k_id === undefined
        ? null
        : toContact({
            id: r.k_id,
            customer_id: r.k_customer_id!,
            customer_name: r.name,
            name: r.k_name!,
            position: r.k_position ?? null,
            phones: r.k_phones,
            emails: r.k_emails,
            notes: r.k_notes ?? null,
            active: r.k_active!,
            created_at: r.k_created_at!,
            updated_at: r.k_updated_at!,
          });
    matches.push({ customer, contact });
  }
  return { phone: normalized, matches };
}

export type CallerMatch = { customerId: number; contactId: number | null; unitId: number | null };

/**
 * Who is this? A serial number identifies a unit and its customer; a tax id or a phone number (in
 * any format) a customer or one of its contacts. Answers only when the match is unambiguous.
 */
export async function resolveCaller(ctx: Ctx, from: { phone?: string | null; taxId?: string | null; serialNumber?: string | null }): Promise<CallerMatch | undefined> {
  if (from.serialNumber) {
    const unit = await repo.unitBySerial(ctx.db, exactKey(from.serialNumber));
    if (unit) return { customerId: unit.customer_id, contactId: null, unitId: unit.id };
  }
  if (from.taxId) {
    const rows = await repo.customerIdsByTaxId(ctx.db, checkTaxId(from.taxId).value);
    if (rows.length === 1) return { customerId: rows[0].id, contactId: null, unitId: null };
  }
  const phone = normalizePhone(from.phone);
  if (phone) {
    const rows = await repo.customerIdsByPhone(ctx.db, phone);
    const customers = new Set(rows.map((r) => r.customer_id));
    if (customers.size === 1) {
      const contacts = new Set(rows.map((r) => r.contact_id).filter((c): c is number => c !== null));
      return { customerId: rows[0].customer_id, contactId: contacts.size === 1 ? [...contacts][0] : null, unitId: null };
    }
  }
  return undefined;
}

// ---- timeline ----------------------------------------------------------------------------------

export async function readTimeline(ctx: Ctx, customerId: number, q: { limit: number; cursor?: string; types?: string[] }): Promise<Page<FeedEntry>> {
  if (!(await repo.findCustomer(ctx.db, customerId))) throw notFound();
  return customerTimeline.read(ctx, customerId, q);
}
