/** Items, units and contracts (warranty and coverage). */
import { defineArea } from '../area.ts';
import { productsErrors } from './products.errors.ts';
import { productsFeeds } from './products.feeds.ts';
import { productsRoutes } from './products.routes.ts';
import { followCustomerName } from './products.service.ts';

export const productsArea = defineArea({
  id: 'products',
  routes: productsRoutes,
  errors: productsErrors,
  feeds: productsFeeds,
  hooks: { customers: { changed: followCustomerName } },
});
