/** HTTP of the billing area: /billing (company, monthly figures), /invoices, /verifactu. */
import { z } from 'zod';
import {
  chainStateSchema,
  companyBody,
  companySchema,
  eventPageSchema,
  invoiceCreateBody,
  invoiceDetailSchema,
  invoiceListQuery,
  invoicePageSchema,
  monthlyQuery,
  monthlySchema,
  paymentBody,
  paymentSchema,
  recordListQuery,
  recordPageSchema,
  rectifyBody,
  reverseBody,
  verifyResultSchema,
  voidBody,
} from '../../../shared/billing.ts';
import { type AppInstance, ctxOf, fileResponse, idParams, idString, problemSchema, toId, route, itemsSchema } from '../../http.ts';
import { renderInvoicePdf } from './billing.pdf.ts';
import * as service from './billing.service.ts';
import * as verifactu from './verifactu.service.ts';

const tags = ['billing'];

export async function billingRoutes(app: AppInstance) {
  app.get('/billing/company', route('read', { operationId: 'getBillingCompany', summary: "The company's billing data and VERI*FACTU settings", tags, response: { 200: companySchema } }), async (request) => service.getCompany(ctxOf(request)));

  app.put('/billing/company', route('billing.settings', { operationId: 'saveBillingCompany', summary: "Set the company's billing data (administrators); invoices keep the data they were issued with", tags, body: companyBody, response: { 200: companySchema } }), async (request) => service.saveCompany(ctxOf(request), request.body));

  app.get('/billing/monthly', route('reports.read', { operationId: 'getBillingMonthly', summary: 'Invoiced, collected and outstanding per month (the last N months)', tags, querystring: monthlyQuery, response: { 200: monthlySchema } }), async (request) => service.monthly(ctxOf(request), request.query.months));

  app.get('/invoices', route('read', { operationId: 'listInvoices', summary: 'Invoices, newest first', description: 'status=overdue: unpaid or partly paid with an instalment past its due date', tags, querystring: invoiceListQuery, response: { 200: invoicePageSchema } }), async (request) => service.listInvoices(ctxOf(request), request.query));

  app.post('/invoices', route('billing.write', { operationId: 'createInvoice', summary: 'Issue an invoice to a customer (numbered, chained and immutable from now on)', tags, body: invoiceCreateBody, response: { 201: invoiceDetailSchema } }), async (request, reply) => reply.status(201).send(await service.createInvoice(ctxOf(request), request.body)));

  app.get('/invoices/:id', route('read', { operationId: 'getInvoice', summary: 'An invoice with its lines, instalments, payments and records', tags, params: idParams, response: { 200: invoiceDetailSchema } }), async (request) => service.getInvoice(ctxOf(request), toId(request.params.id)));

  // An issued invoice is never edited nor deleted: these answer 409 so a client learns why.
  app.patch('/invoices/:id', route('billing.write', { operationId: 'updateInvoice', summary: 'Always refused (409 invoice_immutable): issue a rectifying invoice', tags, params: idParams, response: { 409: problemSchema } }), async (request) => {
    await service.getInvoice(ctxOf(request), toId(request.params.id));
    return service.refuseChange();
  });
  app.delete('/invoices/:id', route('billing.write', { operationId: 'deleteInvoice', summary: 'Always refused (409 invoice_immutable): void it or issue a rectifying invoice', tags, params: idParams, response: { 409: problemSchema } }), async (request) => {
    await service.getInvoice(ctxOf(request), toId(request.params.id));
    return service.refuseChange();
  });

  app.post('/invoices/:id/rectify', route('billing.write', { operationId: 'rectifyInvoice', summary: 'Issue a rectifying invoice (R1–R5) of this one, by differences or by substitution', tags, params: idParams, body: rectifyBody, response: { 201: invoiceDetailSchema } }), async (request, reply) => reply.status(201).send(await service.rectifyInvoice(ctxOf(request), toId(request.params.id), request.body)));

  app.post('/invoices/:id/void', route('billing.write', { operationId: 'voidInvoice', summary: 'Void an invoice that should not have been issued (chains a cancellation record)', tags, params: idParams, body: voidBody, response: { 200: invoiceDetailSchema } }), async (request) => service.voidInvoice(ctxOf(request), toId(request.params.id), request.body.reason));

  app.get('/invoices/:id/pdf', route('read', { operationId: 'getInvoicePdf', summary: 'The invoice as a PDF (es or en)', tags, params: idParams, querystring: z.object({ lang: z.enum(['es', 'en']).optional().describe("Default: the caller's language") }), response: { 200: fileResponse('The invoice as a PDF', 'application/pdf') } }), async (request, reply) => {
    const ctx = ctxOf(request);
    const lang = request.query.lang ?? ctx.locale;
    const invoice = await service.getInvoice({ ...ctx, locale: lang }, toId(request.params.id));
    const pdf = await renderInvoicePdf(invoice, lang);
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `inline; filename="${invoice.number}.pdf"`)
      .header('Cache-Control', 'private, no-store')
      .send(pdf);
  });

  app.get('/invoices/:id/payments', route('read', { operationId: 'listInvoicePayments', summary: 'Payments and reversals of an invoice', tags, params: idParams, response: { 200: itemsSchema(paymentSchema) } }), async (request) => ({ items: await service.listInvoicePayments(ctxOf(request), toId(request.params.id)) }));

  app.post('/invoices/:id/payments', route('billing.write', { operationId: 'createInvoicePayment', summary: 'Record a payment against the invoice or one instalment (never more than due: 409)', tags, params: idParams, body: paymentBody, response: { 201: invoiceDetailSchema } }), async (request, reply) => reply.status(201).send(await service.recordPayment(ctxOf(request), toId(request.params.id), request.body)));

  app.post('/invoices/:id/payments/:paymentId/reverse', route('billing.write', { operationId: 'reverseInvoicePayment', summary: 'Undo a payment entered by mistake with a negative entry (payments are never deleted)', tags, params: z.object({ id: idString, paymentId: idString }), body: reverseBody, response: { 201: invoiceDetailSchema } }), async (request, reply) => reply.status(201).send(await service.reversePayment(ctxOf(request), toId(request.params.id), toId(request.params.paymentId), request.body)));

  app.get('/verifactu/records', route('read', { operationId: 'listVerifactuRecords', summary: 'Billing records, newest first', tags, querystring: recordListQuery, response: { 200: recordPageSchema } }), async (request) => verifactu.listRecords(ctxOf(request), request.query));

  app.get('/verifactu/events', route('read', { operationId: 'listVerifactuEvents', summary: "The billing system's event log, newest first", tags, querystring: recordListQuery, response: { 200: eventPageSchema } }), async (request) => verifactu.listEvents(ctxOf(request), request.query));

  app.get('/verifactu/state', route('read', { operationId: 'getVerifactuState', summary: "The chain's state: records, last fingerprint, sending, last check", tags, response: { 200: chainStateSchema } }), async (request) => verifactu.chainState(ctxOf(request)));

  app.post('/verifactu/verify', route('billing.write', { operationId: 'verifyVerifactuChain', summary: 'Recompute every fingerprint and link; names the first break (logged as an event)', tags, body: z.object({}).strict().optional(), response: { 200: verifyResultSchema } }), async (request) => verifactu.verifyChains(ctxOf(request)));

  app.get(
    '/verifactu/export',
    route('read', {
      operationId: 'exportVerifactuRecords',
      summary: "Up to 1,000 records as one AEAT XML document (RegFactuSistemaFacturacion, valid against SuministroLR.xsd); X-Next-After-Seq names the next page; logged as an event",
      tags,
      querystring: z.object({ afterSeq: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }),
      response: { 200: fileResponse('The records as XML', 'application/xml') },
    }),
    async (request, reply) => {
      const { xml, nextAfterSeq } = await verifactu.exportXmlPage(ctxOf(request), request.query);
      if (nextAfterSeq !== null) reply.header('X-Next-After-Seq', String(nextAfterSeq));
      return reply.header('Content-Type', 'application/xml; charset=utf-8').header('Content-Disposition', 'attachment; filename="verifactu.xml"').send(xml);
    },
  );
}
