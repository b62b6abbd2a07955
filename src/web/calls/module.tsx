import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';
import { CallsNavBadge } from './nav-badge.tsx';

const CallPage = lazyPage(() => import('./call-page.tsx'), 'CallPage');
const CallsInboxPage = lazyPage(() => import('./calls-inbox-page.tsx'), 'CallsInboxPage');

export const callsModule: WebModule = {
  id: 'calls',
  i18n: { es, en },
  nav: [{ to: '/calls', label: 'nav.calls', icon: 'phone', section: 'work', order: 10, permission: 'read', newTo: '/calls/new', newPermission: 'support.write', newLabel: 'new.button', newDefault: true, badge: CallsNavBadge }],
  routes: [
    { path: '/calls', element: <CallsInboxPage />, permission: 'read' },
    { path: '/calls/new', element: <CallsInboxPage openNew />, permission: 'support.write' },
    { path: '/calls/:id', element: <CallPage />, permission: 'read' },
  ],
  searchTargets: { call: (hit) => `/calls/${hit.id}` },
};
