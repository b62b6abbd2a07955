/**
 * Demo billing: the company's billing data, and invoices issued by the billing clerk (rmoreno)
 * through the API — one paid, one partly paid, one with three instalments, one cash invoice left
 * unpaid, and a credit note rectifying a duplicated invoice. Invoices are issued "today" (the issue
 * date is set by the server and never back-dated), so an unpaid cash invoice turns overdue the next
 * day, not on the day the demo is loaded.
 */
import type { DemoStep } from '../demo-kit.ts';

export const DEMO_COMPANY = {
  legalName: 'Climasat Servicios Técnicos, S.L.',
  taxId: 'B86561412',
  address: { street: 'Calle de Alcalá 180', postalCode: '28028', city: 'Madrid', province: 'Madrid' },
  invoiceSeries: 'F',
  rectifyingSeries: 'R',
  defaultPaymentTermCode: 'T30',
  verifactuEnvironment: 'test' as const,
  verifactuSend: false,
  installationNumber: '1',
};

type Line = { item: string; quantityMilli: number; discountBp?: number };
const INVOICES: Array<{ key: string; customer: string; term: string; lines: Line[]; pay?: Array<{ cents?: number; all?: boolean; method: string }> }> = [
  { key: 'paid', customer: 'HOTMIR', term: 'T30', lines: [{ item: 'MO-HORA', quantityMilli: 2500 }, { item: 'MO-DESPL', quantityMilli: 1000 }], pay: [{ all: true, method: 'transfer' }] },
  { key: 'partial', customer: 'RESOLI', term: 'T30', lines: [{ item: 'MO-HORA', quantityMilli: 1750 }, { item: 'MO-URG', quantityMilli: 1000 }], pay: [{ cents: 10_000, method: 'card' }] },
  { key: 'instalments', customer: 'PANSAN', term: 'R306090', lines: [{ item: 'SRV-MANT', quantityMilli: 3000, discountBp: 1000 }, { item: 'MO-HORA', quantityMilli: 4000 }] },
  { key: 'cash', customer: 'BARSOL', term: 'CON', lines: [{ item: 'MO-DESPL', quantityMilli: 1000 }, { item: 'MO-HORA', quantityMilli: 1250 }] },
  { key: 'duplicate', customer: 'HOSPUE', term: 'T30', lines: [{ item: 'SRV-MANT', quantityMilli: 1000 }] },
];

export const billingStep: DemoStep = {
  name: 'billing',
  async run(ctx) {
    const { api, state } = ctx;
    await api.put('/billing/company', DEMO_COMPANY);
    const clerk = await ctx.as('rmoreno');
    const ids: Record<string, string> = {};
    for (const inv of INVOICES) {
      if (!state.customers[inv.customer]) continue;
      const created = await clerk.post<{ id: string; totalCents: number; issueDate: string }>('/invoices', {
        customerId: state.customers[inv.customer],
        paymentTermCode: inv.term,
        lines: inv.lines.map((l) => ({ itemId: state.items[l.item], quantityMilli: l.quantityMilli, discountBp: l.discountBp ?? 0 })),
      });
      ids[inv.key] = created.id;
      for (const p of inv.pay ?? []) {
        await clerk.post(`/invoices/${created.id}/payments`, { paidOn: created.issueDate, amountCents: p.all ? created.totalCents : p.cents, method: p.method });
      }
    }
    if (ids.duplicate) {
      await clerk.post(`/invoices/${ids.duplicate}/rectify`, { type: 'R4', method: 'differences', reason: 'Factura duplicada: se abona íntegra', fullCredit: true });
    }
    state.extra.invoices = ids;
    return `${Object.keys(ids).length + (ids.duplicate ? 1 : 0)} facturas`;
  },
};
