import type { Ctx } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { exactKey } from '../search/search-text.ts';
import { type Customer, toCustomer } from './customers.mapper.ts';
import * as repo from './customers.repository.ts';
import { normalizePhone } from './phones.ts';
import { normalizeTaxId } from './tax-id.ts';

export async function getCustomer(ctx: Ctx, id: number): Promise<Customer> {
  const row = await repo.findCustomer(ctx.db, id);
  if (!row) throw notFound();
  return toCustomer(row);
}

export async function findCustomer(ctx: Ctx, id: number): Promise<Customer | undefined> {
  const row = await repo.findCustomer(ctx.db, id);
  return row ? toCustomer(row) : undefined;
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
    const rows = await repo.customerIdsByTaxId(ctx.db, normalizeTaxId(from.taxId));
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
