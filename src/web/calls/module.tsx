import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { en, es } from './i18n.ts';
import { CallsNavBadge } from './nav-badge.tsx';

const CallsInboxPage = lazyPage(() => import('./calls-inbox-page.tsx'), 'CallsInboxPage');

export const callsModule = webModule({
  id: 'calls',
  i18n: { es, en },
  pages: [
    { path: '/calls', page: CallsInboxPage, permission: 'read', nav: { label: 'nav.calls', icon: 'phone', section: 'work', order: 10, newTo: '/calls/new', newPermission: 'support.write', newLabel: 'new.button', newDefault: true, badge: CallsNavBadge } },
    { path: '/calls/new', element: <CallsInboxPage openNew />, permission: 'support.write' },
    { path: '/calls/:id', page: lazyPage(() => import('./call-page.tsx'), 'CallPage'), permission: 'read' },
  ],
  searchTargets: { call: (hit) => `/calls/${hit.id}` },
});
