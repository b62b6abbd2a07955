import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const CalendarPage = lazyPage(() => import('./calendars-page.tsx'), 'CalendarPage');
const CalendarsListPage = lazyPage(() => import('./calendars-page.tsx'), 'CalendarsListPage');
const SlaNavBadge = lazyPage(() => import('./sla-page.tsx'), 'SlaNavBadge');
const SlaPage = lazyPage(() => import('./sla-page.tsx'), 'SlaPage');

export const slaModule: WebModule = {
  id: 'sla',
  i18n: { es, en },
  nav: [
    { to: '/incidents/sla', label: 'nav.sla', icon: 'clock', section: 'work', order: 25, badge: SlaNavBadge },
    { to: '/service-calendars', label: 'nav.calendars', icon: 'calendar', section: 'settings', order: 15, newTo: '/service-calendars/new', newPermission: 'catalogs.write', newLabel: 'calendars.new' },
  ],
  routes: [
    { path: '/incidents/sla', element: <SlaPage /> },
    { path: '/service-calendars', element: <CalendarsListPage /> },
    { path: '/service-calendars/:id', element: <CalendarPage /> },
  ],
};
