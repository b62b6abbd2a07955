import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const ContractPage = lazyPage(() => import('./contracts-pages.tsx'), 'ContractPage');
const ContractsListPage = lazyPage(() => import('./contracts-pages.tsx'), 'ContractsListPage');
const CustomerFormPage = lazyPage(() => import('./customer-form-page.tsx'), 'CustomerFormPage');
const CustomerPage = lazyPage(() => import('./customer-page.tsx'), 'CustomerPage');
const CustomersListPage = lazyPage(() => import('./customers-list-page.tsx'), 'CustomersListPage');
const ItemsPage = lazyPage(() => import('./items-page.tsx'), 'ItemsPage');
const UnitPage = lazyPage(() => import('./units-pages.tsx'), 'UnitPage');
const UnitsListPage = lazyPage(() => import('./units-pages.tsx'), 'UnitsListPage');

/** Master data: customers and contacts, units (serial numbers), contracts, items. */
export const customersModule: WebModule = {
  id: 'customers',
  i18n: { es, en },
  nav: [
    { to: '/customers', label: 'nav.customers', icon: 'building', section: 'masterdata', order: 10, newTo: '/customers/new', newPermission: 'masterdata.write', newLabel: 'customer.new' },
    { to: '/units', label: 'nav.units', icon: 'device', section: 'masterdata', order: 20 },
    { to: '/contracts', label: 'nav.contracts', icon: 'contract', section: 'masterdata', order: 30 },
    { to: '/items', label: 'nav.items', icon: 'package', section: 'masterdata', order: 40 },
  ],
  routes: [
    { path: '/customers', element: <CustomersListPage /> },
    { path: '/customers/new', element: <CustomerFormPage />, permission: 'masterdata.write' },
    { path: '/customers/:id', element: <CustomerPage /> },
    { path: '/customers/:id/edit', element: <CustomerFormPage />, permission: 'masterdata.write' },
    { path: '/units', element: <UnitsListPage /> },
    { path: '/units/:id', element: <UnitPage /> },
    { path: '/contracts', element: <ContractsListPage /> },
    { path: '/contracts/:id', element: <ContractPage /> },
    { path: '/items', element: <ItemsPage /> },
  ],
  searchTargets: {
    customer: (hit) => `/customers/${hit.id}`,
    contact: (hit) => (hit.customerId ? `/customers/${hit.customerId}?contact=${hit.id}` : '/customers'),
    unit: (hit) => `/units/${hit.id}`,
    contract: (hit) => `/contracts/${hit.id}`,
  },
};
