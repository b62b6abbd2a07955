import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const ReportPage = lazyPage(() => import('./report-page.tsx'), 'ReportPage');
const DashboardPage = lazyPage(() => import('./dashboard-page.tsx'), 'DashboardPage');
const ReportsPage = lazyPage(() => import('./reports-page.tsx'), 'ReportsPage');

export const reportsModule: WebModule = {
  id: 'reports',
  i18n: { es, en },
  nav: [
    { to: '/dashboard', label: 'nav.dashboard', icon: 'gauge', section: 'work', order: 1, permission: 'reports.dashboard' },
    { to: '/reports', label: 'nav.reports', icon: 'chart', section: 'work', order: 90, permission: 'reports.read' },
  ],
  routes: [
    { path: '/dashboard', element: <DashboardPage />, permission: 'reports.dashboard' },
    { path: '/reports', element: <ReportsPage />, permission: 'reports.read' },
    { path: '/reports/:name', element: <ReportPage />, permission: 'reports.read' },
  ],
};
