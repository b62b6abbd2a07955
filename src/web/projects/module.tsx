import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';
import { registerCallAction } from '../calls/call-actions.ts';
import { i18n } from '../app/i18n.ts';
import { en, es } from './i18n.ts';

const AgendaPage = lazyPage(() => import('./agenda-page.tsx'), 'AgendaPage');
const ProjectPage = lazyPage(() => import('./project-page.tsx'), 'ProjectPage');
const ProjectsListPage = lazyPage(() => import('./projects-list-page.tsx'), 'ProjectsListPage');
const QuickTimePage = lazyPage(() => import('./quick-time-page.tsx'), 'QuickTimePage');
const TaskNewPage = lazyPage(() => import('./task-new-page.tsx'), 'TaskNewPage');
const TaskPage = lazyPage(() => import('./task-page.tsx'), 'TaskPage');
const TimeEntryRedirect = lazyPage(() => import('./time-entry-redirect.tsx'), 'TimeEntryRedirect');
const TasksListPage = lazyPage(() => import('./tasks-list-page.tsx'), 'TasksListPage');
// The time report brings ECharts: like every page, loaded only when opened.
const TimePage = lazyPage(() => import('./time-page.tsx'), 'TimePage');
const CustomerTasksSection = lazyPage(() => import('./customer-tasks-section.tsx'), 'CustomerTasksSection');

// The global search labels its hits from the shell's namespace: add ours there.
function addSearchTypeLabels() {
  i18n.addResourceBundle('es', 'common', { search: { types: es.search.types } }, true, false);
  i18n.addResourceBundle('en', 'common', { search: { types: en.search.types } }, true, false);
}
if (i18n.isInitialized) addSearchTypeLabels();
else i18n.on('initialized', addSearchTypeLabels);

// What a call can turn into, in the call page's action menu: the page sends fromCallId, so saving finishes the call.
const callQuery = (call: { id: string; customerId: string | null }) => `fromCallId=${call.id}${call.customerId ? `&customerId=${call.customerId}` : ''}`;
registerCallAction({ id: 'time_entry', order: 40, label: 'projects:quick.action', href: (call) => `/quick-time?${callQuery(call)}` });
registerCallAction({ id: 'task', order: 30, label: 'projects:tasks.new', href: (call) => `/tasks/new?${callQuery(call)}` });

export const projectsModule: WebModule = {
  id: 'projects',
  i18n: { es, en },
  nav: [
    { to: '/agenda', label: 'nav.agenda', icon: 'clock', section: 'work', order: 5 },
    { to: '/tasks', label: 'nav.tasks', icon: 'check', section: 'work', order: 40, permission: 'read' },
    { to: '/projects', label: 'nav.projects', icon: 'package', section: 'work', order: 45, permission: 'read' },
    { to: '/time', label: 'nav.time', icon: 'history', section: 'work', order: 50, permission: 'reports.read' },
  ],
  routes: [
    { path: '/agenda', element: <AgendaPage /> },
    { path: '/tasks', element: <TasksListPage />, permission: 'read' },
    { path: '/tasks/new', element: <TaskNewPage />, permission: 'support.write' },
    { path: '/tasks/:id', element: <TaskPage />, permission: 'read' },
    { path: '/quick-time', element: <QuickTimePage />, permission: 'support.write' },
    { path: '/time-entries/:id', element: <TimeEntryRedirect />, permission: 'read' },
    { path: '/projects', element: <ProjectsListPage />, permission: 'read' },
    { path: '/projects/:id', element: <ProjectPage />, permission: 'read' },
    { path: '/time', element: <TimePage />, permission: 'reports.read' },
  ],
  customerSections: [{ id: 'tasks', order: 20, component: CustomerTasksSection }],
  searchTargets: {
    task: (hit) => `/tasks/${hit.id}`,
    time_entry: (hit) => `/time-entries/${hit.id}`,
    project: (hit) => `/projects/${hit.id}`,
  },
};
