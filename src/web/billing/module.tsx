import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const CompanyPage = lazyPage(() => import('./company-page.tsx'), 'CompanyPage');
const InvoiceFormPage = lazyPage(() => import('./invoice-form-page.tsx'), 'InvoiceFormPage');
const InvoicePage = lazyPage(() => import('./invoice-page.tsx'), 'InvoicePage');
const InvoicesListPage = lazyPage(() => import('./invoices-list-page.tsx'), 'InvoicesListPage');
const VerifactuPage = lazyPage(() => import('./verifactu-page.tsx'), 'VerifactuPage');

/** Billing: invoices and payments, the company's billing data, the VERI*FACTU records. */
export const billingModule: WebModule = {
  id: 'billing',
  i18n: { es, en },
  nav: [
    { to: '/invoices', label: 'nav.invoices', icon: 'briefcase', section: 'work', order: 60, permission: 'read', newTo: '/invoices/new', newPermission: 'billing.write', newLabel: 'list.new' },
    { to: '/verifactu', label: 'nav.verifactu', icon: 'shield', section: 'work', order: 61, permission: 'read' },
    { to: '/settings/billing', label: 'nav.company', icon: 'building', section: 'settings', order: 60, permission: 'billing.settings' },
  ],
  routes: [
    { path: '/invoices', element: <InvoicesListPage />, permission: 'read' },
    { path: '/invoices/new', element: <InvoiceFormPage />, permission: 'billing.write' },
    { path: '/invoices/:id', element: <InvoicePage />, permission: 'read' },
    { path: '/verifactu', element: <VerifactuPage />, permission: 'read' },
    { path: '/settings/billing', element: <CompanyPage />, permission: 'billing.settings' },
  ],
  searchTargets: {
    invoice: (hit) => `/invoices/${hit.id}`,
    payment: (hit) => `/invoices/${hit.id.split('-')[0]}`,
  },
};
