/**
 * What the search index holds for each generated record: the same IndexInput the master-data
 * services give `indexDocument` (customers.service.ts indexCustomer/indexContact, products.service.ts
 * indexUnit), turned into rows by the app's own pure `buildDocument`.
 */
import type { IndexInput } from '../../src/server/modules/search/search.service.ts';

export function customerIndex(c: { id: number; code: string; name: string; taxId: string | null; phones: string[]; emails: string[]; city?: string }): IndexInput {
  return {
    entityType: 'customer',
    entityId: c.id,
    customerId: c.id,
    title: c.name,
    subtitle: [c.code, c.taxId, c.city].filter(Boolean).join(' · '),
    codes: [c.code, c.taxId],
    phones: c.phones,
    text: [c.name, ...c.emails, c.city],
  };
}

export function contactIndex(c: { id: number; customerId: number; name: string; position: string | null; emails: string[]; customerName: string; phones: string[] }): IndexInput {
  return {
    entityType: 'contact',
    entityId: c.id,
    customerId: c.customerId,
    title: c.name,
    subtitle: [c.position, c.customerName].filter(Boolean).join(' · '),
    phones: c.phones,
    text: [c.name, c.position, ...c.emails],
  };
}

export function unitIndex(u: { id: number; customerId: number; serialNumber: string; itemDescription: string; customerName: string }): IndexInput {
  return {
    entityType: 'unit',
    entityId: u.id,
    customerId: u.customerId,
    title: u.serialNumber,
    subtitle: `${u.itemDescription} · ${u.customerName}`,
    codes: [u.serialNumber],
  };
}
