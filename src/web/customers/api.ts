/** Shapes of the master-data API (customers, contacts, items, units, contracts, feeds). */
export type Address = { street?: string; city?: string; postalCode?: string; province?: string; country?: string };

export type Customer = {
  id: string;
  code: string;
  name: string;
  taxId: string | null;
  address: Address | null;
  phones: string[];
  emails: string[];
  regionCode: string | null;
  language: 'es' | 'en';
  notes: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Contact = {
  id: string;
  customerId: string;
  customerName: string | null;
  name: string;
  position: string | null;
  phones: string[];
  emails: string[];
  notes: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export const ITEM_KINDS = ['product', 'service', 'supply', 'labour'] as const;
export type Item = {
  id: string;
  code: string;
  description: string;
  kind: (typeof ITEM_KINDS)[number];
  unitPriceCents: number;
  vatRate: number;
  warrantyMonths: number;
  serialized: boolean;
  unitTypeCode: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Unit = {
  id: string;
  serialNumber: string;
  itemId: string;
  itemCode: string;
  itemDescription: string;
  customerId: string;
  customerName: string;
  saleDate: string;
  warrantyEnd: string | null;
  contractId: string | null;
  contractCode: string | null;
  regionCode: string | null;
  notes: string | null;
  active: boolean;
  warranty: { underWarranty: boolean; until: string | null };
  contract: { underContract: boolean; contractId: string | null; until: string | null };
  createdAt: string;
  updatedAt: string;
};

export type Contract = {
  id: string;
  code: string;
  customerId: string;
  customerName: string;
  description: string | null;
  serviceTypeCode: string | null;
  priorityCode: string | null;
  startDate: string;
  endDate: string;
  active: boolean;
  inForce: boolean;
  createdAt: string;
  updatedAt: string;
};

export type FeedEntry = { type: string; id: string; at: string; title: string; summary?: string | null; status?: string | null; pending?: boolean; userName?: string | null };
