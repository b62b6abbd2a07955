/**
 * The customers area (customers, contacts, items, units, contracts) as the web reads and writes
 * it: query keys (each key one shape), the requests and hooks. The only file of the area that
 * calls the API.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../app/api.ts';
import type { Contact, Customer } from './api.ts';

export const customersKeys = {
  /** Everything of the area. */
  all: ['customers'] as const,
  /** GET /customers/{id}: Customer */
  detail: (id: string | null | undefined) => ['customers', 'detail', id] as const,
  /** GET /customers?q=: one Page<Customer> (pickers) */
  search: (q: string, limit: number) => ['customers', 'search', q, limit] as const,
  /** GET /customers/{id}/contacts?limit=200: Contact[] */
  contacts: (id: string | null | undefined) => ['customers', 'contacts', id] as const,
};

export const customersApi = {
  get: (id: string, signal?: AbortSignal) => api.get<Customer>(`/customers/${id}`, undefined, signal),
  search: (q: string, limit: number, signal?: AbortSignal) => api.get<Page<Customer>>('/customers', { q: q || undefined, limit }, signal),
  contacts: (id: string, signal?: AbortSignal) => api.get<Page<Contact>>(`/customers/${id}/contacts`, { limit: 200 }, signal).then((p) => p.items),
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
