/** Selects used by this area's forms and filters: customers (searched on the server), catalogs, projects, contacts, users, groups. */
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerContacts, useCustomerSearch } from '../customers/queries.ts';
import { useCustomerProjects } from '../projects/queries.ts';
import { personOptions, useGroups, useUsers } from '../users/queries.ts';
import type { CatalogName } from '../../shared/catalogs.ts';
import { type CatalogEntry, codeSearch, useCatalog } from '../ui/catalogs.tsx';

type Base = Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (value: string | null) => void };

/** Customers searched on the server as one types (name, code, tax id, phone). */
export function CustomerSelect({ value, onChange, initialLabel, ...rest }: Base & { initialLabel?: string | null }) {
  const { t } = useTranslation('activities');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [labels, setLabels] = useState<Record<string, string>>(() => (value && initialLabel ? { [value]: initialLabel } : {}));
  const query = useCustomerSearch(debounced);
  const data = useMemo(() => {
    const options = new Map<string, string>();
    if (value && labels[value]) options.set(value, labels[value]);
    for (const c of query.data?.items ?? []) options.set(c.id, `${c.code} · ${c.name}`);
    return [...options].map(([v, label]) => ({ value: v, label }));
  }, [query.data, value, labels]);
  return (
    <Select
      searchable
      clearable
      placeholder={t('picker.searchCustomer')}
      nothingFoundMessage={query.isFetching ? undefined : t('picker.noCustomer')}
      data={data}
      value={value}
      onChange={(v) => {
        const label = data.find((d) => d.value === v)?.label;
        if (v && label) setLabels((l) => ({ ...l, [v]: label }));
        onChange(v);
      }}
      onSearchChange={setSearch}
      // The server already filtered (also by tax id and phone, which the label does not show).
      filter={({ options }) => options}
      {...rest}
    />
  );
}

export function describeEntry(e: CatalogEntry, language: string) {
  return language === 'en' ? e.descriptionEn : e.descriptionEs;
}

/** Active entries of a configuration table, plus the current value even if it was retired since. */
export function CatalogSelect({ catalog, value, onChange, ...rest }: Base & { catalog: CatalogName }) {
  const { t, i18n } = useTranslation('activities');
  const entries = useCatalog(catalog);
  const data = (entries.data ?? [])
    .filter((e) => e.active || e.code === value)
    .map((e) => ({ value: e.code, label: `${describeEntry(e, i18n.language) || e.code}${e.active ? '' : ` (${t('picker.retired')})`}` }));
  return <Select {...codeSearch} clearable data={data} value={value} onChange={onChange} title={value ?? undefined} {...rest} />;
}

/** The description of a code, for lists. */
export function useCatalogLabel(catalog: CatalogName) {
  const { i18n } = useTranslation();
  const entries = useCatalog(catalog);
  return (code: string | null | undefined) => {
    if (!code) return '';
    const e = entries.data?.find((x) => x.code === code);
    return e ? describeEntry(e, i18n.language) : code;
  };
}

/** Projects of one customer (the project rule: only with a customer, only its projects). */
export function ProjectSelect({ customerId, value, onChange, ...rest }: Base & { customerId: string | null }) {
  const { t } = useTranslation('activities');
  const query = useCustomerProjects(customerId);
  const data = (query.data?.items ?? []).filter((p) => p.active || p.id === value).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));
  return (
    <Select
      searchable
      clearable
      disabled={!customerId}
      placeholder={customerId ? undefined : t('picker.chooseCustomerFirst')}
      nothingFoundMessage={t('picker.noProjects')}
      data={data}
      value={value}
      onChange={onChange}
      {...rest}
    />
  );
}

export function ContactSelect({ customerId, value, onChange, ...rest }: Base & { customerId: string | null }) {
  const { t } = useTranslation('activities');
  const query = useCustomerContacts(customerId);
  const data = (query.data ?? []).filter((c) => c.active || c.id === value).map((c) => ({ value: c.id, label: c.name }));
  return <Select searchable clearable disabled={!customerId} placeholder={customerId ? undefined : t('picker.chooseCustomerFirst')} data={data} value={value} onChange={onChange} {...rest} />;
}

export function UserSelect({ value, onChange, ...rest }: Base) {
  const users = useUsers();
  const data = personOptions(users.data, value);
  return <Select searchable clearable data={data} value={value} onChange={onChange} {...rest} />;
}

export function GroupSelect({ value, onChange, ...rest }: Base) {
  const groups = useGroups();
  const data = personOptions(groups.data, value);
  return <Select searchable clearable data={data} value={value} onChange={onChange} {...rest} />;
}
