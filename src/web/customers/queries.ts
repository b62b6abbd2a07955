/**
 * The customers area (customers, contacts, items, units, contracts) as the web reads and writes
 * it: query keys (each key one shape), the requests and hooks. The only file of the area that
 * calls the API; types from src/shared/customers.ts and src/shared/products.ts (z.infer).
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Contact, Customer } from '../../shared/customers.ts';
import type { Contract, Item, Unit } from '../../shared/products.ts';
import { api, type Page, type Query } from '../app/api.ts';

export type { Address, Contact, Customer, FeedEntry } from '../../shared/customers.ts';
export type { Contract, Item, ItemKind, Unit } from '../../shared/products.ts';
export { ITEM_KINDS } from '../../shared/products.ts';

/** A write body as the forms build it (the server's strict body schema checks it). */
type Body = Record<string, unknown>;

export const customersKeys = {
  /** Everything of the area: invalidate this after any change to a customer, contact, item, unit or contract. */
  all: ['customers'] as const,
  /** GET /customers with these filters: a Page<Customer> per cursor (useKeysetList). */
  list: (f: Query) => ['customers', 'list', f] as const,
  /** GET /customers/{id}: Customer */
  detail: (id: string | null | undefined) => ['customers', 'detail', id] as const,
  /** GET /customers?q=: one Page<Customer> (pickers) */
  search: (q: string, limit: number) => ['customers', 'search', q, limit] as const,
  /** GET /customers/{id}/contacts?limit=200: Contact[] */
  contacts: (id: string | null | undefined) => ['customers', 'contacts', id] as const,
  /** GET /customers/{id}/timeline: a Page<FeedEntry> per cursor (<Feed>). */
  timeline: (id: string) => ['customers', 'timeline', id] as const,
  /** Every customer's timeline (the prefix of `timeline`) */
  timelines: () => ['customers', 'timeline'] as const,
  /** A remote picker's options (CustomerPicker, ItemPicker): T[] */
  picker: (kind: string, q: string) => ['customers', 'picker', kind, q] as const,
  /** GET /items with these filters: a Page<Item> per cursor. */
  items: (f: Query) => ['customers', 'items', f] as const,
  /** GET /units with these filters: a Page<Unit> per cursor. */
  units: (f: Query) => ['customers', 'units', f] as const,
  /** GET /units?customerId=&limit=200: Unit[] */
  unitsOf: (customerId: string) => ['customers', 'units-of', customerId] as const,
  /** GET /units/{id}: Unit */
  unit: (id: string) => ['customers', 'unit', id] as const,
  /** GET /units/{id}/history: a Page<FeedEntry> per cursor (<Feed>). */
  unitHistory: (id: string) => ['customers', 'unit-history', id] as const,
  /** Every unit's history (the prefix of `unitHistory`) */
  unitHistories: () => ['customers', 'unit-history'] as const,
  /** GET /contracts with these filters: a Page<Contract> per cursor. */
  contracts: (f: Query) => ['customers', 'contracts', f] as const,
  /** GET /contracts?customerId=&limit=200: Contract[] */
  contractsOf: (customerId: string | null | undefined) => ['customers', 'contracts-of', customerId] as const,
  /** GET /contracts/{id}: Contract */
  contract: (id: string) => ['customers', 'contract', id] as const,
  /** GET /contracts/{id}/units?limit=200: Unit[] */
  contractUnits: (id: string) => ['customers', 'contract-units', id] as const,
};

export const customersApi = {
  get: (id: string, signal?: AbortSignal) => api.get<Customer>(`/customers/${id}`, undefined, signal),
  search: (q: string, limit: number, signal?: AbortSignal) => api.get<Page<Customer>>('/customers', { q: q || undefined, limit }, signal),
  list: (f: Query, signal?: AbortSignal) => api.get<Page<Customer>>('/customers', f, signal),
  create: (body: Body) => api.post<Customer>('/customers', body),
  update: (id: string, body: Body) => api.patch<Customer>(`/customers/${id}`, body),
  contacts: (id: string, signal?: AbortSignal) => api.get<Page<Contact>>(`/customers/${id}/contacts`, { limit: 200 }, signal).then((p) => p.items),
  createContact: (customerId: string, body: Body) => api.post<Contact>(`/customers/${customerId}/contacts`, body),
  updateContact: (id: string, body: Body) => api.patch<Contact>(`/contacts/${id}`, body),
  items: (f: Query, signal?: AbortSignal) => api.get<Page<Item>>('/items', f, signal),
  createItem: (body: Body) => api.post<Item>('/items', body),
  updateItem: (id: string, body: Body) => api.patch<Item>(`/items/${id}`, body),
  units: (f: Query, signal?: AbortSignal) => api.get<Page<Unit>>('/units', f, signal),
  unit: (id: string, signal?: AbortSignal) => api.get<Unit>(`/units/${id}`, undefined, signal),
  createUnit: (body: Body) => api.post<Unit>('/units', body),
  updateUnit: (id: string, body: Body) => api.patch<Unit>(`/units/${id}`, body),
  contracts: (f: Query, signal?: AbortSignal) => api.get<Page<Contract>>('/contracts', f, signal),
  contract: (id: string, signal?: AbortSignal) => api.get<Contract>(`/contracts/${id}`, undefined, signal),
  contractUnits: (id: string, signal?: AbortSignal) => api.get<Page<Unit>>(`/contracts/${id}/units`, { limit: 200 }, signal).then((p) => p.items),
  createContract: (body: Body) => api.post<Contract>('/contracts', body),
  updateContract: (id: string, body: Body) => api.patch<Contract>(`/contracts/${id}`, body),
};

export function useCustomer(id: string | null | undefined) {
  return useQuery({ queryKey: customersKeys.detail(id), queryFn: ({ signal }) => customersApi.get(id!, signal), enabled: Boolean(id) });
}

/** Customers matching what was typed (name, code, tax id, phone); `minLength` characters at least. */
export function useCustomerSearch(q: string, { limit = 20, minLength = 0 }: { limit?: number; minLength?: number } = {}) {
  return useQuery({
    queryKey: customersKeys.search(q, limit),
    queryFn: ({ signal }) => customersApi.search(q, limit, signal),
    enabled: q.length >= minLength,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useCustomerContacts(id: string | null | undefined) {
  return useQuery({ queryKey: customersKeys.contacts(id), queryFn: ({ signal }) => customersApi.contacts(id!, signal), enabled: Boolean(id), staleTime: 30_000 });
}

export function useCustomerUnits(customerId: string) {
  return useQuery({ queryKey: customersKeys.unitsOf(customerId), queryFn: ({ signal }) => customersApi.units({ customerId, limit: 200 }, signal).then((p) => p.items) });
}

/** The contracts of a customer (none asked while no customer is chosen). */
export function useCustomerContracts(customerId: string | null | undefined) {
  return useQuery({
    queryKey: customersKeys.contractsOf(customerId),
    queryFn: ({ signal }) => customersApi.contracts({ customerId: customerId!, limit: 200 }, signal).then((p) => p.items),
    enabled: Boolean(customerId),
  });
}

export function useUnit(id: string) {
  return useQuery({ queryKey: customersKeys.unit(id), queryFn: ({ signal }) => customersApi.unit(id, signal), enabled: Boolean(id) });
}

export function useContract(id: string) {
  return useQuery({ queryKey: customersKeys.contract(id), queryFn: ({ signal }) => customersApi.contract(id, signal) });
}

export function useContractUnits(id: string) {
  return useQuery({ queryKey: customersKeys.contractUnits(id), queryFn: ({ signal }) => customersApi.contractUnits(id, signal) });
}

/** A remote picker's options for what was typed (the server filters). */
export function usePickerOptions<T>(kind: string, q: string, fetch: (q: string, signal: AbortSignal) => Promise<T[]>) {
  return useQuery({ queryKey: customersKeys.picker(kind, q), queryFn: ({ signal }) => fetch(q, signal), placeholderData: keepPreviousData, staleTime: 30_000 });
}

/** After a change anywhere in the area: every list, detail and picker of it refetches. */
export function useRefreshCustomers() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: customersKeys.all }), [queryClient]);
}

/**
 * After another area's write that customers' timelines and units' histories list (an incident opened
 * or moved on, an activity, an event from a call): the copies no page shows are dropped, so the
 * customer page opened next shows it instead of the old entries; those on screen refetch.
 */
export function useRefreshCustomerFeeds() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    for (const queryKey of [customersKeys.timelines(), customersKeys.unitHistories()]) {
      queryClient.removeQueries({ queryKey, type: 'inactive' });
      void queryClient.invalidateQueries({ queryKey });
    }
  }, [queryClient]);
}

/** A record the server just answered goes straight into its detail key. */
export function useSetCustomersData() {
  const queryClient = useQueryClient();
  return {
    customer: (c: Customer) => queryClient.setQueryData(customersKeys.detail(c.id), c),
    unit: (u: Unit) => queryClient.setQueryData(customersKeys.unit(u.id), u),
    contract: (c: Contract) => queryClient.setQueryData(customersKeys.contract(c.id), c),
  };
}
