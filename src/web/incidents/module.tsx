import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';
import { registerCallAction } from '../calls/call-actions.ts';
import { en, es } from './i18n.ts';

const CustomerIncidentsSection = lazyPage(() => import('./customer-incidents-section.tsx'), 'CustomerIncidentsSection');

const callQuery = (call: { id: string; customerId: string | null; serialNumber: string | null; phone: string | null }) =>
  new URLSearchParams(Object.entries({ fromCallId: call.id, customerId: call.customerId ?? '', serial: call.serialNumber ?? '', phone: call.phone ?? '' }).filter(([, v]) => v)).toString();

registerCallAction({ id: 'incident', label: 'incidents:new.button', order: 15, href: (call) => `/incidents/new?${callQuery(call)}` });
registerCallAction({ id: 'incident_event', label: 'incidents:page.fromCall', order: 16, href: (call) => `/incidents/add-call?${callQuery(call)}` });

export const incidentsModule = webModule({
  id: 'incidents',
  i18n: { es, en },
  pages: [
    { path: '/incidents', page: lazyPage(() => import('./incidents-inbox-page.tsx'), 'IncidentsInboxPage'), permission: 'read', nav: { label: 'nav.incidents', icon: 'tool', section: 'work', order: 15, newTo: '/incidents/new', newPermission: 'support.write', newLabel: 'new.button' } },
    { path: '/incidents/new', page: lazyPage(() => import('./new-incident-page.tsx'), 'NewIncidentPage'), permission: 'support.write' },
    { path: '/incidents/add-call', page: lazyPage(() => import('./add-call-page.tsx'), 'AddCallToIncidentPage'), permission: 'support.write' },
    { path: '/incidents/:id', page: lazyPage(() => import('./incident-page.tsx'), 'IncidentPage'), permission: 'read' },
  ],
  customerSections: [{ id: 'incidents', order: 10, component: CustomerIncidentsSection }],
  searchTargets: {
    incident: (hit) => `/incidents/${hit.id}`,
    incident_event: (hit) => `/incidents/${hit.id.split('-')[0]}`,
  },
});
