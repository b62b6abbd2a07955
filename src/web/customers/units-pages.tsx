/** Units (serial numbers): list with warranty filter, and the unit page with its service history. */
import { Anchor, Button, Grid, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { useNewAction } from '../app/shortcuts.tsx';
import { ActiveBadge } from '../ui/badges.tsx';
import { useCatalog } from '../ui/catalogs.tsx';
import { Feed } from '../ui/feed.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { FormModal } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSearch, FilterSegments } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { Fields, PageHeader, Section } from '../ui/page.tsx';
import { DateText } from '../ui/when.tsx';
import { customersApi, customersKeys, type Unit, useRefreshCustomers, useSetCustomersData, useUnit } from './queries.ts';
import { ContractBadge, WarrantyBadge } from './badges.tsx';
import { UnitForm } from './forms.tsx';

export function UnitsListPage() {
  const { t } = useTranslation('customers');
  const refreshCustomers = useRefreshCustomers();
  const canWrite = useCan('masterdata.write');
  const filters = useUrlFilters({ q: '', warranty: 'all', status: 'active' });
  const [creating, setCreating] = useState(false);
  const query = (cursor: string | undefined, limit = 50) => ({
    q: filters.values.q || undefined,
    underWarranty: filters.values.warranty === 'all' ? undefined : filters.values.warranty === 'yes',
    active: filters.values.status === 'all' ? undefined : filters.values.status === 'active',
    cursor,
    limit,
  });
  const list = useKeysetList<Unit>(customersKeys.units(filters.values), (cursor, signal) => customersApi.units(query(cursor), signal));
  const columns: Column<Unit>[] = [
    {
      key: 'serial',
      header: t('unit.fields.serialNumber'),
      render: (u) => (
        <Anchor component={Link} to={`/units/${u.id}`} ff="monospace" size="sm" fw={500}>
          {u.serialNumber}
        </Anchor>
      ),
    },
    { key: 'item', header: t('unit.fields.item'), render: (u) => u.itemDescription },
    {
      key: 'customer',
      header: t('unit.fields.customer'),
      render: (u) => (
        <Anchor component={Link} to={`/customers/${u.customerId}`} size="sm">
          {u.customerName}
        </Anchor>
      ),
    },
    { key: 'sale', header: t('unit.fields.saleDate'), wide: true, render: (u) => <DateText value={u.saleDate} size="sm" /> },
    { key: 'warranty', header: t('unit.fields.warranty'), render: (u) => <WarrantyBadge warranty={u.warranty} /> },
    { key: 'contract', header: t('unit.fields.contract'), wide: true, render: (u) => <ContractBadge contract={u.contract} /> },
  ];
  return (
    <ListPage
      title={t('unit.title')}
      subtitle={t('unit.subtitle')}
      csv={{
        filename: 'unidades.csv',
        fetchPage: (cursor) => customersApi.units(query(cursor, 200)),
        columns: [
          { header: t('unit.fields.serialNumber'), value: (u) => u.serialNumber },
          { header: t('unit.fields.item'), value: (u) => `${u.itemCode} ${u.itemDescription}` },
          { header: t('unit.fields.customer'), value: (u) => u.customerName },
          { header: t('unit.fields.saleDate'), value: (u) => u.saleDate },
          { header: t('unit.fields.warrantyEnd'), value: (u) => u.warrantyEnd },
          { header: t('unit.fields.warranty'), value: (u) => (u.warranty.underWarranty ? t('unit.warranty.in') : t('unit.warranty.out')) },
          { header: t('unit.fields.contract'), value: (u) => u.contractCode },
        ],
      }}
      create={{ label: t('unit.new'), onClick: () => setCreating(true), allowed: canWrite }}
      filterState={filters}
      filters={
        <>
        <FilterSearch filters={filters} label={t('unit.fields.serialNumber')} placeholder={t('unit.searchPlaceholder')} />
        <FilterSegments filters={filters} name="warranty" label={t('unit.warrantyFilter')} options={{ all: t('filters.all'), yes: t('unit.warranty.in'), no: t('unit.warranty.out') }} />
        <FilterSegments filters={filters} name="status" label={t('customer.status')} options={{ active: t('filters.active'), inactive: t('filters.inactive'), all: t('filters.all') }} />
        </>
      }
      list={list} columns={columns} rowHref={(u) => `/units/${u.id}`} empty={<EmptyHint title={t('unit.empty')} />}
    >
      <FormModal opened={creating} onClose={() => setCreating(false)} title={t('unit.new')}>
        <UnitForm
          onCancel={() => setCreating(false)}
          onSaved={async (u) => {
            setCreating(false);
            await refreshCustomers();
            notifySuccess(t('unit.created', { serial: u.serialNumber }));
          }}
        />
      </FormModal>
    </ListPage>
  );
}

export function UnitPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const refreshCustomers = useRefreshCustomers();
  const setData = useSetCustomersData();
  const canWrite = useCan('masterdata.write');
  const canCall = useCan('support.write');
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const regions = useCatalog('regions');
  const unit = useUnit(id);
  const newCallHref = unit.data ? `/calls/new?customerId=${unit.data.customerId}&serialNumber=${encodeURIComponent(unit.data.serialNumber)}` : '/calls/new';
  // On a unit's page `n` takes a call about it.
  useNewAction(() => navigate(newCallHref, { state: { back: true } }), canCall && unit.isSuccess, t('customer.actions.newCall'));
  if (unit.isPending) return <PageLoader />;
  if (unit.isError) return <LoadError error={unit.error} onRetry={() => void unit.refetch()} />;
  const u = unit.data;
  return (
    <Stack gap="md">
      <PageHeader
        title={u.serialNumber}
        subtitle={`${u.itemCode} · ${u.itemDescription}`}
        back={{ to: '/units', label: t('unit.back') }}
        badges={
          <Group gap={6}>
            <WarrantyBadge warranty={u.warranty} />
            <ContractBadge contract={u.contract} />
            {!u.active && <ActiveBadge active={false} />}
          </Group>
        }
        actions={
          <>
            {canCall && (
              <Button component={Link} to={newCallHref} state={{ back: true }} variant="light" leftSection={<Icon name="phone" size={16} />} data-testid="unit-new-call">
                {t('customer.actions.newCall')}
              </Button>
            )}
            {canWrite && (
              <Button variant="default" leftSection={<Icon name="edit" size={16} />} onClick={() => setEditing(true)}>
                {t('actions.edit')}
              </Button>
            )}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Section title={t('unit.fields.warranty')}>
            <Fields
              cols={1}
              items={[
                {
                  label: t('unit.fields.customer'),
                  value: (
                    <Anchor component={Link} to={`/customers/${u.customerId}`} size="sm">
                      {u.customerName}
                    </Anchor>
                  ),
                },
                { label: t('unit.fields.item'), value: `${u.itemCode} · ${u.itemDescription}` },
                { label: t('unit.fields.saleDate'), value: <DateText value={u.saleDate} size="sm" /> },
                { label: t('unit.fields.warrantyEnd'), value: <Group gap="xs"><DateText value={u.warrantyEnd} size="sm" /><WarrantyBadge warranty={u.warranty} /></Group> },
                {
                  label: t('unit.fields.contract'),
                  value: u.contractId ? (
                    <Group gap="xs">
                      <Anchor component={Link} to={`/contracts/${u.contractId}`} size="sm">
                        {u.contractCode}
                      </Anchor>
                      <ContractBadge contract={u.contract} />
                    </Group>
                  ) : (
                    <ContractBadge contract={u.contract} />
                  ),
                },
                { label: t('unit.fields.region'), value: u.regionCode ? regions.describe(u.regionCode) : '' },
                { label: t('unit.fields.notes'), value: u.notes },
              ]}
            />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Section title={t('unit.history')}>
            <Feed path={`/units/${id}/history`} queryKey={customersKeys.unitHistory(id)} empty={t('unit.historyEmpty')} typeLabel={(type) => t(`timeline.types.${type}`, { defaultValue: type })} customerId={u.customerId} />
          </Section>
        </Grid.Col>
      </Grid>
      <FormModal opened={editing} onClose={() => setEditing(false)} title={`${t('unit.edit')} ${u.serialNumber}`}>
        <UnitForm
          unit={u}
          onCancel={() => setEditing(false)}
          onSaved={async (saved) => {
            setEditing(false);
            setData.unit(saved);
            await refreshCustomers();
            notifySuccess(t('unit.saved'));
          }}
        />
      </FormModal>
    </Stack>
  );
}
