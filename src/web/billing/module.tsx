import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

/** Billing: invoices and payments, the company's billing data, the VERI*FACTU records. */
export const billingModule = webModule({
  id: 'billing',
  i18n: { es, en },
  pages: [
    { path: '/invoices', page: lazyPage(() => import('./invoices-list-page.tsx'), 'InvoicesListPage'), permission: 'read', nav: { label: 'nav.invoices', icon: 'briefcase', section: 'work', order: 60, newTo: '/invoices/new', newPermission: 'billing.write', newLabel: 'list.new' } },
    { path: '/invoices/new', page: lazyPage(() => import('./invoice-form-page.tsx'), 'InvoiceFormPage'), permission: 'billing.write' },
    { path: '/invoices/:id', page: lazyPage(() => import('./invoice-page.tsx'), 'InvoicePage'), permission: 'read' },
    { path: '/verifactu', page: lazyPage(() => import('./verifactu-page.tsx'), 'VerifactuPage'), permission: 'read', nav: { label: 'nav.verifactu', icon: 'shield', section: 'work', order: 61 } },
    { path: '/settings/billing', page: lazyPage(() => import('./company-page.tsx'), 'CompanyPage'), permission: 'billing.settings', nav: { label: 'nav.company', icon: 'building', section: 'settings', order: 60 } },
  ],
  searchTargets: {
    invoice: (hit) => `/invoices/${hit.id}`,
    payment: (hit) => `/invoices/${hit.id.split('-')[0]}`,
  },
});
