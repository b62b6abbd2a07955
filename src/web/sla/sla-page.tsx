/** The supervisor's SLA views: at risk, breached, paused — soonest deadline first, mine or everyone's. */
import { Group, SegmentedControl, Switch, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, useFormat } from '../app/format.ts';
import { useCatalog } from '../ui/catalogs.tsx';
import { EmptyHint, ListTable, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { PageHeader } from '../ui/page.tsx';
import { ClockCountdown, ClockStatusBadge } from './clocks.tsx';
import { type ClockView, type IncidentClock, slaApi, slaKeys, useSlaCounts } from './queries.ts';

export function SlaPage() {
  const { t } = useTranslation('sla');
  const { language, dateTime } = useFormat();
  const priorities = useCatalog('priorities');
  const filters = useUrlFilters({ view: 'at-risk', mine: 'false' });
  const view = (['at-risk', 'breached', 'paused'].includes(filters.values.view) ? filters.values.view : 'at-risk') as ClockView;
  const counts = useSlaCounts();
  const query = { view, mine: filters.values.mine === 'true' ? 'true' : undefined };
  const list = useKeysetList(slaKeys.clocks(query), (cursor, signal) => slaApi.clocksPage({ ...query, cursor, limit: 50 }, signal));
  const c = counts.data;
  return (
    <>
      <PageHeader title={t('views.title')} subtitle={t('views.subtitle')} />
      <Group justify="space-between" mb="sm" wrap="wrap">
        <SegmentedControl
          value={view}
          onChange={(v) => filters.set({ view: v })}
          data={(['at-risk', 'breached', 'paused'] as const).map((v) => ({
            value: v,
            label: `${t(`views.${v}`)}${c ? ` (${v === 'at-risk' ? c.atRisk : v === 'breached' ? c.breached : c.paused})` : ''}`,
          }))}
          aria-label={t('views.title')}
        />
        <Switch label={t('views.mine')} checked={filters.values.mine === 'true'} onChange={(e) => filters.set({ mine: e.currentTarget.checked ? 'true' : 'false' })} />
      </Group>
      <ListTable<IncidentClock>
        list={list}
        rowKey={(r) => `${r.incidentId}:${r.target}`}
        rowHref={(r) => `/incidents/${r.incidentId}`}
        empty={<EmptyHint title={t(`views.empty.${view}`)} />}
        columns={[
          {
            key: 'incident',
            header: t('views.columns.incident'),
            render: (r) => (
              <Text component={Link} to={`/incidents/${r.incidentId}`} fw={600} size="sm" ff="monospace" c="blue.8">
                {r.incidentNumber}
              </Text>
            ),
          },
          { key: 'customer', header: t('views.columns.customer'), render: (r) => r.customerName ?? '—' },
          { key: 'target', header: t('views.columns.target'), render: (r) => t(`clock.${r.target}`) },
          { key: 'status', header: '', render: (r) => <ClockStatusBadge clock={r} /> },
          { key: 'left', header: view === 'paused' ? t('views.columns.since') : t('views.columns.left'), render: (r) => <ClockCountdown clock={r} /> },
          {
            key: 'due',
            header: t('views.columns.due'),
            wide: true,
            render: (r) =>
              r.dueAt ? (
                <Tooltip label={`${formatDateTime(r.dueAt, language, r.timeZone)} (${r.timeZone})`}>
                  <Text size="sm">{dateTime(r.dueAt)}</Text>
                </Tooltip>
              ) : (
                '—'
              ),
          },
          { key: 'priority', header: t('views.columns.priority'), wide: true, render: (r) => priorities.describe(r.priorityCode) },
          { key: 'owner', header: t('views.columns.owner'), render: (r) => r.ownerUserName ?? r.ownerGroupName ?? '—' },
        ]}
      />
    </>
  );
}

/** Incidents at risk or breached, beside "Plazos SLA" in the navigation. */
export function SlaNavBadge() {
  const { t } = useTranslation('sla');
  const counts = useSlaCounts();
  const c = counts.data;
  if (!c || !(c.atRisk + c.breached)) return null;
  return (
    <Tooltip label={t('views.counts', c)}>
      <Text size="xs" fw={700} c="white" bg={c.breached ? 'red.8' : 'orange.9'} px={6} style={{ borderRadius: 10 }} data-testid="nav-sla-count">
        {c.atRisk + c.breached}
      </Text>
    </Tooltip>
  );
}
