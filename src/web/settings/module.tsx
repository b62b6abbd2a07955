import { lazyPage } from '../app/lazy-page.ts';
import { Navigate } from 'react-router';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const ApiTokensPage = lazyPage(() => import('./api-tokens-page.tsx'), 'ApiTokensPage');
const CatalogsPage = lazyPage(() => import('./catalogs-page.tsx'), 'CatalogsPage');
const GroupsPage = lazyPage(() => import('./groups-page.tsx'), 'GroupsPage');
const UsersPage = lazyPage(() => import('./users-page.tsx'), 'UsersPage');

export const settingsModule: WebModule = {
  id: 'settings',
  i18n: { es, en },
  nav: [
    { to: '/settings/catalogs', label: 'nav.catalogs', icon: 'table', section: 'settings', order: 10 },
    { to: '/settings/users', label: 'nav.users', icon: 'user', section: 'settings', order: 20, permission: 'users.manage' },
    { to: '/settings/groups', label: 'nav.groups', icon: 'users', section: 'settings', order: 30, permission: 'users.manage' },
    { to: '/settings/api-tokens', label: 'nav.tokens', icon: 'key', section: 'settings', order: 40, permission: 'users.manage' },
  ],
  routes: [
    { path: '/settings', element: <Navigate to="/settings/catalogs" replace /> },
    { path: '/settings/catalogs', element: <CatalogsPage /> },
    { path: '/settings/catalogs/:name', element: <CatalogsPage /> },
    { path: '/settings/users', element: <UsersPage />, permission: 'users.manage' },
    { path: '/settings/groups', element: <GroupsPage />, permission: 'users.manage' },
    { path: '/settings/api-tokens', element: <ApiTokensPage />, permission: 'users.manage' },
  ],
};
