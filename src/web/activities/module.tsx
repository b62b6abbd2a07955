import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { registerCallAction } from '../calls/call-actions.ts';
import { en, es } from './i18n.ts';

const ActivitiesListPage = lazyPage(() => import('./activities-list-page.tsx'), 'ActivitiesListPage');
const ActivityNewPage = lazyPage(() => import('./activity-new-page.tsx'), 'ActivityNewPage');
const ActivityPage = lazyPage(() => import('./activity-page.tsx'), 'ActivityPage');
const AgendaPage = lazyPage(() => import('./agenda-page.tsx'), 'AgendaPage');
const CommercialActivitiesPage = lazyPage(() => import('./commercial-activities-page.tsx'), 'CommercialActivitiesPage');
const NoticesPage = lazyPage(() => import('./notices.tsx'), 'NoticesPage');
const OutboxPage = lazyPage(() => import('./outbox-page.tsx'), 'OutboxPage');

// What a call can turn into, in the call page's "Crear acción" menu: the page sends fromCallId, so saving finishes the call.
const callQuery = (call: { id: string; customerId: string | null }) => `fromCallId=${call.id}${call.customerId ? `&customerId=${call.customerId}` : ''}`;
registerCallAction({ id: 'activity', order: 10, label: 'activities:fromCallAction.activity', href: (call) => `/activities/new?${callQuery(call)}` });
registerCallAction({ id: 'commercial_activity', order: 20, label: 'activities:fromCallAction.commercial', href: (call) => `/commercial-activities?${callQuery(call)}` });

export const activitiesModule: WebModule = {
  id: 'activities',
  i18n: { es, en },
  nav: [
    { to: '/activities', label: 'nav.activities', icon: 'tool', section: 'work', order: 20, permission: 'read', newTo: '/activities/new', newPermission: 'support.write', newLabel: 'list.new' },
    { to: '/commercial-activities', label: 'nav.commercial', icon: 'briefcase', section: 'work', order: 25, permission: 'read' },
    { to: '/customer-agenda', label: 'nav.agenda', icon: 'calendar', section: 'work', order: 30, permission: 'read' },
    { to: '/notices', label: 'nav.notices', icon: 'bell', section: 'work', order: 90 },
    { to: '/outbox', label: 'nav.outbox', icon: 'mail', section: 'settings', order: 50, permission: 'audit.read' },
  ],
  routes: [
    { path: '/activities', element: <ActivitiesListPage />, permission: 'read' },
    { path: '/activities/new', element: <ActivityNewPage />, permission: 'support.write' },
    { path: '/activities/:id', element: <ActivityPage />, permission: 'read' },
    { path: '/commercial-activities', element: <CommercialActivitiesPage />, permission: 'read' },
    { path: '/customer-agenda', element: <AgendaPage />, permission: 'read' },
    { path: '/notices', element: <NoticesPage /> },
    { path: '/outbox', element: <OutboxPage />, permission: 'audit.read' },
  ],
  searchTargets: {
    activity: (hit) => `/activities/${hit.id}`,
    commercial_activity: (hit) => `/commercial-activities?customerId=${hit.customerId ?? ''}`,
  },
};
