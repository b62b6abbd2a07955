import type { WebModule } from '../app/module.ts';
import { en, es } from './i18n.ts';
import { ReportPage } from './report-page.tsx';
import { ReportsPage } from './reports-page.tsx';

export const reportsModule: WebModule = {
  id: 'reports',
  i18n: { es, en },
  nav: [{ to: '/reports', label: 'nav.reports', icon: 'chart', section: 'work', order: 90, permission: 'reports.read' }],
  routes: [
    { path: '/reports', element: <ReportsPage />, permission: 'reports.read' },
    { path: '/reports/:name', element: <ReportPage />, permission: 'reports.read' },
  ],
};
