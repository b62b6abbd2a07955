/** Selects for a customer (found through /search), a customer's projects, a user or a group. */
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearch } from '../app/queries.ts';
import { projectsApi, projectsKeys } from './queries.ts';
import { personOptions, useGroups, useUsers } from '../users/queries.ts';

const CUSTOMER_TYPES = ['customer'];

type Picker = Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (value: string | null) => void };

/** Type part of a customer's name, code, tax id or phone; `initial` labels the current value. */
export function CustomerSelect({ value, onChange, initial, ...rest }: Picker & { initial?: { id: string; name: string } | null }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(initial ? { value: initial.id, label: initial.name } : null);
  const hits = useSearch(debounced, CUSTOMER_TYPES);
  const data = (hits.data?.items ?? []).map((h) => ({ value: h.id, label: h.subtitle ? `${h.title} · ${h.subtitle}` : h.title }));
  if (picked && !data.some((d) => d.value === picked.value)) data.unshift(picked);
  return (
    <Select
      {...rest}
      searchable
      clearable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={debounced.trim().length >= 2 && !hits.isFetching ? '—' : undefined}
      onChange={(v, option) => {
        setPicked(v && option ? { value: v, label: option.label } : null);
        onChange(v);
      }}
    />
  );
}

/** The active projects of a customer (all of them when `customerId` is null). */
export function ProjectSelect({ value, onChange, customerId, ...rest }: Picker & { customerId: string | null }) {
  const projects = useQuery({
    queryKey: projectsKeys.options(customerId),
    queryFn: ({ signal }) => projectsApi.list({ customerId, active: true, limit: 200 }, signal),
    enabled: !!customerId,
  });
  const data = (projects.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));
  return <Select {...rest} searchable clearable data={data} value={value} onChange={(v) => onChange(v)} disabled={!customerId || rest.disabled} />;
}

export function UserSelect({ value, onChange, ...rest }: Picker) {
  const users = useUsers();
  return <Select {...rest} searchable data={personOptions(users.data, value)} value={value} onChange={(v) => onChange(v)} />;
}

export function GroupSelect({ value, onChange, ...rest }: Picker) {
  const groups = useGroups();
  return <Select {...rest} searchable data={personOptions(groups.data, value)} value={value} onChange={(v) => onChange(v)} />;
}
