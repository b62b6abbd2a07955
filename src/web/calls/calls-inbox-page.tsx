/**
 * The call inbox an agent keeps open all day: pending now (for me and my groups), postponed,
 * finished, all — with counts that refresh by themselves — filters in the address, and the quick
 * "new call" dialog (button, `n`, or /calls/new).
 */
import { Badge, Button, Select, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useAuth, useCan } from '../app/auth.tsx';
import { useNewAction } from '../app/shortcuts.tsx';
import { type Column, EmptyHint, ExportCsvButton, ListTable, useKeysetList, useUrlFilters, ListFilters, usePhone, SearchFilter, ViewTabs, LabelledSegments } from '../ui/list.tsx';
import { NewButton, PageHeader } from '../ui/page.tsx';
import { SavedViewsMenu } from '../saved-views/saved-views-menu.tsx';
import { codeSearch, useCatalog } from '../ui/catalogs.tsx';
import { When } from '../ui/when.tsx';
import { type CallListItem, callsApi, callsKeys, destinationBody, useCallCounts, useInvalidateCalls } from './queries.ts';
import { NewCallDialog } from './new-call-dialog.tsx';
import { BulkBar, SelectAllCheckbox, SelectCallCheckbox, useCallSelection } from './bulk-actions.tsx';
import { CallStateBadge, callerText, PriorityBadge, catalogOptions, DestinationSelect, destinationText, useCatalogDescription } from './parts.tsx';

const VIEWS = ['now', 'postponed', 'finished', 'all'] as const;
type View = (typeof VIEWS)[number];

export function CallsInboxPage({ openNew = false }: { openNew?: boolean }) {
  const { t, i18n } = useTranslation('calls');
  const navigate = useNavigate();
  const location = useLocation();
  const { user } = useAuth();
  const canWrite = useCan('support.write');
  const supervisor = user?.role === 'admin' || user?.role === 'supervisor';
  const filters = useUrlFilters({ view: 'now', everyone: '', type: '', dest: '', from: '', until: '', q: '', sort: 'newest' });
  const sort = filters.values.sort === 'priority' ? 'priority' : 'newest';
  const view = (VIEWS.includes(filters.values.view as View) ? filters.values.view : 'now') as View;
  const personal = view === 'now' || view === 'postponed';
  const everyone = supervisor && personal && filters.values.everyone === '1';
  const [newOpen, setNewOpen] = useState(openNew);
  useEffect(() => setNewOpen(openNew), [openNew]);
  useNewAction(() => setNewOpen(true), canWrite, t('new.button'));
  // "Nueva llamada" on a customer or unit page opens /calls/new prefilled and comes back there.
  const [search] = useSearchParams();
  const prefill = openNew ? { customerId: search.get('customerId'), serialNumber: search.get('serialNumber') } : undefined;
  const cameFrom = (location.state as { back?: boolean } | null)?.back === true;
  const closeNew = () => {
    setNewOpen(false);
    if (location.pathname === '/calls/new') {
      if (cameFrom) navigate(-1);
      else navigate('/calls', { replace: true });
    }
  };

  const counts = useCallCounts();
  const types = useCatalog('call-types');
  const statuses = useCatalog('call-statuses');
  const priorities = useCatalog('priorities');
  const describeCode = useCatalogDescription();
  const invalidateCalls = useInvalidateCalls();

  const query = {
    view,
    mine: personal ? (everyone ? false : undefined) : undefined,
    typeCode: filters.values.type || undefined,
    ...destinationBody(filters.values.dest || null),
    from: filters.values.from || undefined,
    to: filters.values.until || undefined,
    q: filters.values.q || undefined,
    sort: sort === 'priority' ? sort : undefined,
  };
  const list = useKeysetList<CallListItem>(callsKeys.list(query), (cursor, signal) => callsApi.listPage(query, cursor, signal));
  // Bulk finish / reassign (bulk-actions.tsx): pending calls of the page, chosen by checkbox.
  const phone = usePhone();
  const bulk = canWrite && view !== 'finished';
  const selection = useCallSelection(list.items, JSON.stringify(query));

  // The inbox stays open all day: refresh the first page and the counts every 30 s.
  useEffect(() => {
    const id = window.setInterval(invalidateCalls, 30_000);
    return () => window.clearInterval(id);
  }, [invalidateCalls]);


  const columns: Column<CallListItem>[] = [
    ...(bulk ? [{ key: 'select', header: phone ? null : <SelectAllCheckbox selection={selection} />, render: (c: CallListItem) => <SelectCallCheckbox call={c} selection={selection} />, width: 36 }] : []),
    { key: 'registered', header: t('columns.registered'), render: (c) => <When value={c.registeredAt} size="sm" />, width: 120 },
    {
      key: 'from',
      header: t('columns.from'),
      width: 230,
      render: (c) => (
        <Stack gap={0}>
          <Text size="sm" fw={500} lineClamp={1}>
            {callerText(c) ?? '—'}
          </Text>
          {c.customerName && (c.phone || c.serialNumber) && (
            <Text size="xs" c="dimmed" lineClamp={1}>
              {[c.phone, c.serialNumber].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'priority', header: t('columns.priority'), render: (c) => <PriorityBadge code={c.priorityCode} />, width: 100 },
    { key: 'to', header: t('columns.to'), render: (c) => <Text size="sm">{destinationText(c, t)}</Text>, wide: true },
    { key: 'type', header: t('columns.type'), render: (c) => <Text size="sm" title={c.typeCode ?? undefined}>{describeCode(types.data, c.typeCode)}</Text>, width: 130, wide: true, card: 'hide' },
    {
      key: 'description',
      header: t('columns.description'),
      card: 'full',
      render: (c) => (
        <Text size="sm" lineClamp={2} c={c.description ? undefined : 'dimmed'}>
          {c.description || '—'}
        </Text>
      ),
    },
    { key: 'status', header: t('columns.status'), render: (c) => <Tooltip label={c.statusCode}><Text size="sm">{describeCode(statuses.data, c.statusCode)}</Text></Tooltip>, width: 110, wide: true, card: 'hide' },
    { key: 'state', header: t('columns.state'), render: (c) => <CallStateBadge call={c} />, width: 150 },
  ];

  const tabCount = (v: View) => {
    if (!counts.data) return null;
    const n = v === 'now' ? (everyone ? counts.data.allPendingNow : counts.data.pendingNow) : v === 'postponed' ? counts.data.postponed : null;
    if (n === null || n === undefined) return null;
    return (
      <Badge size="sm" variant={v === 'now' && n > 0 ? 'filled' : 'light'} color={v === 'now' ? 'orange' : 'violet'} data-testid={`count-${v}`}>
        {n}
      </Badge>
    );
  };

  return (
    <Stack gap="sm">
      <PageHeader
        title={t('inbox.title')}
        subtitle={t('inbox.subtitle')}
        actions={
          <>
            <SavedViewsMenu list="calls" />
            <ExportCsvButton
              filename="llamadas.csv"
              fetchPage={(cursor) => callsApi.listPage(query, cursor, undefined, 200)}
              columns={[
                { header: t('columns.registered'), value: (c: CallListItem) => c.registeredAt },
                { header: t('columns.from'), value: (c: CallListItem) => callerText(c) },
                { header: t('columns.to'), value: (c: CallListItem) => destinationText(c, t) },
                { header: t('columns.priority'), value: (c: CallListItem) => priorities.describe(c.priorityCode) },
                { header: t('columns.type'), value: (c: CallListItem) => describeCode(types.data, c.typeCode) },
                { header: t('columns.status'), value: (c: CallListItem) => describeCode(statuses.data, c.statusCode) },
                { header: t('columns.state'), value: (c: CallListItem) => (c.pending ? (c.postponed ? t('state.postponed') : t('state.pending')) : t('state.finished')) },
                { header: t('columns.description'), value: (c: CallListItem) => c.description },
              ]}
            />
            {canWrite && <NewButton label={t('new.button')} onClick={() => setNewOpen(true)} />}
          </>
        }
      />
      <ViewTabs views={VIEWS} value={view} onChange={(v) => filters.set({ view: v })} label={(v) => t(`inbox.views.${v}`)} count={tabCount} />
      <ListFilters active={filters.active}>
        <SearchFilter label={t('inbox.filters.q')} placeholder={t('inbox.filters.qPlaceholder')} value={filters.values.q} onSearch={(q) => filters.set({ q })} />
        <Select {...codeSearch} label={t('inbox.filters.type')} data={catalogOptions(types.data, i18n.language)} value={filters.values.type || null} onChange={(v) => filters.set({ type: v ?? '' })} clearable w={170} />
        <DestinationSelect label={t('inbox.filters.to')} value={filters.values.dest || null} onChange={(v) => filters.set({ dest: v ?? '' })} clearable w={200} />
        <DateInput label={t('inbox.filters.from')} value={filters.values.from || null} onChange={(v) => filters.set({ from: v ?? '' })} valueFormat="DD/MM/YYYY" clearable w={140} />
        <DateInput label={t('inbox.filters.until')} value={filters.values.until || null} onChange={(v) => filters.set({ until: v ?? '' })} valueFormat="DD/MM/YYYY" clearable w={140} />
        <LabelledSegments
          label={t('inbox.sort.label')}
          value={sort}
          onChange={(v) => filters.set({ sort: v })}
          data={[
            { value: 'newest', label: t('inbox.sort.newest') },
            { value: 'priority', label: t('inbox.sort.priority') },
          ]}
        />
        {supervisor && personal && (
          <Switch label={t('inbox.everyone')} checked={everyone} onChange={(e) => filters.set({ everyone: e.currentTarget.checked ? '1' : '' })} mb={6} />
        )}
        {filters.active && (
          <Button
            variant="subtle"
            size="xs"
            mb={4}
            onClick={() => filters.set({ type: '', dest: '', from: '', until: '', q: '', everyone: '' })}
          >
            {t('actions.clearFilters')}
          </Button>
        )}
        <Text size="xs" c="dimmed" ml="auto" mb={6}>
          {t('inbox.autoRefresh')}
        </Text>
      </ListFilters>
      {bulk && <BulkBar selection={selection} phone={phone} />}
      <ListTable
        list={list}
        columns={columns}
        rowKey={(c) => c.id}
        rowHref={(c) => `/calls/${c.id}`}
        caption={t(`inbox.views.${view}`)}
        empty={<EmptyHint title={t(`inbox.empty.${view}`)} action={canWrite ? <Button size="xs" variant="light" onClick={() => setNewOpen(true)}>{t('new.button')}</Button> : undefined} />}
      />
      {canWrite && <NewCallDialog opened={newOpen} onClose={closeNew} prefill={prefill} />}
    </Stack>
  );
}
