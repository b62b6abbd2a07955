/** Selects used by this area's forms and filters: customers (searched on the server), catalogs, projects, contacts, users, groups. */
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../app/api.ts';
import { personOptions, useGroups, useUsers } from '../users/queries.ts';
import type { CatalogName } from '../../shared/catalogs.ts';
import { type CatalogEntry, useCatalog } from '../ui/catalogs.tsx';

type Base = Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (value: string | null) => void };

type CustomerOption = { id: string; code: string; name: string };

/** Customers searched on the server as one types (name, code, tax id, phone). */
export function CustomerSelect({ value, onChange, initialLabel, ...rest }: Base & { initialLabel?: string | null }) {
  const { t } = useTranslation('activities');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [labels, setLabels] = useState<Record<string, string>>(() => (value && initialLabel ? { [value]: initialLabel } : {}));
  const query = useQuery({
    queryKey: ['customers', 'pick', debounced],
    queryFn: ({ signal }) => api.get<Page<CustomerOption>>('/customers', { q: debounced || undefined, limit: 20 }, signal),
    staleTime: 30_000,
  });
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
    .map((e) => ({ value: e.code, label: `${e.code} · ${describeEntry(e, i18n.language)}${e.active ? '' : ` (${t('picker.retired')})`}` }));
  return <Select searchable clearable data={data} value={value} onChange={onChange} {...rest} />;
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

type ProjectOption = { id: string; code: string; name: string; active: boolean };

/** Projects of one customer (the project rule: only with a customer, only its projects). */
export function ProjectSelect({ customerId, value, onChange, ...rest }: Base & { customerId: string | null }) {
  const { t } = useTranslation('activities');
  const query = useQuery({
    queryKey: ['projects', 'of-customer', customerId],
    queryFn: ({ signal }) => api.get<Page<ProjectOption>>('/projects', { customerId: customerId ?? undefined, limit: 100 }, signal),
    enabled: Boolean(customerId),
    staleTime: 30_000,
  });
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

type ContactOption = { id: string; name: string; active: boolean };

export function ContactSelect({ customerId, value, onChange, ...rest }: Base & { customerId: string | null }) {
  const { t } = useTranslation('activities');
  const query = useQuery({
    queryKey: ['contacts', 'of-customer', customerId],
    queryFn: ({ signal }) => api.get<Page<ContactOption>>(`/customers/${customerId}/contacts`, { limit: 200 }, signal),
    enabled: Boolean(customerId),
    staleTime: 30_000,
  });
  const data = (query.data?.items ?? []).filter((c) => c.active || c.id === value).map((c) => ({ value: c.id, label: c.name }));
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
