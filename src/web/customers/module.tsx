import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const CustomerFormPage = lazyPage(() => import('./customer-form-page.tsx'), 'CustomerFormPage');

/** Master data: customers and contacts, units (serial numbers), contracts, items. */
export const customersModule = webModule({
  id: 'customers',
  i18n: { es, en },
  pages: [
    { path: '/customers', page: lazyPage(() => import('./customers-list-page.tsx'), 'CustomersListPage'), nav: { label: 'nav.customers', icon: 'building', section: 'masterdata', order: 10, newTo: '/customers/new', newPermission: 'masterdata.write', newLabel: 'customer.new' } },
    { path: '/customers/new', page: CustomerFormPage, permission: 'masterdata.write' },
    { path: '/customers/:id', page: lazyPage(() => import('./customer-page.tsx'), 'CustomerPage') },
    { path: '/customers/:id/edit', page: CustomerFormPage, permission: 'masterdata.write' },
    { path: '/units', page: lazyPage(() => import('./units-pages.tsx'), 'UnitsListPage'), nav: { label: 'nav.units', icon: 'device', section: 'masterdata', order: 20 } },
    { path: '/units/:id', page: lazyPage(() => import('./units-pages.tsx'), 'UnitPage') },
    { path: '/contracts', page: lazyPage(() => import('./contracts-pages.tsx'), 'ContractsListPage'), nav: { label: 'nav.contracts', icon: 'contract', section: 'masterdata', order: 30 } },
    { path: '/contracts/:id', page: lazyPage(() => import('./contracts-pages.tsx'), 'ContractPage') },
    { path: '/items', page: lazyPage(() => import('./items-page.tsx'), 'ItemsPage'), nav: { label: 'nav.items', icon: 'package', section: 'masterdata', order: 40 } },
  ],
  searchTargets: {
    customer: (hit) => `/customers/${hit.id}`,
    contact: (hit) => (hit.customerId ? `/customers/${hit.customerId}?contact=${hit.id}` : '/customers'),
    unit: (hit) => `/units/${hit.id}`,
    contract: (hit) => `/contracts/${hit.id}`,
  },
});
