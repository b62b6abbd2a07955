import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { registerCallAction } from '../calls/call-actions.ts';
import { i18n } from '../app/i18n.ts';
import { en, es } from './i18n.ts';

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

export const projectsModule = webModule({
  id: 'projects',
  i18n: { es, en },
  pages: [
    { path: '/agenda', page: lazyPage(() => import('./agenda-page.tsx'), 'AgendaPage'), nav: { label: 'nav.agenda', icon: 'clock', section: 'work', order: 5 } },
    { path: '/tasks', page: lazyPage(() => import('./tasks-list-page.tsx'), 'TasksListPage'), permission: 'read', nav: { label: 'nav.tasks', icon: 'check', section: 'work', order: 40 } },
    { path: '/tasks/new', page: lazyPage(() => import('./task-new-page.tsx'), 'TaskNewPage'), permission: 'support.write' },
    { path: '/tasks/:id', page: lazyPage(() => import('./task-page.tsx'), 'TaskPage'), permission: 'read' },
    { path: '/quick-time', page: lazyPage(() => import('./quick-time-page.tsx'), 'QuickTimePage'), permission: 'support.write' },
    { path: '/time-entries/:id', page: lazyPage(() => import('./time-entry-redirect.tsx'), 'TimeEntryRedirect'), permission: 'read' },
    { path: '/projects', page: lazyPage(() => import('./projects-list-page.tsx'), 'ProjectsListPage'), permission: 'read', nav: { label: 'nav.projects', icon: 'package', section: 'work', order: 45 } },
    { path: '/projects/:id', page: lazyPage(() => import('./project-page.tsx'), 'ProjectPage'), permission: 'read' },
    // The time report brings ECharts: like every page, loaded only when opened.
    { path: '/time', page: lazyPage(() => import('./time-page.tsx'), 'TimePage'), permission: 'reports.read', nav: { label: 'nav.time', icon: 'history', section: 'work', order: 50 } },
  ],
  customerSections: [{ id: 'tasks', order: 20, component: CustomerTasksSection }],
  searchTargets: {
    task: (hit) => `/tasks/${hit.id}`,
    time_entry: (hit) => `/time-entries/${hit.id}`,
    project: (hit) => `/projects/${hit.id}`,
  },
});
