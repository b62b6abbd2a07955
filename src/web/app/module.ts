/**
 * What an area of the UI plugs into the shell. Each area exports one `WebModule` from
 * `src/web/<area>/module.tsx` and adds one line to `src/web/modules.ts`. See DEVELOPERS.md, "Web UI".
 */
import { type ComponentType, createElement, type ReactNode } from 'react';
import type { Permission } from '../../shared/roles.ts';
import type { IconName } from '../ui/icons.tsx';

export type NavSection = 'work' | 'masterdata' | 'settings';

export type NavEntry = {
  /** Where the entry goes; it is highlighted while the address starts with it. */
  to: string;
  /** i18n key, in the module's namespace unless it contains ':' (e.g. 'common:home.title'). */
  label: string;
  icon: IconName;
  section: NavSection;
  /** Lower first within its section. */
  order?: number;
  /** Hidden from users without it. */
  permission?: Permission;
  /** The `n` shortcut on pages under `to` opens this address (pages may override it with useNewAction). */
  newTo?: string;
  newPermission?: Permission;
  /** What `n` creates there (i18n key, resolved like `label`), shown in the shortcuts dialog. */
  newLabel?: string;
  /** `n` opens this entry's `newTo` on every page where no other module offers "new" (the new call). */
  newDefault?: boolean;
  /** Shown at the right of the entry (a count that needs attention, e.g. pending calls). */
  badge?: ComponentType;
};

export type ModuleRoute = {
  /** Absolute path, e.g. '/customers/:id'. */
  path: string;
  element: ReactNode;
  /** Users without it see "not allowed" instead of the page. */
  permission?: Permission;
};

/**
 * A section another area adds to the customer page (its incidents, its tasks…), so the customers
 * area never imports it. `component` is loaded with `lazyPage` so it stays in its area's chunk.
 */
export type CustomerSection = {
  id: string;
  /** Place in the page's first column, after the customer's data and contacts, lowest first. */
  order?: number;
  component: ComponentType<{ customer: { id: string; name: string }; fromCallId?: string }>;
};

/** A hit of GET /search (customers, contacts, units, calls, activities, incidents…). */
export type SearchHit = { type: string; id: string; customerId: string | null; title: string; subtitle: string | null };

export type WebModule = {
  /** Also the i18n namespace of the module's texts. */
  id: string;
  i18n?: { es: object; en: object };
  nav?: NavEntry[];
  routes: ModuleRoute[];
  /**
   * The search hit types this module shows a page for, and that page. The global search box asks
   * /search only for registered types.
   */
  searchTargets?: Record<string, (hit: SearchHit) => string>;
  customerSections?: CustomerSection[];
};

/**
 * One page of a module, as `webModule` takes it: its route (`page` is the lazyPage component,
 * rendered without props, or `element` when it needs some) and, when it is in the menu, its `nav`
 * entry, which goes to the same address under the same permission.
 */
export type ModulePage = Omit<ModuleRoute, 'element'> &
  ({ page: ComponentType; element?: never } | { element: ReactNode; page?: never }) & { nav?: Omit<NavEntry, 'to' | 'permission'> };

/** A WebModule declared page by page: `routes` and `nav` come from `pages`, in their order. */
export function webModule({ pages, ...module }: Omit<WebModule, 'nav' | 'routes'> & { pages: ModulePage[] }): WebModule {
  return {
    ...module,
    nav: pages.flatMap(({ path, permission, nav }) => (nav ? [{ to: path, ...(permission && { permission }), ...nav }] : [])),
    routes: pages.map(({ path, permission, page, element }) => ({ path, element: page ? createElement(page) : element, ...(permission && { permission }) })),
  };
}
