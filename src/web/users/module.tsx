import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

/** The signed-in user's own screens (the user menu opens them). */
export const usersModule = webModule({
  id: 'users',
  i18n: { es, en },
  pages: [
    { path: '/preferences', page: lazyPage(() => import('./preferences-page.tsx'), 'PreferencesPage') },
    { path: '/preferences/password', page: lazyPage(() => import('./password-page.tsx'), 'PasswordPage') },
  ],
});
