import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';

const ReportPage = lazyPage(() => import('./report-page.tsx'), 'ReportPage');
const ReportsPage = lazyPage(() => import('./reports-page.tsx'), 'ReportsPage');

export const reportsModule: WebModule = {
  id: 'reports',
  i18n: { es, en },
  nav: [{ to: '/reports', label: 'nav.reports', icon: 'chart', section: 'work', order: 90, permission: 'reports.read' }],
  routes: [
    { path: '/reports', element: <ReportsPage />, permission: 'reports.read' },
    { path: '/reports/:name', element: <ReportPage />, permission: 'reports.read' },
  ],
};
