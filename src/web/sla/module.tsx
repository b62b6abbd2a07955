import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

export const slaModule = webModule({
  id: 'sla',
  i18n: { es, en },
  pages: [
    { path: '/incidents/sla', page: lazyPage(() => import('./sla-page.tsx'), 'SlaPage'), nav: { label: 'nav.sla', icon: 'clock', section: 'work', order: 25, badge: lazyPage(() => import('./sla-page.tsx'), 'SlaNavBadge') } },
    { path: '/service-calendars', page: lazyPage(() => import('./calendars-page.tsx'), 'CalendarsListPage'), nav: { label: 'nav.calendars', icon: 'calendar', section: 'settings', order: 15, newTo: '/service-calendars/new', newPermission: 'catalogs.write', newLabel: 'calendars.new' } },
    { path: '/service-calendars/:id', page: lazyPage(() => import('./calendars-page.tsx'), 'CalendarPage') },
  ],
});
