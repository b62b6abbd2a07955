import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { registerCallAction } from '../calls/call-actions.ts';
import { en, es } from './i18n.ts';

// What a call can turn into, in the call page's "Crear acción" menu: the page sends fromCallId, so saving finishes the call.
const callQuery = (call: { id: string; customerId: string | null }) => `fromCallId=${call.id}${call.customerId ? `&customerId=${call.customerId}` : ''}`;
registerCallAction({ id: 'activity', order: 10, label: 'activities:fromCallAction.activity', href: (call) => `/activities/new?${callQuery(call)}` });
registerCallAction({ id: 'commercial_activity', order: 20, label: 'activities:fromCallAction.commercial', href: (call) => `/commercial-activities?${callQuery(call)}` });

export const activitiesModule = webModule({
  id: 'activities',
  i18n: { es, en },
  pages: [
    { path: '/activities', page: lazyPage(() => import('./activities-list-page.tsx'), 'ActivitiesListPage'), permission: 'read', nav: { label: 'nav.activities', icon: 'tool', section: 'work', order: 20, newTo: '/activities/new', newPermission: 'support.write', newLabel: 'list.new' } },
    { path: '/activities/new', page: lazyPage(() => import('./activity-new-page.tsx'), 'ActivityNewPage'), permission: 'support.write' },
    { path: '/activities/:id', page: lazyPage(() => import('./activity-page.tsx'), 'ActivityPage'), permission: 'read' },
    { path: '/commercial-activities', page: lazyPage(() => import('./commercial-activities-page.tsx'), 'CommercialActivitiesPage'), permission: 'read', nav: { label: 'nav.commercial', icon: 'briefcase', section: 'work', order: 25 } },
    { path: '/customer-agenda', page: lazyPage(() => import('./agenda-page.tsx'), 'AgendaPage'), permission: 'read', nav: { label: 'nav.agenda', icon: 'calendar', section: 'work', order: 30 } },
    { path: '/notices', page: lazyPage(() => import('./notices.tsx'), 'NoticesPage'), nav: { label: 'nav.notices', icon: 'bell', section: 'work', order: 90 } },
    { path: '/outbox', page: lazyPage(() => import('./outbox-page.tsx'), 'OutboxPage'), permission: 'audit.read', nav: { label: 'nav.outbox', icon: 'mail', section: 'settings', order: 50 } },
  ],
  searchTargets: {
    activity: (hit) => `/activities/${hit.id}`,
    commercial_activity: (hit) => `/commercial-activities?customerId=${hit.customerId ?? ''}`,
  },
});
