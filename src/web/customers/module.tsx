import type { WebModule } from '../app/module.ts';
import { ContractPage, ContractsListPage } from './contracts-pages.tsx';
import { CustomerFormPage } from './customer-form-page.tsx';
import { CustomerPage } from './customer-page.tsx';
import { CustomersListPage } from './customers-list-page.tsx';
import { en, es } from './i18n.ts';
import { ItemsPage } from './items-page.tsx';
import { UnitPage, UnitsListPage } from './units-pages.tsx';

/** Master data: customers and contacts, units (serial numbers), contracts, items. */
export const customersModule: WebModule = {
  id: 'customers',
  i18n: { es, en },
  nav: [
    { to: '/customers', label: 'nav.customers', icon: 'building', section: 'masterdata', order: 10, newTo: '/customers/new', newPermission: 'masterdata.write' },
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
