/** Customers, contacts and phone numbers; owns the customer timeline and unit history feeds. */
import { defineArea } from '../area.ts';
import { customersErrors } from './customers.errors.ts';
import { customersRoutes } from './customers.routes.ts';

export const customersArea = defineArea({
  id: 'customers',
  routes: customersRoutes,
  errors: customersErrors,
});
