/**
 * What the shared building blocks of `ui/` read: the configuration tables (server area
 * `catalogs`: `useCatalog`, `<CatalogSelect>`, the settings screens) and timelines (`<Feed>`).
 * Query keys (each key one shape) and requests; the only file of `ui/` that calls the API. Types
 * from src/shared/catalogs.ts.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CatalogEntry, CatalogIndex, CatalogName } from '../../shared/catalogs.ts';
import type { FeedEntry } from '../../shared/customers.ts';
import { api, type Page } from '../app/api.ts';

export const catalogsKeys = {
  /** Everything of the configuration tables: invalidate this after changing any. */
  all: ['catalogs'] as const,
  /** GET /catalogs: CatalogIndex (the tables, their flags and attributes). */
  definitions: () => ['catalogs', 'definitions'] as const,
  /** GET /catalogs/{name}: CatalogEntry[] (every entry, active or not). */
  entries: (name: string) => ['catalogs', 'entries', name] as const,
};

export type CatalogEntryBody = Record<string, unknown>;

export const catalogsApi = {
  definitions: (signal?: AbortSignal) => api.get<CatalogIndex>('/catalogs', undefined, signal),
  entries: (name: CatalogName, signal?: AbortSignal) => api.get<Page<CatalogEntry>>(`/catalogs/${name}`, undefined, signal).then((r) => r.items),
  create: (name: CatalogName, body: CatalogEntryBody) => api.post<CatalogEntry>(`/catalogs/${name}`, body),
  update: (name: CatalogName, code: string, body: CatalogEntryBody) => api.patch<CatalogEntry>(`/catalogs/${name}/${encodeURIComponent(code)}`, body),
};

export function useCatalogDefinitions() {
  return useQuery({ queryKey: catalogsKeys.definitions(), queryFn: ({ signal }) => catalogsApi.definitions(signal), staleTime: Infinity });
}

/** Every entry of a table (active or not), cached a minute. `useCatalog` adds `describe`. */
export function useCatalogEntries(name: CatalogName) {
  return useQuery({ queryKey: catalogsKeys.entries(name), queryFn: ({ signal }) => catalogsApi.entries(name, signal), staleTime: 60_000 });
}

/** Refetch one table's entries after a change. */
export function useRefreshCatalog() {
  const queryClient = useQueryClient();
  return useCallback((name: CatalogName) => queryClient.invalidateQueries({ queryKey: catalogsKeys.entries(name) }), [queryClient]);
}

/** One page of a timeline (`/customers/{id}/timeline`, `/units/{id}/history`). */
export const feedApi = {
  page: (path: string, cursor: string | undefined, signal?: AbortSignal) => api.get<Page<FeedEntry>>(path, { cursor, limit: 30 }, signal),
};
