/**
 * Configuration tables for any screen: `useCatalog('call-types')` gives the entries (cached),
 * `describe(code)` the text in the UI language, and `<CatalogSelect catalog="call-types" />` a
 * labelled select that offers active entries only but still shows a retired code already set.
 */
import { Select, type SelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CatalogDefinition, CatalogEntry, CatalogName } from '../../shared/catalogs.ts';
import { api } from '../app/api.ts';

export type { CatalogEntry } from '../../shared/catalogs.ts';

export type CatalogInfo = CatalogDefinition & { name: CatalogName; attributes: string[] };

export const catalogKey = (name: string) => ['catalogs', name] as const;

export function useCatalogDefinitions() {
  return useQuery({
    queryKey: ['catalogs'],
    queryFn: () => api.get<{ items: CatalogInfo[]; automaticActions: string[] }>('/catalogs'),
    staleTime: Infinity,
  });
}

export function entryText(entry: Pick<CatalogEntry, 'descriptionEs' | 'descriptionEn'>, language: string) {
  return language === 'en' ? entry.descriptionEn || entry.descriptionEs : entry.descriptionEs || entry.descriptionEn;
}

export function useCatalog(name: CatalogName) {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: catalogKey(name),
    queryFn: () => api.get<{ items: CatalogEntry[] }>(`/catalogs/${name}`).then((r) => r.items),
    staleTime: 60_000,
  });
  const entries = query.data ?? [];
  const describe = (code: string | null | undefined) => {
    if (!code) return '';
    const e = entries.find((x) => x.code === code);
    return e ? entryText(e, i18n.language) : code;
  };
  return { ...query, entries, describe, defaultEntry: entries.find((e) => e.active && e.isDefault) };
}

/** `CODE · Description` options; active ones, plus `keep` (a code already on the record). */
export function catalogOptions(entries: CatalogEntry[], language: string, keep?: string | null) {
  return entries
    .filter((e) => e.active || e.code === keep)
    .map((e) => ({ value: e.code, label: `${e.code} · ${entryText(e, language)}` }));
}

export function CatalogSelect({ catalog, value, ...rest }: { catalog: CatalogName; value: string | null | undefined } & Omit<SelectProps, 'data' | 'value'>) {
  const { i18n } = useTranslation();
  const { entries, isPending } = useCatalog(catalog);
  return <Select data={catalogOptions(entries, i18n.language, value)} value={value ?? null} searchable clearable disabled={isPending && !entries.length} {...rest} />;
}
