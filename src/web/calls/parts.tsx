/** Small pieces shared by the calls screens. */
import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { StatusBadge, type Tone } from '../ui/badges.tsx';
import { type CatalogEntry, catalogOptions as sharedCatalogOptions, useCatalog } from '../ui/catalogs.tsx';
import { type Call, useDestinations } from './queries.ts';

/** Pending / postponed until … / finished: text and colour. */
export function CallStateBadge({ call }: { call: Pick<Call, 'pending' | 'postponed' | 'postponedUntil'> }) {
  const { t } = useTranslation('calls');
  const f = useFormat();
  if (!call.pending) return <StatusBadge tone="green">{t('state.finished')}</StatusBadge>;
  if (call.postponed) return <StatusBadge tone="violet" title={t('state.postponedUntil', { when: f.dateTime(call.postponedUntil) })}>{t('state.postponedUntil', { when: f.dateTime(call.postponedUntil) })}</StatusBadge>;
  return <StatusBadge tone="orange">{t('state.pending')}</StatusBadge>;
}

/** Who called, in one line: customer, contact, else what they gave. */
export function callerText(call: Pick<Call, 'customerName' | 'contactName' | 'phone' | 'taxId' | 'serialNumber'>): string | null {
  const parts = [call.customerName, call.contactName].filter(Boolean);
  if (parts.length) return parts.join(' · ');
  return call.phone ?? call.taxId ?? call.serialNumber ?? null;
}

export function destinationText(call: Pick<Call, 'toUserName' | 'toGroupName'>, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (call.toUserName) return call.toUserName;
  if (call.toGroupName) return t('destination.group', { name: call.toGroupName });
  return '—';
}

export function useCatalogLabel() {
  const describe = useCatalogDescription();
  return (entries: CatalogEntry[] | undefined, code: string | null) => describe(entries, code) || (code ?? '—');
}

/** The description alone (in the user's language), for dense tables; the code when unknown. */
export function useCatalogDescription() {
  const { i18n } = useTranslation();
  return (entries: CatalogEntry[] | undefined, code: string | null) => {
    if (!code) return '—';
    const e = entries?.find((x) => x.code === code);
    if (!e) return code;
    return i18n.language === 'en' ? e.descriptionEn : e.descriptionEs;
  };
}

/** Catalog entries as select options (the description; spread `codeSearch` on the Select): active ones, plus the current value even if retired. */
export function catalogOptions(entries: CatalogEntry[] | undefined, language: string, keep?: string | null) {
  return sharedCatalogOptions(entries ?? [], language, keep);
}

/** One select for "to": users and groups, grouped. Values are "u:ID" / "g:ID". */
export function DestinationSelect(props: Omit<SelectProps, 'data'>) {
  const { t } = useTranslation('calls');
  const { users, groups } = useDestinations();
  const data = [
    { group: t('destination.users'), items: users.filter((u) => u.active).map((u) => ({ value: `u:${u.id}`, label: u.name })) },
    { group: t('destination.groups'), items: groups.map((g) => ({ value: `g:${g.id}`, label: t('destination.group', { name: g.name }) })) },
  ];
  return <Select searchable data={data} nothingFoundMessage="—" {...props} />;
}

/**
 * A call's priority as its description (the code on hover), coloured by its place in the
 * priorities table: the most urgent red, the next orange, the rest grey. Nothing without one.
 */
export function PriorityBadge({ code }: { code: string | null }) {
  const priorities = useCatalog('priorities');
  if (!code) return null;
  const order = [...priorities.entries].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code)).map((e) => e.code);
  const place = order.indexOf(code);
  const tone: Tone = place === 0 ? 'red' : place === 1 ? 'orange' : 'gray';
  return (
    <StatusBadge tone={tone} title={code} data-testid="call-priority">
      {priorities.describe(code)}
    </StatusBadge>
  );
}
