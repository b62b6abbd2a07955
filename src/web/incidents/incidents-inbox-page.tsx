/** The incident inbox: mine, my groups, unassigned, open, all — filters in the address. */
import { Button, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCan } from '../app/auth.tsx';
import { catalogOptions, useCatalog, codeSearch } from '../ui/catalogs.tsx';
import { type Column, EmptyHint, ListTable, useKeysetList, useUrlFilters, ListFilters, SearchFilter, ViewTabs } from '../ui/list.tsx';
import { NewButton, PageHeader } from '../ui/page.tsx';
import { SavedViewsMenu } from '../saved-views/saved-views-menu.tsx';
import { When } from '../ui/when.tsx';
import { useUnit } from '../customers/queries.ts';
import { Icon } from '../ui/icons.tsx';
import { CaseTypeBadge, ownerText, StageBadge } from './parts.tsx';
import { type IncidentListItem, incidentsApi, incidentsKeys } from './queries.ts';

const VIEWS = ['mine', 'groups', 'unassigned', 'open', 'all'] as const;

export function IncidentsInboxPage() {
  const { t, i18n } = useTranslation('incidents');
  const canWrite = useCan('support.write');
  const filters = useUrlFilters({ view: 'mine', status: '', priority: '', caseType: '', stage: '', q: '', customerId: '', unitId: '' });
  const view = (VIEWS as readonly string[]).includes(filters.values.view) ? filters.values.view : 'mine';
  const statuses = useCatalog('incident-statuses');
  const priorities = useCatalog('priorities');
  const query = {
    view,
    statusCode: filters.values.status || undefined,
    priorityCode: filters.values.priority || undefined,
    caseType: filters.values.caseType || undefined,
    stage: filters.values.stage || undefined,
    q: filters.values.q || undefined,
    customerId: filters.values.customerId || undefined,
    unitId: filters.values.unitId || undefined,
  };
  // A list opened for one unit (the root-causes report's repeat failures link here) says which, and lets it go.
  const unit = useUnit(filters.values.unitId);
  const list = useKeysetList<IncidentListItem>(incidentsKeys.list(query), (cursor, signal) => incidentsApi.listPage(query, cursor, signal));

  const columns: Column<IncidentListItem>[] = [
    { key: 'number', header: t('columns.number'), render: (i) => <Text size="sm" fw={600} ff="monospace">{i.number}</Text>, width: 150 },
    { key: 'received', header: t('columns.received'), render: (i) => <When value={i.receivedAt} size="sm" />, width: 110 },
    { key: 'customer', header: t('columns.customer'), render: (i) => <Text size="sm" lineClamp={1}>{i.customerName ?? '—'}</Text>, width: 200 },
    { key: 'symptom', header: t('columns.symptom'), render: (i) => <Text size="sm" lineClamp={2}>{i.symptom}</Text> },
    { key: 'owner', header: t('columns.owner'), render: (i) => <Text size="sm">{ownerText(i, '—')}</Text>, width: 160, wide: true },
    { key: 'status', header: t('columns.status'), render: (i) => <Text size="sm">{statuses.describe(i.statusCode)}</Text>, width: 140, wide: true },
    { key: 'priority', header: t('columns.priority'), render: (i) => <Text size="sm">{priorities.describe(i.priorityCode)}</Text>, width: 100 },
    { key: 'caseType', header: t('columns.caseType'), render: (i) => <CaseTypeBadge caseType={i.caseType} />, width: 110, wide: true },
    { key: 'stage', header: t('columns.stage'), render: (i) => <StageBadge stage={i.stage} />, width: 120 },
  ];

  return (
    <Stack gap="sm">
      <PageHeader title={t('inbox.title')} subtitle={t('inbox.subtitle')} actions={
          <>
            <SavedViewsMenu list="incidents" />
            {canWrite && <NewButton label={t('new.button')} to="/incidents/new" />}
          </>
        }
      />
      <ViewTabs views={VIEWS} value={view} onChange={(v) => filters.set({ view: v })} label={(v) => t(`inbox.views.${v}`)} />
      <ListFilters active={filters.active}>
        <SearchFilter label={t('inbox.filters.q')} placeholder={t('inbox.filters.qPlaceholder')} value={filters.values.q} onSearch={(q) => filters.set({ q })} />
        <Select {...codeSearch} label={t('inbox.filters.status')} data={catalogOptions(statuses.entries, i18n.language)} value={filters.values.status || null} onChange={(v) => filters.set({ status: v ?? '' })} clearable w={190} />
        <Select {...codeSearch} label={t('inbox.filters.priority')} data={catalogOptions(priorities.entries, i18n.language)} value={filters.values.priority || null} onChange={(v) => filters.set({ priority: v ?? '' })} clearable w={160} />
        <Select
          label={t('inbox.filters.caseType')}
          data={(['warranty', 'courtesy', 'billable'] as const).map((c) => ({ value: c, label: t(`caseType.${c}`) }))}
          value={filters.values.caseType || null}
          onChange={(v) => filters.set({ caseType: v ?? '' })}
          clearable
          w={150}
        />
        <Select
          label={t('inbox.filters.stage')}
          data={(['open', 'diagnosed', 'resolved', 'closed'] as const).map((s) => ({ value: s, label: t(`stage.${s}`) }))}
          value={filters.values.stage || null}
          onChange={(v) => filters.set({ stage: v ?? '' })}
          clearable
          w={150}
        />
        {filters.values.unitId && (
          <Button
            variant="light"
            size="xs"
            mb={4}
            rightSection={<Icon name="x" size={14} />}
            onClick={() => filters.set({ unitId: '' })}
            aria-label={t('inbox.filters.unitRemove', { serial: unit.data?.serialNumber ?? '…' })}
            data-testid="unit-filter"
          >
            {t('inbox.filters.unit', { serial: unit.data?.serialNumber ?? '…' })}
          </Button>
        )}
        {filters.active && (
          <Button
            variant="subtle"
            size="xs"
            mb={4}
            onClick={() => filters.set({ status: '', priority: '', caseType: '', stage: '', q: '', unitId: '' })}
          >
            {t('inbox.clear')}
          </Button>
        )}
      </ListFilters>
      <ListTable
        list={list}
        columns={columns}
        rowKey={(i) => i.id}
        rowHref={(i) => `/incidents/${i.id}`}
        caption={t(`inbox.views.${view}`)}
        empty={<EmptyHint title={t('inbox.empty')} action={canWrite ? <NewButton label={t('new.button')} to="/incidents/new" /> : undefined} />}
      />
    </Stack>
  );
}
