import { lazyPage } from '../app/lazy-page.ts';
import { Navigate } from 'react-router';
import { webModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const CatalogsPage = lazyPage(() => import('./catalogs-page.tsx'), 'CatalogsPage');

export const settingsModule = webModule({
  id: 'settings',
  i18n: { es, en },
  pages: [
    { path: '/settings', element: <Navigate to="/settings/catalogs" replace /> },
    { path: '/settings/catalogs', page: CatalogsPage, nav: { label: 'nav.catalogs', icon: 'table', section: 'settings', order: 10 } },
    { path: '/settings/catalogs/:name', page: CatalogsPage },
    { path: '/settings/users', page: lazyPage(() => import('./users-page.tsx'), 'UsersPage'), permission: 'users.manage', nav: { label: 'nav.users', icon: 'user', section: 'settings', order: 20 } },
    { path: '/settings/groups', page: lazyPage(() => import('./groups-page.tsx'), 'GroupsPage'), permission: 'users.manage', nav: { label: 'nav.groups', icon: 'users', section: 'settings', order: 30 } },
    { path: '/settings/api-tokens', page: lazyPage(() => import('./api-tokens-page.tsx'), 'ApiTokensPage'), permission: 'users.manage', nav: { label: 'nav.tokens', icon: 'key', section: 'settings', order: 40 } },
  ],
});
