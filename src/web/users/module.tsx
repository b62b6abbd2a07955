import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const PreferencesPage = lazyPage(() => import('./preferences-page.tsx'), 'PreferencesPage');
const PasswordPage = lazyPage(() => import('./password-page.tsx'), 'PasswordPage');

/** The signed-in user's own screens (the user menu opens them). */
export const usersModule: WebModule = {
  id: 'users',
  i18n: { es, en },
  routes: [
    { path: '/preferences', element: <PreferencesPage /> },
    { path: '/preferences/password', element: <PasswordPage /> },
  ],
};
