/** Invoices: filters in the address (status, customer, series, dates), keyset list, the monthly chart. */
import { Anchor, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { INVOICE_STATUSES } from '../../shared/billing.ts';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { CustomerPicker } from '../customers/pickers.tsx';
import { type Column, EmptyHint, ExportCsvButton, ListTable, useKeysetList, useUrlFilters, ListFilters } from '../ui/list.tsx';
import { NewButton, PageHeader, Section } from '../ui/page.tsx';
import { SavedViewsMenu } from '../saved-views/saved-views-menu.tsx';
import { MonthlyChart } from './monthly-chart.tsx';
import { InvoiceStatusBadge } from './parts.tsx';
import { billingApi, billingKeys, type Invoice, useMonthly } from './queries.ts';

const DEFAULTS = { status: '', customerId: '', series: '', from: '', to: '' };

export function InvoicesListPage() {
  const { t } = useTranslation('billing');
  const f = useFormat();
  const canWrite = useCan('billing.write');
  const filters = useUrlFilters(DEFAULTS);
  const list = useKeysetList<Invoice>(billingKeys.invoices(filters.values), (cursor, signal) => billingApi.invoicesPage(filters.values, cursor, signal));
  const monthly = useMonthly(12);

  const columns: Column<Invoice>[] = [
    {
      key: 'number',
      header: t('col.number'),
      width: 140,
      render: (i) => (
        <Anchor component={Link} to={`/invoices/${i.id}`} size="sm" ff="monospace" fw={500}>
          {i.number}
        </Anchor>
      ),
    },
    { key: 'date', header: t('col.date'), width: 100, render: (i) => f.date(i.issueDate) },
    { key: 'customer', header: t('col.customer'), render: (i) => i.customer.name },
    { key: 'total', header: t('col.total'), width: 110, align: 'right', render: (i) => f.money(i.totalCents) },
    { key: 'outstanding', header: t('col.outstanding'), width: 110, align: 'right', render: (i) => (i.outstandingCents ? f.money(i.outstandingCents) : '') },
    { key: 'due', header: t('col.due'), width: 110, wide: true, render: (i) => (i.nextDueDate ? f.date(i.nextDueDate) : '') },
    { key: 'status', header: t('col.status'), width: 140, render: (i) => <InvoiceStatusBadge status={i.status} /> },
  ];

  return (
    <Stack gap={0}>
      <PageHeader
        title={t('list.title')}
        subtitle={t('list.subtitle')}
        actions={
          <>
            <SavedViewsMenu list="invoices" />
            <ExportCsvButton<Invoice>
              filename="facturas.csv"
              fetchPage={(cursor) => billingApi.invoicesPage(filters.values, cursor, undefined, 200)}
              columns={[
                { header: t('col.number'), value: (i) => i.number },
                { header: t('col.date'), value: (i) => i.issueDate },
                { header: t('col.customer'), value: (i) => i.customer.name },
                { header: t('invoice.taxId'), value: (i) => i.customer.taxId },
                { header: t('invoice.base'), value: (i) => (i.baseCents / 100).toFixed(2) },
                { header: t('invoice.vatAmount'), value: (i) => (i.vatCents / 100).toFixed(2) },
                { header: t('col.total'), value: (i) => (i.totalCents / 100).toFixed(2) },
                { header: t('col.outstanding'), value: (i) => (i.outstandingCents / 100).toFixed(2) },
                { header: t('col.status'), value: (i) => t(`status.${i.status}`) },
              ]}
            />
            {canWrite && <NewButton label={t('list.new')} to="/invoices/new" />}
          </>
        }
      />
      {monthly.data && (
        <Section title={t('list.chartTitle')}>
          <MonthlyChart data={monthly.data} />
        </Section>
      )}
      <ListFilters active={filters.active}>
        <Select
          label={t('list.status')}
          value={filters.values.status || ''}
          onChange={(v) => filters.set({ status: v ?? '' })}
          data={[{ value: '', label: t('list.all') }, ...INVOICE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          w={190}
          allowDeselect={false}
        />
        <CustomerPicker label={t('list.customer')} value={filters.values.customerId || null} onChange={(v) => filters.set({ customerId: v ?? '' })} w={260} clearable />
        <TextInput label={t('list.series')} value={filters.values.series} onChange={(e) => filters.set({ series: e.currentTarget.value.toUpperCase() })} w={90} />
        <TextInput label={t('list.from')} type="date" value={filters.values.from} onChange={(e) => filters.set({ from: e.currentTarget.value })} w={160} />
        <TextInput label={t('list.to')} type="date" value={filters.values.to} onChange={(e) => filters.set({ to: e.currentTarget.value })} w={160} />
      </ListFilters>
      <ListTable list={list} columns={columns} rowKey={(i) => i.id} rowHref={(i) => `/invoices/${i.id}`} empty={<EmptyHint title={<Text size="sm">{t('list.empty')}</Text>} />} caption={t('list.title')} />
    </Stack>
  );
}
