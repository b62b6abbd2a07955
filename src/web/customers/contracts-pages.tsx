/** Service contracts: list (in force or not) and the contract page with the units it covers. */
import { Anchor, Button, Grid, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { ActiveBadge } from '../ui/badges.tsx';
import { useCatalog } from '../ui/catalogs.tsx';
import { LoadError, notifySuccess, PageLoader } from '../ui/feedback.tsx';
import { FormModal } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSearch, FilterSegments } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { Fields, PageHeader, QueryRows, Section } from '../ui/page.tsx';
import { DateText } from '../ui/when.tsx';
import { type Contract, customersApi, customersKeys, useContract, useContractUnits, useRefreshCustomers, useSetCustomersData } from './queries.ts';
import { InForceBadge, WarrantyBadge } from './badges.tsx';
import { ContractForm } from './forms.tsx';

export function ContractsListPage() {
  const { t } = useTranslation('customers');
  const refreshCustomers = useRefreshCustomers();
  const canWrite = useCan('masterdata.write');
  const filters = useUrlFilters({ q: '', inForce: 'all' });
  const [creating, setCreating] = useState(false);
  const query = (cursor: string | undefined, limit = 50) => ({ q: filters.values.q || undefined, inForce: filters.values.inForce === 'all' ? undefined : filters.values.inForce === 'yes', cursor, limit });
  const list = useKeysetList<Contract>(customersKeys.contracts(filters.values), (cursor, signal) => customersApi.contracts(query(cursor), signal));
  const columns: Column<Contract>[] = [
    {
      key: 'code',
      header: t('contract.fields.code'),
      width: 140,
      render: (c) => (
        <Anchor component={Link} to={`/contracts/${c.id}`} size="sm" fw={500}>
          {c.code}
        </Anchor>
      ),
    },
    {
      key: 'customer',
      header: t('contract.fields.customer'),
      render: (c) => (
        <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">
          {c.customerName}
        </Anchor>
      ),
    },
    { key: 'description', header: t('contract.fields.description'), wide: true, render: (c) => c.description ?? '' },
    {
      key: 'period',
      header: t('contract.fields.period'),
      render: (c) => (
        <>
          <DateText value={c.startDate} size="sm" /> – <DateText value={c.endDate} size="sm" />
        </>
      ),
    },
    { key: 'inForce', header: t('contract.inForceFilter'), render: (c) => <InForceBadge inForce={c.inForce} /> },
  ];
  return (
    <ListPage
      title={t('contract.title')}
      subtitle={t('contract.subtitle')}
      csv={{
        filename: 'contratos.csv',
        fetchPage: (cursor) => customersApi.contracts(query(cursor, 200)),
        columns: [
          { header: t('contract.fields.code'), value: (c) => c.code },
          { header: t('contract.fields.customer'), value: (c) => c.customerName },
          { header: t('contract.fields.description'), value: (c) => c.description },
          { header: t('contract.fields.startDate'), value: (c) => c.startDate },
          { header: t('contract.fields.endDate'), value: (c) => c.endDate },
          { header: t('contract.inForceFilter'), value: (c) => (c.inForce ? t('state.yes') : t('state.no')) },
        ],
      }}
      create={{ label: t('contract.new'), onClick: () => setCreating(true), allowed: canWrite }}
      filterState={filters}
      filters={
        <>
        <FilterSearch filters={filters} label={t('customer.search')} placeholder={t('contract.searchPlaceholder')} />
        <FilterSegments filters={filters} name="inForce" label={t('contract.inForceFilter')} options={{ all: t('filters.all'), yes: t('contract.inForce'), no: t('contract.notInForce') }} />
        </>
      }
      list={list} columns={columns} rowHref={(c) => `/contracts/${c.id}`} empty={<EmptyHint title={t('contract.empty')} />}
    >
      <FormModal opened={creating} onClose={() => setCreating(false)} title={t('contract.new')}>
        <ContractForm
          onCancel={() => setCreating(false)}
          onSaved={async (c) => {
            setCreating(false);
            await refreshCustomers();
            notifySuccess(t('contract.created', { code: c.code }));
          }}
        />
      </FormModal>
    </ListPage>
  );
}

export function ContractPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const refreshCustomers = useRefreshCustomers();
  const setData = useSetCustomersData();
  const canWrite = useCan('masterdata.write');
  const [editing, setEditing] = useState(false);
  const serviceTypes = useCatalog('service-types');
  const priorities = useCatalog('priorities');
  const contract = useContract(id);
  const units = useContractUnits(id);
  if (contract.isPending) return <PageLoader />;
  if (contract.isError) return <LoadError error={contract.error} onRetry={() => void contract.refetch()} />;
  const c = contract.data;
  return (
    <Stack gap="md">
      <PageHeader
        title={`${t('contract.fields.code')} ${c.code}`}
        subtitle={c.description ?? undefined}
        back={{ to: '/contracts', label: t('contract.back') }}
        badges={
          <Group gap={6}>
            <InForceBadge inForce={c.inForce} />
            {!c.active && <ActiveBadge active={false} />}
          </Group>
        }
        actions={
          canWrite && (
            <Button variant="default" leftSection={<Icon name="edit" size={16} />} onClick={() => setEditing(true)}>
              {t('actions.edit')}
            </Button>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Section title={t('contract.title')}>
            <Fields
              cols={1}
              items={[
                {
                  label: t('contract.fields.customer'),
                  value: (
                    <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">
                      {c.customerName}
                    </Anchor>
                  ),
                },
                {
                  label: t('contract.fields.period'),
                  value: (
                    <>
                      <DateText value={c.startDate} size="sm" /> – <DateText value={c.endDate} size="sm" />
                    </>
                  ),
                },
                { label: t('contract.fields.serviceType'), value: c.serviceTypeCode ? serviceTypes.describe(c.serviceTypeCode) : '' },
                { label: t('contract.fields.priority'), value: c.priorityCode ? priorities.describe(c.priorityCode) : '' },
              ]}
            />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Section title={t('contract.units')}>
            <QueryRows query={units} empty={t('contract.unitsEmpty')}>
              {(rows) => (
                <Stack gap={6}>
                  {rows.map((u) => (
                    <Group key={u.id} gap="sm">
                      <Anchor component={Link} to={`/units/${u.id}`} ff="monospace" size="sm">
                        {u.serialNumber}
                      </Anchor>
                      <span>{u.itemDescription}</span>
                      <WarrantyBadge warranty={u.warranty} />
                    </Group>
                  ))}
                </Stack>
              )}
            </QueryRows>
          </Section>
        </Grid.Col>
      </Grid>
      <FormModal opened={editing} onClose={() => setEditing(false)} title={`${t('contract.edit')} ${c.code}`}>
        <ContractForm
          contract={c}
          onCancel={() => setEditing(false)}
          onSaved={async (saved) => {
            setEditing(false);
            setData.contract(saved);
            await refreshCustomers();
            notifySuccess(t('contract.saved'));
          }}
        />
      </FormModal>
    </Stack>
  );
}
