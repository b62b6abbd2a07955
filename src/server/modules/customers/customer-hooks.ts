/**
 * Work other areas attach to a customer change, inside the same transaction (the units area
 * refreshes the search documents that show the customer's name). Core file (it imports no area
 * service): an area declares its hook in its manifest (`hooks.customers.changed` of `defineArea`),
 * `installAreas` fills this registry once per process, and the customers service runs them.
 */
import type { Ctx } from '../../context.ts';
import type { Customer } from './customers.mapper.ts';

export type CustomerChangeHook = (ctx: Ctx, before: Customer, after: Customer) => Promise<void>;

const hooks: CustomerChangeHook[] = [];

/** Called by installAreas only (modules/area.ts). */
export function installCustomerChangeHook(hook: CustomerChangeHook) {
  hooks.push(hook);
}

export function customerChangeHooks(): readonly CustomerChangeHook[] {
  return hooks;
}
