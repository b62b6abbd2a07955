/**
 * The incidents area as the web reads and writes it: query keys (each key one shape) and hooks.
 * The only file of the area that calls the API; types come from src/shared/incidents.ts.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { z } from 'zod';
import type {
  IncidentCreate,
  IncidentDetail,
  IncidentEvent,
  IncidentListItem,
  IncidentPatch,
  IncidentSupply,
  SimilarIncidents,
  delegateBody,
  eventCreateBody,
  resolveBody,
  supplyCreateBody,
  supplyPatchBody,
} from '../../shared/incidents.ts';
import { api, type Page } from '../app/api.ts';
import { billingKeys } from '../billing/queries.ts';
import { useRefreshCustomerFeeds } from '../customers/queries.ts';
import { slaKeys } from '../sla/queries.ts';

export type { Incident, IncidentDetail, IncidentEvent, IncidentListItem, IncidentSupply, SimilarIncidents } from '../../shared/incidents.ts';

export type IncidentFilters = { view?: string; statusCode?: string; priorityCode?: string; caseType?: string; stage?: string; q?: string; customerId?: string; unitId?: string };

type UnitBrief = {
  id: string;
  serialNumber: string;
  itemId: string;
  itemCode: string;
  itemDescription: string;
  customerId: string;
  customerName: string;
  warrantyEnd: string | null;
  contractId: string | null;
  contractCode: string | null;
  warranty: { underWarranty: boolean; until: string | null };
  contract: { underContract: boolean; contractId: string | null; until: string | null };
};

export const incidentsKeys = {
  all: ['incidents'] as const,
  /** GET /incidents with these filters: a Page<IncidentListItem> per cursor (useKeysetList). */
  list: (f: IncidentFilters) => ['incidents', 'list', f] as const,
  /** GET /incidents?view=all&customerId=&limit=10: one Page<IncidentListItem> (the customer page) */
  customer: (customerId: string) => ['incidents', 'customer', customerId] as const,
  /** GET /incidents/{id}: IncidentDetail */
  detail: (id: string) => ['incidents', 'detail', id] as const,
  /** GET /incidents/similar: SimilarIncidents */
  similar: (q: Record<string, string | undefined>) => ['incidents', 'similar', q] as const,
  /** The unit a typed serial number identifies (GET /calls/identify then GET /units/{id}): UnitBrief | null */
  serial: (serial: string) => ['incidents', 'serial', serial] as const,
};

export const incidentsApi = {
  /** The case sheet PDF; without lang, in the customer's language. */
  pdfUrl: (id: string, lang?: 'es' | 'en') => `/api/v1/incidents/${id}/pdf${lang ? `?lang=${lang}` : ''}`,
  listPage: (f: IncidentFilters, cursor: string | undefined, signal?: AbortSignal, limit = 50) => api.get<Page<IncidentListItem>>('/incidents', { ...f, cursor, limit }, signal),
};

export function useIncident(id: string) {
  return useQuery({ queryKey: incidentsKeys.detail(id), queryFn: ({ signal }) => api.get<IncidentDetail>(`/incidents/${id}`, undefined, signal) });
}

/** The unit (with item, customer, warranty and contract today) a serial number identifies, or null. */
export function useSerialLookup(serial: string) {
  const s = serial.trim();
  return useQuery({
    queryKey: incidentsKeys.serial(s),
    enabled: s.length >= 3,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }): Promise<UnitBrief | null> => {
      const who = await api.get<{ unit: { id: string } | null }>('/calls/identify', { serialNumber: s }, signal);
      if (!who.unit) return null;
      return api.get<UnitBrief>(`/units/${who.unit.id}`, undefined, signal);
    },
  });
}

export function useSimilar(q: { unitId?: string; itemId?: string; reasonCode?: string; symptom?: string }) {
  const key = Object.fromEntries(Object.entries(q).filter(([, v]) => v)) as Record<string, string | undefined>;
  return useQuery({
    queryKey: incidentsKeys.similar(key),
    enabled: Boolean(q.unitId || q.itemId || q.reasonCode || (q.symptom && q.symptom.trim().length >= 3)),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api.get<SimilarIncidents>('/incidents/similar', key, signal),
  });
}

export function createIncident(body: IncidentCreate) {
  return api.post<IncidentDetail>('/incidents', body);
}

/** The latest incidents of a customer, open or not (the customer page). */
export function useCustomerIncidents(customerId: string) {
  const f: IncidentFilters = { view: 'all', customerId };
  return useQuery({ queryKey: incidentsKeys.customer(customerId), queryFn: ({ signal }) => incidentsApi.listPage(f, undefined, signal, 10) });
}

/** The open incidents of a customer (for "add to an incident"). */
export function useCustomerOpenIncidents(customerId: string | undefined) {
  const f: IncidentFilters = { view: 'open', customerId };
  return useQuery({ queryKey: incidentsKeys.list(f), enabled: Boolean(customerId), queryFn: ({ signal }) => incidentsApi.listPage(f, undefined, signal, 100) });
}

export function addEventToIncident(id: string, body: z.infer<typeof eventCreateBody>) {
  return api.post<IncidentEvent>(`/incidents/${id}/events`, body);
}

export function patchIncident(id: string, body: IncidentPatch) {
  return api.patch<IncidentDetail>(`/incidents/${id}`, body);
}

/**
 * After a write on an incident made away from its page (a new incident, an event added from a call):
 * its cached copy and its SLA clocks are dropped unless a page shows them, so opening it loads the
 * change instead of showing the old copy first (or, within the 15 s a copy stays fresh, only the old
 * one); the lists, the customer's incidents, the SLA counts and the customer's timeline refetch.
 */
export function useIncidentChangedElsewhere() {
  const queryClient = useQueryClient();
  const refreshFeeds = useRefreshCustomerFeeds();
  return useCallback(
    (id: string) => {
      queryClient.removeQueries({ queryKey: incidentsKeys.detail(id), type: 'inactive' });
      queryClient.removeQueries({ queryKey: slaKeys.incident(id), type: 'inactive' });
      refreshFeeds();
      return Promise.all([incidentsKeys.all, slaKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
    [queryClient, refreshFeeds],
  );
}

/** Every write on one incident; each refreshes the incident and the lists. */
export function useIncidentActions(id: string) {
  const queryClient = useQueryClient();
  const refreshFeeds = useRefreshCustomerFeeds();
  // A change may move the SLA clocks (status, priority, resolve…) and closing may issue an invoice;
  // the customer's timeline shows the incident's stage.
  const done = () => {
    refreshFeeds();
    return Promise.all([incidentsKeys.all, slaKeys.all, billingKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
  const m = <A,>(fn: (a: A) => Promise<unknown>) => useMutation({ mutationFn: fn, onSuccess: done });
  return {
    patch: m((body: IncidentPatch) => api.patch<IncidentDetail>(`/incidents/${id}`, body)),
    diagnose: m((body: { diagnosis?: string | null }) => api.post<IncidentDetail>(`/incidents/${id}/diagnose`, body)),
    resolve: m((body: z.infer<typeof resolveBody>) => api.post<IncidentDetail>(`/incidents/${id}/resolve`, body)),
    close: m(() => api.post<IncidentDetail>(`/incidents/${id}/close`, {})),
    reopen: m((body: { reason: string }) => api.post<IncidentDetail>(`/incidents/${id}/reopen`, body)),
    delegate: m((body: z.infer<typeof delegateBody>) => api.post<IncidentDetail>(`/incidents/${id}/delegate`, body)),
    addEvent: m((body: z.infer<typeof eventCreateBody>) => api.post<IncidentEvent>(`/incidents/${id}/events`, body)),
    addSupply: m((body: z.infer<typeof supplyCreateBody>) => api.post<IncidentSupply>(`/incidents/${id}/supplies`, body)),
    updateSupply: m(({ supplyId, ...body }: z.infer<typeof supplyPatchBody> & { supplyId: string }) => api.patch<IncidentSupply>(`/incidents/${id}/supplies/${supplyId}`, body)),
    removeSupply: m((supplyId: string) => api.delete(`/incidents/${id}/supplies/${supplyId}`)),
  };
}
