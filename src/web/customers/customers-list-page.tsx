/** Customers: the list with filters in the address, keyset paging and CSV export. */
import { Anchor, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../app/auth.tsx';
import { StatusBadge } from '../ui/badges.tsx';
import { CatalogSelect, useCatalog } from '../ui/catalogs.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSearch, FilterSegments } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { NewButton } from '../ui/page.tsx';
import { QuickTimeButton } from '../projects/quick-time-dialog.tsx';
import { type Customer, customersApi, customersKeys } from './queries.ts';

const DEFAULTS = { q: '', regionCode: '', status: 'active', sort: 'name' };

export function CustomersListPage() {
  const { t } = useTranslation('customers');
  const canWrite = useCan('masterdata.write');
  const filters = useUrlFilters(DEFAULTS);
  const regions = useCatalog('regions');

  const query = (cursor: string | undefined, limit = 50) => ({
    q: filters.values.q || undefined,
    regionCode: filters.values.regionCode || undefined,
    active: filters.values.status === 'all' ? undefined : filters.values.status === 'active',
    sort: filters.values.sort,
    cursor,
    limit,
  });
  const list = useKeysetList<Customer>(customersKeys.list(filters.values), (cursor, signal) => customersApi.list(query(cursor), signal));

  const columns: Column<Customer>[] = [
    { key: 'code', header: t('customer.fields.code'), width: 110, render: (c) => <Text ff="monospace" size="sm">{c.code}</Text> },
    {
      key: 'name',
      header: t('customer.fields.name'),
      render: (c) => (
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} to={`/customers/${c.id}`} size="sm" fw={500}>
            {c.name}
          </Anchor>
          {!c.active && <StatusBadge tone="gray">{t('customer.inactive')}</StatusBadge>}
        </Group>
      ),
    },
    { key: 'taxId', header: t('customer.fields.taxId'), width: 130, render: (c) => c.taxId ?? '' },
    { key: 'phone', header: t('customer.fields.phone'), width: 150, render: (c) => c.phones[0] ?? '' },
    { key: 'city', header: t('customer.fields.city'), wide: true, render: (c) => [c.address?.city, c.address?.province].filter(Boolean).join(', ') },
    { key: 'region', header: t('customer.fields.region'), wide: true, render: (c) => (c.regionCode ? regions.describe(c.regionCode) : '') },
    { key: 'actions', header: '', width: 1, render: (c) => <QuickTimeButton customer={c} size="xs" variant="subtle" /> },
  ];

  return (
    <ListPage
      title={t('customer.title')}
      subtitle={t('customer.subtitle')}
      csv={{
        filename: 'clientes.csv',
        fetchPage: (cursor) => customersApi.list(query(cursor, 200)),
        columns: [
          { header: t('customer.fields.code'), value: (c) => c.code },
          { header: t('customer.fields.name'), value: (c) => c.name },
          { header: t('customer.fields.taxId'), value: (c) => c.taxId },
          { header: t('customer.fields.phones'), value: (c) => c.phones.join(', ') },
          { header: t('customer.fields.emails'), value: (c) => c.emails.join(', ') },
          { header: t('customer.fields.street'), value: (c) => c.address?.street },
          { header: t('customer.fields.postalCode'), value: (c) => c.address?.postalCode },
          { header: t('customer.fields.city'), value: (c) => c.address?.city },
          { header: t('customer.fields.province'), value: (c) => c.address?.province },
          { header: t('customer.fields.region'), value: (c) => c.regionCode },
          { header: t('customer.fields.active'), value: (c) => (c.active ? t('state.yes') : t('state.no')) },
        ],
      }}
      actions={canWrite && <NewButton label={t('customer.new')} to="/customers/new" />}
      filterState={filters}
      filters={
        <>
          <FilterSearch filters={filters} label={t('customer.search')} placeholder={t('customer.searchPlaceholder')} w={{ base: '100%', sm: 340 }} />
          <CatalogSelect catalog="regions" label={t('customer.fields.region')} value={filters.values.regionCode || null} onChange={(v) => filters.set({ regionCode: v ?? '' })} w={200} />
          <FilterSegments filters={filters} name="status" label={t('customer.status')} options={{ active: t('customer.statusActive'), inactive: t('customer.statusInactive'), all: t('customer.statusAll') }} />
          <FilterSegments filters={filters} name="sort" label={t('customer.sort')} options={{ name: t('customer.sortName'), code: t('customer.sortCode') }} />
        </>
      }
      list={list}
      columns={columns}
      rowHref={(c) => `/customers/${c.id}`}
      empty={
        <EmptyHint
          title={filters.active ? t('customer.empty') : t('customer.emptyAll')}
          action={
            filters.active ? (
              <Button variant="light" size="xs" onClick={filters.clear}>
                {t('actions.clearFilters')}
              </Button>
            ) : canWrite ? (
              <NewButton label={t('customer.new')} to="/customers/new" />
            ) : undefined
          }
        />
      }
    />
  );
}
