/** Items (catalogue of what is sold): list with filters, create and edit in a dialog. */
import { Button, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../app/auth.tsx';
import { useFormat } from '../app/format.ts';
import { ActiveBadge, StatusBadge } from '../ui/badges.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { FormModal } from '../ui/form-dialog.tsx';
import { Icon } from '../ui/icons.tsx';
import { type Column, EmptyHint, useKeysetList, useUrlFilters } from '../ui/list.tsx';
import { FilterSearch } from '../ui/list-filters.tsx';
import { ListPage } from '../ui/list-page.tsx';
import { customersApi, customersKeys, type Item, ITEM_KINDS, useRefreshCustomers } from './queries.ts';
import { ItemForm } from './forms.tsx';

export function ItemsPage() {
  const { t } = useTranslation('customers');
  const f = useFormat();
  const refreshCustomers = useRefreshCustomers();
  const canWrite = useCan('masterdata.write');
  const filters = useUrlFilters({ q: '', kind: '' });
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const query = (cursor: string | undefined, limit = 50) => ({ q: filters.values.q || undefined, kind: filters.values.kind || undefined, cursor, limit });
  const list = useKeysetList<Item>(customersKeys.items(filters.values), (cursor, signal) => customersApi.items(query(cursor), signal));
  const columns: Column<Item>[] = [
    { key: 'code', header: t('item.fields.code'), width: 130, render: (i) => <Text ff="monospace" size="sm">{i.code}</Text> },
    { key: 'description', header: t('item.fields.description'), render: (i) => i.description },
    { key: 'kind', header: t('item.fields.kind'), render: (i) => <StatusBadge tone="gray">{t(`item.kinds.${i.kind}`)}</StatusBadge> },
    { key: 'price', header: t('item.fields.price'), align: 'right', render: (i) => f.money(i.unitPriceCents) },
    { key: 'vat', header: t('item.fields.vatRate'), align: 'right', wide: true, render: (i) => f.percent(i.vatRate) },
    { key: 'warranty', header: t('item.fields.warrantyMonths'), align: 'right', wide: true, render: (i) => (i.warrantyMonths ? f.number(i.warrantyMonths) : '—') },
    { key: 'active', header: t('item.fields.active'), render: (i) => <ActiveBadge active={i.active} /> },
    {
      key: 'edit',
      header: '',
      width: 60,
      render: (i) =>
        canWrite && (
          <Button variant="subtle" size="compact-sm" onClick={() => setEditing(i)} aria-label={t('item.edit', { code: i.code })}>
            <Icon name="edit" size={14} />
          </Button>
        ),
    },
  ];
  return (
    <ListPage
      title={t('item.title')}
      subtitle={t('item.subtitle')}
      csv={{
        filename: 'articulos.csv',
        fetchPage: (cursor) => customersApi.items(query(cursor, 200)),
        columns: [
          { header: t('item.fields.code'), value: (i) => i.code },
          { header: t('item.fields.description'), value: (i) => i.description },
          { header: t('item.fields.kind'), value: (i) => t(`item.kinds.${i.kind}`) },
          { header: t('item.fields.price'), value: (i) => f.number(i.unitPriceCents / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }) },
          { header: t('item.fields.vatRate'), value: (i) => i.vatRate / 100 },
          { header: t('item.fields.warrantyMonths'), value: (i) => i.warrantyMonths },
        ],
      }}
      create={{ label: t('item.new'), onClick: () => setEditing('new'), allowed: canWrite }}
      filterState={filters}
      filters={
        <>
        <FilterSearch filters={filters} label={t('customer.search')} placeholder={t('item.searchPlaceholder')} />
        <Select
          label={t('item.fields.kind')}
          value={filters.values.kind || null}
          onChange={(v) => filters.set({ kind: v ?? '' })}
          data={ITEM_KINDS.map((k) => ({ value: k, label: t(`item.kinds.${k}`) }))}
          clearable
          placeholder={t('filters.all')}
          w={180}
        />
        </>
      }
      list={list} columns={columns} empty={<EmptyHint title={t('item.empty')} />}
    >
      <FormModal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('item.new') : editing ? t('item.edit', { code: editing.code }) : ''}>
        <ItemForm
          item={editing === 'new' ? undefined : (editing ?? undefined)}
          onCancel={() => setEditing(null)}
          onSaved={async (i, isNew) => {
            setEditing(null);
            await refreshCustomers();
            notifySuccess(isNew ? t('item.created', { code: i.code }) : t('item.saved'));
          }}
        />
      </FormModal>
    </ListPage>
  );
}
