/**
 * The filter fields of a list bound to its `useUrlFilters`: each names the filter it reads and
 * sets, so a page writes what differs (label, options) and not the value/onChange wiring.
 *
 *   <FilterSearch filters={filters} label={t('unit.fields.serialNumber')} placeholder={…} />
 *   <FilterSegments filters={filters} name="status" label={t('customer.status')} options={{ active: …, inactive: …, all: … }} />
 *   <FilterSelect filters={filters} name="kind" label={t('fields.kind')} emptyAs="all" options={{ all: …, production: …, commercial: … }} w={150} />
 *
 * `options` maps each value to its label in display order (so no integer-like values). `emptyAs`
 * names the option that stands for "no filter", kept in the address as an empty value.
 */
import { SegmentedControl, Select, Switch, TextInput, type TextInputProps } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { LabelledSegments, SearchFilter, type UrlFilters } from './list.tsx';

/** A filter's options in display order: value → visible label. */
export type FilterOptions = Record<string, string>;

/** Options from a list of values and the label of each. */
export function optionsOf<V extends string>(values: readonly V[], label: (value: V) => string): FilterOptions {
  return Object.fromEntries(values.map((v) => [v, label(v)]));
}

type Filters = Record<string, string>;
type BoundProps<F extends Filters> = { filters: UrlFilters<F>; name: keyof F & string; label: string; options: FilterOptions; emptyAs?: string };

function bind<F extends Filters>({ filters, name, options, emptyAs }: BoundProps<F>) {
  return {
    value: filters.values[name] || emptyAs || '',
    onChange: (v: string | null) => filters.set({ [name]: v === null ? filters.defaults[name] : v === emptyAs ? '' : v } as Partial<F>),
    data: Object.entries(options).map(([value, label]) => ({ value, label })),
  };
}

/** A few options as labelled segments (status, sort order); `compact`: small, the label only named to screen readers. */
export function FilterSegments<F extends Filters>({ compact = false, ...props }: BoundProps<F> & { compact?: boolean }) {
  if (compact) return <SegmentedControl size="xs" aria-label={props.label} {...bind(props)} />;
  return <LabelledSegments label={props.label} {...bind(props)} />;
}

/** A day (YYYY-MM-DD in the address), shown DD/MM/YYYY, that may be cleared. */
export function FilterDate<F extends Filters>({ filters, name, label, w = 130 }: { filters: UrlFilters<F>; name: keyof F & string; label: string; w?: number }) {
  return <DateInput size="xs" label={label} value={filters.values[name] || null} onChange={(d) => filters.set({ [name]: d ?? '' } as Partial<F>)} clearable valueFormat="DD/MM/YYYY" w={w} />;
}

/** An on/off filter: `on` (default "1") in the address while checked, nothing when not. */
export function FilterSwitch<F extends Filters>({ filters, name, label, on = '1', color }: { filters: UrlFilters<F>; name: keyof F & string; label: string; on?: string; color?: string }) {
  return <Switch size="xs" label={label} color={color} checked={filters.values[name] === on} onChange={(e) => filters.set({ [name]: e.currentTarget.checked ? on : '' } as Partial<F>)} />;
}

/** More options as a compact select that always holds one of them. */
export function FilterSelect<F extends Filters>({ w, ...props }: BoundProps<F> & { w?: number }) {
  return <Select label={props.label} size="xs" w={w} allowDeselect={false} {...bind(props)} />;
}

/** The list's text search (debounced, trimmed: `SearchFilter`) on the filter `name`, `q` by default. */
export function FilterSearch<F extends Filters>({ filters, name = 'q', ...rest }: { filters: UrlFilters<F>; name?: keyof F & string } & Omit<TextInputProps, 'value' | 'onChange' | 'name'>) {
  return <SearchFilter {...rest} value={filters.values[name]} onSearch={(q) => filters.set({ [name]: q } as Partial<F>)} />;
}

/** A text filter on `name` (`q` by default) applied on Enter or on leaving the field, not while typing; `trim` trims it. */
export function FilterText<F extends Filters>({ filters, name = 'q', trim = false, ...rest }: { filters: UrlFilters<F>; name?: keyof F & string; trim?: boolean } & Omit<TextInputProps, 'defaultValue' | 'onKeyDown' | 'onBlur' | 'name'>) {
  const apply = (value: string) => filters.set({ [name]: trim ? value.trim() : value } as Partial<F>);
  return <TextInput size="xs" {...rest} defaultValue={filters.values[name]} onKeyDown={(e) => e.key === 'Enter' && apply(e.currentTarget.value)} onBlur={(e) => apply(e.currentTarget.value)} />;
}
