/**
 * Configuration tables for any screen: `useCatalog('call-types')` gives the entries (cached),
 * `describe(code)` the text in the UI language, and `<CatalogSelect catalog="call-types" />` a
 * labelled select that offers active entries only but still shows a retired code already set.
 */
import { type ComboboxParsedItem, Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CatalogEntry, CatalogIndex, CatalogName } from '../../shared/catalogs.ts';
import { matchesCodeOrLabel } from './code-search.ts';
import { useCatalogEntries } from './queries.ts';

export type { CatalogEntry } from '../../shared/catalogs.ts';

/** One table as GET /catalogs describes it (flags, attributes). */
export type CatalogInfo = CatalogIndex['items'][number];

export { catalogsKeys, useCatalogDefinitions } from './queries.ts';

export function entryText(entry: Pick<CatalogEntry, 'descriptionEs' | 'descriptionEn'>, language: string) {
  return language === 'en' ? entry.descriptionEn || entry.descriptionEs : entry.descriptionEs || entry.descriptionEn;
}

export function useCatalog(name: CatalogName) {
  const { i18n } = useTranslation();
  const query = useCatalogEntries(name);
  const entries = query.data ?? [];
  const describe = (code: string | null | undefined) => {
    if (!code) return '';
    const e = entries.find((x) => x.code === code);
    return e ? entryText(e, i18n.language) : code;
  };
  return { ...query, entries, describe, defaultEntry: entries.find((e) => e.active && e.isDefault) };
}

/**
 * Options that read as the description alone (a person never reads "PE · Pendiente"); the code is
 * the option's value, shown on hover and still found by the search (`codeSearch`). Active entries,
 * plus `keep` (a code already on the record).
 */
export function catalogOptions(entries: Array<Pick<CatalogEntry, 'code' | 'descriptionEs' | 'descriptionEn' | 'active'>>, language: string, keep?: string | null) {
  return entries
    .filter((e) => e.active || e.code === keep)
    .map((e) => ({ value: e.code, label: entryText(e, language) || e.code }));
}

/**
 * Props for a Select over catalog options: search by code or description, the code on hover.
 * `<Select data={catalogOptions(…)} {...codeSearch} />`.
 */
export const codeSearch: Pick<SelectProps, 'filter' | 'renderOption' | 'searchable'> = {
  searchable: true,
  filter: ({ options, search, limit }) => {
    const out: ComboboxParsedItem[] = [];
    for (const o of options) {
      if (out.length >= limit) break;
      if ('group' in o) {
        const items = o.items.filter((i) => matchesCodeOrLabel(i, search));
        if (items.length) out.push({ ...o, items });
      } else if (matchesCodeOrLabel(o, search)) out.push(o);
    }
    return out;
  },
  renderOption: ({ option }) => <span title={option.value}>{option.label}</span>,
};

export function CatalogSelect({ catalog, value, ...rest }: { catalog: CatalogName; value: string | null | undefined } & Omit<SelectProps, 'data' | 'value'>) {
  const { i18n } = useTranslation();
  const { entries, isPending } = useCatalog(catalog);
  return <Select data={catalogOptions(entries, i18n.language, value)} value={value ?? null} searchable clearable disabled={isPending && !entries.length} title={value ?? undefined} {...codeSearch} {...rest} />;
}
