/**
 * Billing as the web reads and writes it: the only file of the area that calls the API. Query
 * keys start with 'billing'; each key holds one shape (the server's answer as it came).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChainState,
  Company,
  CompanyInput,
  Invoice,
  InvoiceCreate,
  InvoiceDetail,
  Monthly,
  PaymentInput,
  RectifyInput,
  VerifactuRecord,
  VerifyResult,
} from '../../shared/billing.ts';
import { api, type Page } from '../app/api.ts';

export type { ChainState, Company, CompanyInput, Invoice, InvoiceCreate, InvoiceDetail, Monthly, PaymentInput, RectifyInput, VerifactuRecord, VerifyResult } from '../../shared/billing.ts';
export type { LineInput as LineInputValue } from '../../shared/billing.ts';

export type InvoiceFilters = { status?: string; customerId?: string; series?: string; from?: string; to?: string; incidentId?: string };

export const billingKeys = {
  all: ['billing'] as const,
  /** GET /billing/company */
  company: () => ['billing', 'company'] as const,
  /** GET /invoices pages (useKeysetList) */
  invoices: (filters: InvoiceFilters) => ['billing', 'invoices', filters] as const,
  /** GET /invoices/{id} */
  invoice: (id: string) => ['billing', 'invoice', id] as const,
  /** GET /billing/monthly */
  monthly: (months: number) => ['billing', 'monthly', months] as const,
  /** GET /verifactu/records pages */
  records: () => ['billing', 'records'] as const,
  /** GET /verifactu/state */
  chainState: () => ['billing', 'chain-state'] as const,
};

const clean = (f: InvoiceFilters) => Object.fromEntries(Object.entries(f).filter(([, v]) => v));

export const billingApi = {
  invoicesPage: (filters: InvoiceFilters, cursor: string | undefined, signal?: AbortSignal, limit = 50) =>
    api.get<Page<Invoice>>('/invoices', { ...clean(filters), cursor, limit }, signal),
  recordsPage: (cursor: string | undefined, signal?: AbortSignal) => api.get<Page<VerifactuRecord>>('/verifactu/records', { cursor, limit: 50 }, signal),
  /** The PDF's address: the browser opens it with the session cookie (a GET needs no CSRF token). */
  pdfUrl: (id: string, lang: string) => `/api/v1/invoices/${id}/pdf?lang=${lang === 'en' ? 'en' : 'es'}`,
  exportUrl: () => '/api/v1/verifactu/export',
};

export function useCompany() {
  return useQuery({ queryKey: billingKeys.company(), queryFn: ({ signal }) => api.get<Company>('/billing/company', undefined, signal) });
}

export function useSaveCompany() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CompanyInput) => api.put<Company>('/billing/company', input),
    onSuccess: (c) => qc.setQueryData(billingKeys.company(), c),
  });
}

export function useInvoice(id: string) {
  return useQuery({ queryKey: billingKeys.invoice(id), queryFn: ({ signal }) => api.get<InvoiceDetail>(`/invoices/${id}`, undefined, signal) });
}

/** The invoices of an incident (the incident page shows its invoice). */
export function useIncidentInvoices(incidentId: string, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.invoices({ incidentId }),
    enabled: opts.enabled ?? true,
    queryFn: ({ signal }) => billingApi.invoicesPage({ incidentId }, undefined, signal),
    select: (p: Page<Invoice>) => p.items,
  });
}

/** `changes`: another invoice the call changed (a rectification changes the one it rectifies); its cached copy is dropped so coming back to it loads it afresh rather than showing the old totals first. */
function useInvoiceMutation<I>(fn: (input: I) => Promise<InvoiceDetail>, changes?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (inv) => {
      if (changes && changes !== inv.id) qc.removeQueries({ queryKey: billingKeys.invoice(changes) });
      // The incident page shows its invoice's status (collected, refunded…): not the old one when it is opened next.
      if (inv.incidentId) qc.removeQueries({ queryKey: billingKeys.invoices({ incidentId: inv.incidentId }), type: 'inactive' });
      qc.setQueryData(billingKeys.invoice(inv.id), inv);
      void qc.invalidateQueries({ queryKey: billingKeys.all });
    },
  });
}

export function useCreateInvoice() {
  return useInvoiceMutation((input: InvoiceCreate) => api.post<InvoiceDetail>('/invoices', input));
}
export function useRecordPayment(id: string) {
  return useInvoiceMutation((input: PaymentInput) => api.post<InvoiceDetail>(`/invoices/${id}/payments`, input));
}
export function useReversePayment(id: string) {
  return useInvoiceMutation((paymentId: string) => api.post<InvoiceDetail>(`/invoices/${id}/payments/${paymentId}/reverse`, {}));
}
export function useRectify(id: string) {
  return useInvoiceMutation((input: RectifyInput) => api.post<InvoiceDetail>(`/invoices/${id}/rectify`, input), id);
}

export function useMonthly(months = 12) {
  return useQuery({ queryKey: billingKeys.monthly(months), queryFn: ({ signal }) => api.get<Monthly>('/billing/monthly', { months }, signal) });
}

export function useChainState() {
  return useQuery({ queryKey: billingKeys.chainState(), queryFn: ({ signal }) => api.get<ChainState>('/verifactu/state', undefined, signal) });
}

export function useVerifyChain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<VerifyResult>('/verifactu/verify', {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: billingKeys.chainState() }),
  });
}

