import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

export const reportsModule = webModule({
  id: 'reports',
  i18n: { es, en },
  pages: [
    { path: '/dashboard', page: lazyPage(() => import('./dashboard-page.tsx'), 'DashboardPage'), permission: 'reports.dashboard', nav: { label: 'nav.dashboard', icon: 'gauge', section: 'work', order: 1 } },
    { path: '/reports', page: lazyPage(() => import('./reports-page.tsx'), 'ReportsPage'), permission: 'reports.read', nav: { label: 'nav.reports', icon: 'chart', section: 'work', order: 90 } },
    { path: '/reports/:name', page: lazyPage(() => import('./report-page.tsx'), 'ReportPage'), permission: 'reports.read' },
  ],
});
