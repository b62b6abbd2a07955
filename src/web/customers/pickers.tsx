/**
 * Searchable selects that ask the server as you type: `<CustomerPicker>` (also for calls,
 * activities, incidents…) and `<ItemPicker>`. `initial` gives the label of the current value.
 */
import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { type Customer, customersApi, type Item, usePickerOptions } from './queries.ts';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Label of the current value before any search (e.g. the record's customerName). */
  initialLabel?: string | null;
};

function RemotePicker<T>({ value, onChange, initialLabel, fetch, toOption, queryKey, ...rest }: PickerProps & { fetch: (q: string, signal: AbortSignal) => Promise<T[]>; toOption: (row: T) => { value: string; label: string }; queryKey: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(value && initialLabel ? { value, label: initialLabel } : null);
  const query = usePickerOptions(queryKey, debounced, fetch);
  const options = (query.data ?? []).map(toOption);
  if (picked && !options.some((o) => o.value === picked.value)) options.unshift(picked);
  return (
    <Select
      searchable
      clearable
      value={value}
      data={options}
      // The server already filtered; don't filter again on the label.
      filter={({ options: o }) => o}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        setPicked(option ? { value: option.value, label: option.label } : null);
        onChange(v);
      }}
      rightSection={query.isFetching ? <Loader size={14} /> : undefined}
      nothingFoundMessage="—"
      {...rest}
    />
  );
}

export function CustomerPicker(props: PickerProps) {
  return (
    <RemotePicker<Customer>
      {...props}
      queryKey="customers"
      fetch={(q, signal) => customersApi.list({ q: q || undefined, active: true, limit: 20 }, signal).then((p) => p.items)}
      toOption={(c) => ({ value: c.id, label: `${c.name} · ${c.code}` })}
    />
  );
}

export function ItemPicker({ serialized, ...props }: PickerProps & { serialized?: boolean }) {
  return (
    <RemotePicker<Item>
      {...props}
      queryKey={`items-${serialized ?? 'all'}`}
      fetch={(q, signal) => customersApi.items({ q: q || undefined, active: true, serialized, limit: 20 }, signal).then((p) => p.items)}
      toOption={(i) => ({ value: i.id, label: `${i.code} · ${i.description}` })}
    />
  );
}
