/** Technical activities: the list with its filters (kept in the address). */
import { Badge, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { StatusBadge } from '../ui/badges.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, ExportCsvButton, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterDate, FilterSegments, FilterSwitch, FilterText } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { NewButton } from '../ui/page.tsx';
import { SavedViewsMenu } from '../saved-views/saved-views-menu.tsx';
import { When } from '../ui/when.tsx';
import { type Activity, activitiesApi, activitiesKeys } from './queries.ts';
import { ActionBadge } from './automatic-action.tsx';
import { CatalogSelect, CustomerSelect, useCatalogLabel } from './pickers.tsx';

const DEFAULTS = { pending: '', statusCode: '', solutionTypeCode: '', problemTypeCode: '', originCode: '', customerId: '', mine: '', actionStatus: '', q: '', from: '', to: '' };

function firstLine(s: string | null) {
  return (s ?? '').split('\n').find((l) => l.trim()) ?? '';
}

export function ActivitiesListPage() {
  const { t } = useTranslation('activities');
  const f = useFormat();
  const canWrite = useCan('support.write');
  const filters = useUrlFilters(DEFAULTS);
  const v = filters.values;
  const solutionType = useCatalogLabel('solution-types');
  const status = useCatalogLabel('activity-statuses');

  const query = {
    pending: v.pending || undefined,
    statusCode: v.statusCode || undefined,
    solutionTypeCode: v.solutionTypeCode || undefined,
    problemTypeCode: v.problemTypeCode || undefined,
    originCode: v.originCode || undefined,
    customerId: v.customerId || undefined,
    registeredBy: v.mine ? 'me' : undefined,
    actionStatus: v.actionStatus || undefined,
    q: v.q || undefined,
    from: v.from || undefined,
    to: v.to || undefined,
  };
  const fetchPage = (cursor: string | undefined, signal?: AbortSignal, limit = 50) => activitiesApi.list(query, cursor, signal, limit);
  const list = useKeysetList(activitiesKeys.list(query), (cursor, signal) => fetchPage(cursor, signal));

  const columns: Column<Activity>[] = [
    { key: 'at', header: t('fields.registeredAt'), render: (a) => <When value={a.registeredAt} size="sm" style={{ whiteSpace: 'nowrap' }} />, width: 110 },
    { key: 'customer', header: t('fields.customer'), render: (a) => (a.customerName ? <Text size="sm" lineClamp={2}>{a.customerName}</Text> : <Text c="dimmed">—</Text>) },
    {
      key: 'problem',
      header: t('fields.problem'),
      render: (a) => (
        <Text size="sm" lineClamp={2} title={a.problem ?? ''}>
          <Link to={`/activities/${a.id}`} style={{ color: 'inherit', textDecoration: 'none' }}>
            {firstLine(a.problem) || firstLine(a.solution)}
          </Link>
        </Text>
      ),
    },
    {
      key: 'status',
      header: t('fields.status'),
      render: (a) => (
        <Group gap={4} wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
          <StatusBadge tone={a.pending ? 'orange' : 'green'} miw="max-content">
            {a.pending ? t('pending.pending') : t('pending.done')}
          </StatusBadge>
          <Text size="xs" c="dimmed" title={status(a.statusCode)}>
            {a.statusCode}
          </Text>
        </Group>
      ),
      width: 130,
    },
    { key: 'solutionType', header: t('fields.solutionType'), render: (a) => (a.solutionTypeCode ? <Text size="sm" lineClamp={2} title={`${a.solutionTypeCode} · ${solutionType(a.solutionTypeCode)}`}>{solutionType(a.solutionTypeCode)}</Text> : '—'), wide: true },
    { key: 'action', header: t('fields.automaticAction'), render: (a) => <ActionBadge action={a.automaticAction} /> },
    { key: 'user', header: t('fields.registeredBy'), render: (a) => <Text size="sm">{a.registeredByName}</Text>, wide: true },
    {
      key: 'files',
      header: <Icon name="paperclip" size={14} aria-label={t('fields.attachments')} />,
      render: (a) => (a.attachmentCount ? <Badge size="xs" variant="light" color="gray">{a.attachmentCount}</Badge> : null),
      width: 40,
      wide: true,
    },
  ];

  return (
    <ListPage
      title={t('list.title')}
      actions={
        <>
          <SavedViewsMenu list="activities" />
          <ExportCsvButton
            filename="actividades.csv"
            fetchPage={(cursor) => fetchPage(cursor, undefined, 200)}
            columns={[
              { header: 'id', value: (a) => a.id },
              { header: t('fields.registeredAt'), value: (a) => f.dateTime(a.registeredAt) },
              { header: t('fields.registeredBy'), value: (a) => a.registeredByName },
              { header: t('fields.status'), value: (a) => a.statusCode },
              { header: t('pending.pending'), value: (a) => (a.pending ? t('common:state.yes') : t('common:state.no')) },
              { header: t('fields.customer'), value: (a) => a.customerName },
              { header: t('fields.origin'), value: (a) => a.originCode },
              { header: t('fields.problemType'), value: (a) => a.problemTypeCode },
              { header: t('fields.problem'), value: (a) => a.problem },
              { header: t('fields.solutionType'), value: (a) => a.solutionTypeCode },
              { header: t('fields.solution'), value: (a) => a.solution },
              { header: t('fields.automaticAction'), value: (a) => (a.automaticAction ? `${a.automaticAction.kind}: ${a.automaticAction.status}${a.automaticAction.error ? ` (${a.automaticAction.error})` : ''}` : '') },
            ]}
          />
          {canWrite && <NewButton label={t('list.new')} to="/activities/new" />}
        </>
      }
      filterState={filters}
      filters={
        <>
            <FilterSegments compact filters={filters} name="pending" label={t('pending.pending')} options={{ '': t('pending.all'), true: t('pending.pending'), false: t('pending.done') }} />
            <FilterText filters={filters} trim label={t('fields.text')} placeholder={t('list.searchPlaceholder')} leftSection={<Icon name="search" size={14} />} w={220} />
            <CustomerSelect size="xs" label={t('fields.customer')} value={v.customerId || null} onChange={(id) => filters.set({ customerId: id ?? '' })} w={240} />
            <CatalogSelect size="xs" catalog="activity-statuses" label={t('fields.status')} value={v.statusCode || null} onChange={(c) => filters.set({ statusCode: c ?? '' })} w={170} />
            <CatalogSelect size="xs" catalog="solution-types" label={t('fields.solutionType')} value={v.solutionTypeCode || null} onChange={(c) => filters.set({ solutionTypeCode: c ?? '' })} w={190} />
            <CatalogSelect size="xs" catalog="problem-types" label={t('fields.problemType')} value={v.problemTypeCode || null} onChange={(c) => filters.set({ problemTypeCode: c ?? '' })} w={190} />
            <CatalogSelect size="xs" catalog="origins" label={t('fields.origin')} value={v.originCode || null} onChange={(c) => filters.set({ originCode: c ?? '' })} w={160} />
            <FilterDate filters={filters} name="from" label={t('fields.from')} />
            <FilterDate filters={filters} name="to" label={t('fields.to')} />
        </>
      }
      belowFilters={
        <>
          <FilterSwitch filters={filters} name="mine" label={t('list.mine')} />
          <FilterSwitch filters={filters} name="actionStatus" label={t('list.failedOnly')} on="failed" color="red" />
        </>
      }
      list={list}
      columns={columns}
      rowHref={(a) => `/activities/${a.id}`}
      empty={<EmptyHint title={t('list.empty')} action={canWrite && <Button component={Link} to="/activities/new" size="xs" variant="light">{t('list.emptyAction')}</Button>} />}
    />
  );
}
