import type { WebModule } from '../app/module.ts';
import { CallPage } from './call-page.tsx';
import { CallsInboxPage } from './calls-inbox-page.tsx';
import { en, es } from './i18n.ts';
import { CallsNavBadge } from './nav-badge.tsx';

export const callsModule: WebModule = {
  id: 'calls',
  i18n: { es, en },
  nav: [{ to: '/calls', label: 'nav.calls', icon: 'phone', section: 'work', order: 10, permission: 'read', newTo: '/calls/new', newPermission: 'support.write', badge: CallsNavBadge }],
  routes: [
    { path: '/calls', element: <CallsInboxPage />, permission: 'read' },
    { path: '/calls/new', element: <CallsInboxPage openNew />, permission: 'support.write' },
    { path: '/calls/:id', element: <CallPage />, permission: 'read' },
  ],
  searchTargets: { call: (hit) => `/calls/${hit.id}` },
};
