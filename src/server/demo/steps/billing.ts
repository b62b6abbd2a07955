/**
 * Demo billing: the company's billing data, and three months of invoices issued by the billing
 * clerk (rmoreno) through the API — one paid, one overdue, one partly paid, one in three instalments
 * with the first collected, a cash invoice of today still unpaid, and a credit note rectifying a
 * duplicated invoice.
 *
 * The issue date is set by the server and never sent by a client, so the history is issued "as of"
 * past days with the demo app's own clock (`ctx.asOf`, see `demo/demo.ts`): the invoice, its number,
 * its VERI*FACTU record (generated at that instant, chained in order) and its payments are what they
 * would have been that day, and an invoice due 30 days after an issue 65 days ago is overdue today.
 */
import { addDays, type DemoApi, type DemoStep } from '../demo-kit.ts';

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
type Issued = { id: string; totalCents: number; issueDate: string; instalments: Array<{ seq: number; amountCents: number; dueDate: string }> };

/** What happens, oldest first: days before today, and what the clerk does that day. */
type Act =
  | { daysAgo: number; issue: { key: string; customer: string; term: string; lines: Line[] } }
  | { daysAgo: number; pay: { key: string; cents?: number; all?: boolean; instalmentSeq?: number; method: string } }
  | { daysAgo: number; creditNote: { key: string; reason: string } };

export const DEMO_BILLING: Act[] = [
  { daysAgo: 85, issue: { key: 'paid', customer: 'HOTMIR', term: 'T30', lines: [{ item: 'MO-HORA', quantityMilli: 2500 }, { item: 'MO-DESPL', quantityMilli: 1000 }] } },
  { daysAgo: 65, issue: { key: 'overdue', customer: 'RESPAZ', term: 'T30', lines: [{ item: 'MO-HORA', quantityMilli: 3000 }, { item: 'MO-DESPL', quantityMilli: 1000 }] } },
  { daysAgo: 60, pay: { key: 'paid', all: true, method: 'transfer' } },
  { daysAgo: 50, issue: { key: 'duplicate', customer: 'HOSPUE', term: 'T30', lines: [{ item: 'SRV-MANT', quantityMilli: 1000 }] } },
  { daysAgo: 48, creditNote: { key: 'duplicate', reason: 'Factura duplicada: se abona íntegra' } },
  { daysAgo: 40, issue: { key: 'instalments', customer: 'PANSAN', term: 'R306090', lines: [{ item: 'SRV-MANT', quantityMilli: 3000, discountBp: 1000 }, { item: 'MO-HORA', quantityMilli: 4000 }] } },
  { daysAgo: 20, issue: { key: 'partial', customer: 'RESOLI', term: 'T30', lines: [{ item: 'MO-HORA', quantityMilli: 1750 }, { item: 'MO-URG', quantityMilli: 1000 }] } },
  { daysAgo: 20, pay: { key: 'partial', cents: 10_000, method: 'card' } },
  { daysAgo: 10, pay: { key: 'instalments', instalmentSeq: 1, method: 'direct_debit' } },
  { daysAgo: 0, issue: { key: 'cash', customer: 'BARSOL', term: 'CON', lines: [{ item: 'MO-DESPL', quantityMilli: 1000 }, { item: 'MO-HORA', quantityMilli: 1250 }] } },
];

export const billingStep: DemoStep = {
  name: 'billing',
  async run(ctx) {
    const { api, state } = ctx;
    await api.put('/billing/company', DEMO_COMPANY);
    const clerk: DemoApi = await ctx.as('rmoreno');
    const issued: Record<string, Issued> = {};
    const issuedDaysAgo: Record<string, number> = {};
    let count = 0;
    for (const act of DEMO_BILLING) {
      await ctx.asOf(act.daysAgo, async () => {
        if ('issue' in act) {
          const inv = act.issue;
          if (!state.customers[inv.customer]) return;
          issued[inv.key] = await clerk.post<Issued>('/invoices', {
            customerId: state.customers[inv.customer],
            paymentTermCode: inv.term,
            lines: inv.lines.map((l) => ({ itemId: state.items[l.item], quantityMilli: l.quantityMilli, discountBp: l.discountBp ?? 0 })),
          });
          issuedDaysAgo[inv.key] = act.daysAgo;
          count++;
        } else if ('pay' in act) {
          const inv = issued[act.pay.key];
          if (!inv) return;
          const p = act.pay;
          // The day of the payment, counted from the issue's day (the server's dates, not the demo's `today`).
          const paidOn = addDays(inv.issueDate, issuedDaysAgo[p.key] - act.daysAgo);
          const instalment = p.instalmentSeq ? inv.instalments.find((i) => i.seq === p.instalmentSeq) : undefined;
          await clerk.post(`/invoices/${inv.id}/payments`, {
            paidOn,
            amountCents: instalment ? instalment.amountCents : p.all ? inv.totalCents : p.cents,
            method: p.method,
            ...(p.instalmentSeq ? { instalmentSeq: p.instalmentSeq } : {}),
          });
        } else {
          const inv = issued[act.creditNote.key];
          if (!inv) return;
          await clerk.post(`/invoices/${inv.id}/rectify`, { type: 'R4', method: 'differences', reason: act.creditNote.reason, fullCredit: true });
          count++;
        }
      });
    }
    state.extra.invoices = Object.fromEntries(Object.entries(issued).map(([k, v]) => [k, v.id]));
    return `${count} facturas`;
  },
};
