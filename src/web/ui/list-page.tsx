/**
 * A list screen in one piece: the page header (title, subtitle, actions), the filters (a row of
 * fields on a wide screen, folded behind "Filtros" on a phone, with "Quitar filtros" while some
 * are set), then the keyset table of `ListTable` (cards on a phone, "Cargar más", the empty
 * state). What a list has of its own goes in `top` (between the header and the filters: a notice,
 * a highlighted record), `belowFilters` (switches that stay visible on a phone) and `children`
 * (its dialogs and drawers). See DEVELOPERS.md, "Web UI".
 *
 * The header's actions: `csv` (the CSV export of what the filters select) first, then `actions`,
 * then `create`, the list's "new" button, which is also what the `n` shortcut does on the page.
 */
import { Button, Card, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNewAction } from '../app/shortcuts.tsx';
import { Icon } from './icons.tsx';
import { type ExportCsvProps, ExportCsvButton, ListFilters, ListTable, type ListTableProps } from './list.tsx';
import { NewButton, PageHeader } from './page.tsx';

/** The table is labelled by the page's title, and rows with an `id` are keyed by it (`rowKey` otherwise). */
type ListPageTable<T> = Omit<ListTableProps<T>, 'rowKey' | 'caption'> & (T extends { id: string } ? { rowKey?: (row: T) => string } : { rowKey: (row: T) => string });

export type ListPageProps<T> = ListPageTable<T> & {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  csv?: ExportCsvProps<T>;
  /** "New" and the `n` shortcut, both left out unless `allowed` (default true). */
  create?: { label: string; onClick: () => void; allowed?: boolean };
  /** The filter fields (labelled inputs). */
  filters?: ReactNode;
  /**
   * The list's filters as `useUrlFilters()` keeps them (pass it whole): "Filtros" says when some
   * differs from its default (`active`), and "Quitar filtros" resets them (`clear`).
   */
  filterState?: { active: boolean; clear?: () => void };
  top?: ReactNode;
  belowFilters?: ReactNode;
  children?: ReactNode;
};

export function ListPage<T>({ title, subtitle, actions, csv, create, filters, filterState, top, belowFilters, children, rowKey, ...table }: ListPageProps<T>) {
  const { t } = useTranslation();
  const canCreate = !!create && create.allowed !== false;
  useNewAction(() => create?.onClick(), canCreate, create?.label);
  const filtersActive = filterState?.active ?? false;
  const onClearFilters = filterState?.clear;
  const clear = filtersActive && onClearFilters && (
    <Button size="xs" variant="subtle" onClick={onClearFilters} leftSection={<Icon name="x" size={14} />}>
      {t('common:actions.clearFilters')}
    </Button>
  );
  return (
    <Stack>
      <PageHeader
        title={title}
        subtitle={subtitle}
        actions={
          (csv || actions || canCreate) && (
            <>
              {csv && <ExportCsvButton {...csv} />}
              {actions}
              {canCreate && <NewButton label={create.label} onClick={create.onClick} />}
            </>
          )
        }
      />
      {top}
      {(filters || belowFilters) && (
        <Card withBorder padding="sm">
          <Stack gap="xs">
            {filters && (
              <ListFilters active={filtersActive}>
                {filters}
                {!belowFilters && clear}
              </ListFilters>
            )}
            {belowFilters && (
              <Group gap="md" align="center" wrap="wrap">
                {belowFilters}
                {clear}
              </Group>
            )}
          </Stack>
        </Card>
      )}
      <Card withBorder padding="xs">
        <ListTable {...table} rowKey={rowKey ?? ((row) => (row as { id: string }).id)} caption={title} />
      </Card>
      {children}
    </Stack>
  );
}
