import type { Selectable } from 'kysely';
import { fromJson, toBool } from '../../db/dialect.ts';
import type { ContactsTable, CustomersTable } from './customers.tables.ts';

export type Address = { street?: string; city?: string; postalCode?: string; province?: string; country?: string };

/** The columns a customer's answer is made of (not `name_folded`, `created_by`): what a read of one customer selects. */
export const CUSTOMER_COLUMNS = ['id', 'code', 'name', 'tax_id', 'address', 'phones', 'emails', 'region_code', 'language', 'notes', 'active', 'created_at', 'updated_at'] as const;

export function toCustomer(r: Pick<Selectable<CustomersTable>, (typeof CUSTOMER_COLUMNS)[number]>) {
  return {
    id: String(r.id),
    code: r.code,
    name: r.name,
    taxId: r.tax_id,
    address: fromJson<Address | null>(r.address, null),
    phones: fromJson<string[]>(r.phones, []),
    emails: fromJson<string[]>(r.emails, []),
    regionCode: r.region_code,
    language: r.language as 'es' | 'en',
    notes: r.notes,
    active: toBool(r.active),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Customer = ReturnType<typeof toCustomer>;

export type ContactRow = Omit<Selectable<ContactsTable>, 'id'> & { id: number; customer_name?: string };

export function toContact(r: ContactRow) {
  return {
    id: String(r.id),
    customerId: String(r.customer_id),
    customerName: r.customer_name ?? null,
    name: r.name,
    position: r.position,
    phones: fromJson<string[]>(r.phones, []),
    emails: fromJson<string[]>(r.emails, []),
    notes: r.notes,
    active: toBool(r.active),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type Contact = ReturnType<typeof toContact>;
