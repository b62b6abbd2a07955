/**
 * Billing: invoices, payments and VERI*FACTU records (spec section 6). Declared once here; one line
 * in modules/index.ts.
 */
import { defineArea } from '../area.ts';
import { billingErrors } from './billing.errors.ts';
import { billingFeeds } from './billing.feeds.ts';
import { billingRoutes } from './billing.routes.ts';
import { invoiceClosingIncident } from './billing.service.ts';
import { logLifecycle, sendPending } from './verifactu.service.ts';

export const billingArea = defineArea({
  id: 'billing',
  routes: billingRoutes,
  errors: billingErrors,
  feeds: billingFeeds,
  hooks: { incidents: { incidentClosing: invoiceClosingIncident } },
  jobs: [
    {
      name: 'verifactu-sender',
      everyMs: 15_000,
      // Does nothing unless an administrator turned sending on; claims its records in the database.
      run: (ctx) => sendPending(ctx),
      // The billing system's event log records each process start and stop (events 01 and 02).
      onStart: (ctx) => logLifecycle(ctx, '01'),
      onStop: (ctx) => logLifecycle(ctx, '02'),
    },
  ],
});
