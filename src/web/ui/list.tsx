/**
 * The list page pattern: filters in the URL (bookmarkable), keyset paging with "load more" (and
 * automatic loading when the end of the table scrolls into view), a dense table whose rows open
 * the detail with Enter or a click, loading and empty states, and CSV export of what the filters
 * select. See DEVELOPERS.md, "Web UI".
 */
import { ActionIcon, Box, Button, type MantineSpacing, Center, Collapse, Group, Loader, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, TextInput, type TextInputProps, Tooltip } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { Page } from '../app/api.ts';
import { downloadText, toCsv } from './csv.ts';
import { LoadError, notifyError, notifySuccess } from './feedback.tsx';
import { Icon } from './icons.tsx';

/** Filters kept in the address: `values` has every key (defaults filled in), `set` replaces some. */
export function useUrlFilters<F extends Record<string, string>>(defaults: F) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const v = { ...defaults } as Record<string, string>;
    for (const key of Object.keys(defaults)) {
      const got = params.get(key);
      if (got !== null) v[key] = got;
    }
    return v as F;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params]);
  const set = (patch: Partial<F>) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === defaults[key]) next.delete(key);
          else next.set(key, value as string);
        }
        return next;
      },
      { replace: true },
    );
  };
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const active = Object.keys(defaults).some((k) => values[k] !== defaults[k]);
  return { values, defaults, set, clear, active };
}

/** What `useUrlFilters` returns. */
export type UrlFilters<F extends Record<string, string>> = ReturnType<typeof useUrlFilters<F>>;

/** Keyset paging over `GET …?cursor=`: pages are appended, `items` is the flat list. */
export function useKeysetList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>, opts: { enabled?: boolean } = {}) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: opts.enabled,
    placeholderData: (prev) => prev,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  return { ...query, items };
}
export type KeysetList<T> = ReturnType<typeof useKeysetList<T>>;

/** What ListTable reads of a list: a keyset list, or a whole array through `useArrayList`. */
export type ListSource<T> = Pick<KeysetList<T>, 'items' | 'isPending' | 'isError' | 'error' | 'isFetching' | 'hasNextPage' | 'isFetchingNextPage'> & {
  refetch: () => unknown;
  fetchNextPage: () => unknown;
};

/**
 * A query that answers a whole array (groups, users, API tokens) as a ListTable list: one page, no
 * "load more"; `keep` filters the rows on the client (e.g. hide inactive users).
 */
export function useArrayList<T>(query: UseQueryResult<T[]>, keep?: (row: T) => boolean): ListSource<T> {
  const items = useMemo(() => (keep ? (query.data ?? []).filter(keep) : (query.data ?? [])), [query.data, keep]);
  return { items, isPending: query.isPending, isError: query.isError, error: query.error, isFetching: query.isFetching, hasNextPage: false, isFetchingNextPage: false, refetch: query.refetch, fetchNextPage: () => undefined };
}

export type Column<T> = {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  width?: number | string;
  /** Hidden on narrow screens (tablet portrait). */
  wide?: boolean;
  align?: 'left' | 'right' | 'center';
  /**
   * On a phone the list shows one card per row with every column (label above value, two per
   * line): `full` gives the column the whole width of the card (a description), `hide` leaves it
   * out of the card.
   */
  card?: 'full' | 'hide';
};

/** Phones (below Mantine's `sm`, 768 px): lists show cards and filters fold away. */
export const PHONE_QUERY = '(max-width: 47.99em)';
export function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY, false, { getInitialValueInEffect: false }) ?? false;
}

/**
 * The filters of a list: on a wide screen a row of fields as always; on a phone they fold away
 * behind a "Filtros" button (which says when some are active).
 */
export function ListFilters({ active, children, mb }: { active: boolean; children: ReactNode; mb?: MantineSpacing }) {
  const { t } = useTranslation();
  const phone = usePhone();
  const [opened, { toggle }] = useDisclosure(false);
  if (!phone)
    return (
      <Group gap="sm" align="flex-end" wrap="wrap" mb={mb}>
        {children}
      </Group>
    );
  return (
    <Box mb={mb}>
      <Button variant={active ? 'light' : 'default'} size="sm" leftSection={<Icon name="settings" size={16} />} onClick={toggle} aria-expanded={opened} aria-controls="list-filters" data-testid="filters-toggle">
        {active ? t('list.filtersActive') : t('list.filters')}
      </Button>
      <Collapse expanded={opened}>
        <Stack gap="sm" mt="sm" id="list-filters" data-testid="list-filters" className="list-filters">
          {children}
        </Stack>
      </Collapse>
    </Box>
  );
}

function RowCard<T>({ row, columns, onOpen }: { row: T; columns: Column<T>[]; onOpen?: () => void }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="li"
      tabIndex={onOpen ? 0 : undefined}
      onClick={(e: React.MouseEvent<HTMLElement>) => {
        if (onOpen && !(e.target as HTMLElement).closest('a,button,input')) onOpen();
      }}
      onKeyDown={(e: React.KeyboardEvent<HTMLElement>) => {
        if (e.key === 'Enter' && onOpen) onOpen();
      }}
      style={{ cursor: onOpen ? 'pointer' : undefined, listStyle: 'none' }}
      data-card
    >
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
        {columns
          .filter((c) => c.card !== 'hide')
          .map((c) => (
            <Box key={c.key} style={{ gridColumn: c.card === 'full' ? '1 / -1' : undefined, minWidth: 0 }}>
              {c.header && (
                <Text size="xs" c="dimmed" fw={500}>
                  {c.header}
                </Text>
              )}
              <Box fz="sm" style={{ overflowWrap: 'anywhere' }}>
                {c.render(row)}
              </Box>
            </Box>
          ))}
      </SimpleGrid>
    </Paper>
  );
}

/**
 * Dense table for a keyset list. Rows are focusable: Enter opens, ↑/↓ move. `rowHref` rows keep
 * the list's address in history state so the detail's "back" returns to the same filters.
 */
export type ListTableProps<T> = {
  list: ListSource<T>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowHref?: (row: T) => string;
  /** What to show when nothing matches — say what to do next. */
  empty: ReactNode;
  caption?: string;
};

export function ListTable<T>({ list, columns, rowKey, rowHref, empty, caption }: ListTableProps<T>) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const sentinel = useRef<HTMLDivElement | null>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const open = (row: T) => rowHref && navigate(rowHref(row), { state: { from: location.pathname + location.search } });
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, row: T) => {
    if (event.key === 'Enter') open(row);
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const sibling = (event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling) as HTMLElement | null;
      sibling?.focus();
    }
  };

  const phone = usePhone();

  if (list.isError && !list.items.length) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;

  return (
    <Box>
      {phone ? (
        <Stack component="ul" gap="xs" p={0} m={0} aria-label={caption} aria-busy={list.isFetching} data-testid="list-cards">
          {list.isPending && Array.from({ length: 4 }, (_, i) => <Skeleton key={`s${i}`} component="li" height={72} radius="md" />)}
          {list.items.map((row) => (
            <RowCard key={rowKey(row)} row={row} columns={columns} onOpen={rowHref ? () => open(row) : undefined} />
          ))}
        </Stack>
      ) : (
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover verticalSpacing={6} horizontalSpacing="sm" fz="sm" aria-busy={list.isFetching} aria-label={caption} bg="white">
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} style={{ width: c.width, textAlign: c.align }} visibleFrom={c.wide ? 'md' : undefined}>
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isPending &&
              Array.from({ length: 8 }, (_, i) => (
                <Table.Tr key={`s${i}`}>
                  {columns.map((c) => (
                    <Table.Td key={c.key} visibleFrom={c.wide ? 'md' : undefined}>
                      <Skeleton height={14} radius="sm" />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {list.items.map((row) => (
              <Table.Tr
                key={rowKey(row)}
                tabIndex={rowHref ? 0 : undefined}
                onClick={(e) => {
                  // Let links and buttons inside the row do their own thing.
                  if (!(e.target as HTMLElement).closest('a,button,input')) open(row);
                }}
                onKeyDown={(e) => onRowKey(e, row)}
                style={{ cursor: rowHref ? 'pointer' : undefined }}
                data-row
              >
                {columns.map((c) => (
                  <Table.Td key={c.key} style={{ textAlign: c.align }} visibleFrom={c.wide ? 'md' : undefined}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      )}
      {!list.isPending && !list.items.length && <Box py="lg">{empty}</Box>}
      <Group justify="space-between" mt="xs" ref={sentinel}>
        <Text size="xs" c="dimmed" aria-live="polite">
          {list.items.length > 0 && `${t('list.showing', { count: list.items.length })} · ${hasNextPage ? t('list.more') : t('list.end')}`}
        </Text>
        {hasNextPage && (
          <Button variant="light" size="xs" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
            {t('actions.loadMore')}
          </Button>
        )}
        {list.isFetching && !list.isPending && !isFetchingNextPage && <Loader size="xs" aria-label={t('state.loading')} />}
      </Group>
    </Box>
  );
}

/**
 * Exports every row the filters select, page by page (200 at a time), up to `max` rows.
 * `columns` gives the CSV header and the value of each cell.
 */
export type ExportCsvProps<T> = {
  filename: string;
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
  columns: Array<{ header: string; value: (row: T) => unknown }>;
  max?: number;
};

export function ExportCsvButton<T>({ filename, fetchPage, columns, max = 50_000 }: ExportCsvProps<T>) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const run = async () => {
    setProgress(0);
    try {
      const rows: unknown[][] = [];
      let cursor: string | undefined;
      do {
        const page = await fetchPage(cursor);
        for (const item of page.items) rows.push(columns.map((c) => c.value(item)));
        setProgress(rows.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < max);
      downloadText(filename, toCsv(columns.map((c) => c.header), rows.slice(0, max)));
      notifySuccess(cursor ? t('list.exportLimited', { count: max }) : t('list.exported', { count: rows.length }));
    } catch (error) {
      notifyError(error);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Button variant="default" size="xs" leftSection={<Icon name="download" size={16} />} onClick={() => void run()} loading={progress !== null} loaderProps={{ type: 'dots' }}>
      {progress !== null ? t('list.exporting', { count: progress }) : t('actions.exportCsv')}
    </Button>
  );
}

/** "Nothing here — do this next". */
/**
 * The text search of a list: what is typed goes to the filters (`onSearch`, e.g. the address),
 * trimmed, after a 250 ms pause, so each key does not fetch; a change from outside (clearing the
 * filters, a saved view) shows in the field, while the spaces being typed stay in it.
 */
export function SearchFilter({ value, onSearch, ...rest }: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onSearch: (q: string) => void }) {
  const [q, setQ] = useState(value);
  const pushed = useRef(value);
  const push = useDebouncedCallback((v: string) => {
    pushed.current = v;
    onSearch(v.trim());
  }, 250);
  useEffect(() => {
    if (value !== pushed.current.trim()) {
      pushed.current = value;
      setQ(value);
    }
  }, [value]);
  return (
    <TextInput
      type="search"
      leftSection={<Icon name="search" size={16} />}
      w={{ base: '100%', sm: 280 }}
      {...rest}
      value={q}
      onChange={(e) => {
        setQ(e.currentTarget.value);
        push(e.currentTarget.value);
      }}
    />
  );
}

/** A choice among a few options (status, sort order) with its visible label, named for screen readers. */
export function LabelledSegments({ label, value, onChange, data }: { label: string; value: string; onChange: (v: string) => void; data: Array<{ value: string; label: string }> }) {
  const id = useId();
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <SegmentedControl size="sm" aria-labelledby={id} value={value} onChange={onChange} data={data} />
    </Stack>
  );
}

/** The views of an inbox as tabs ("mine", "my groups"…), each with an optional count beside it. */
export function ViewTabs<V extends string>({ views, value, onChange, label, count }: { views: readonly V[]; value: V; onChange: (view: V) => void; label: (view: V) => string; count?: (view: V) => ReactNode }) {
  return (
    <Tabs value={value} onChange={(v) => v && onChange(v as V)} keepMounted={false}>
      <Tabs.List>
        {views.map((v) => (
          <Tabs.Tab key={v} value={v} rightSection={count?.(v)}>
            {label(v)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}

/**
 * A table of rows already at hand (an invoice's lines, an incident's supplies): a header, then one
 * row each, with the columns of `ListTable` (header, render, align, width), and `footer` (a totals
 * row) last. `minWidth` scrolls it sideways on a narrow screen instead of squeezing it.
 */
export function RowsTable<T>({ rows, columns, rowKey, caption, minWidth, striped = false, footer }: { rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string | number; caption?: string; minWidth?: number; striped?: boolean; footer?: ReactNode }) {
  const table = (
    <Table striped={striped} aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c.key} ta={c.align} w={c.width}>
              {c.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)}>
            {columns.map((c) => (
              <Table.Td key={c.key} ta={c.align}>
                {c.render(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
      {footer && <Table.Tfoot>{footer}</Table.Tfoot>}
    </Table>
  );
  return minWidth ? <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer> : table;
}

/** The "Editar" button of a row that edits in a dialog; `label` names the record for screen readers. */
export function EditButton({ label, onClick }: { label: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button variant="subtle" size="compact-sm" onClick={onClick} aria-label={label} leftSection={<Icon name="edit" size={14} />}>
      {t('common:actions.edit')}
    </Button>
  );
}

/** A row's remove icon: `label` is its tooltip and its name for screen readers. */
export function RemoveIconButton({ label, onClick, color = 'red', iconSize = 16 }: { label: string; onClick: () => void; color?: string; iconSize?: number }) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color={color} aria-label={label} onClick={onClick}>
        <Icon name="trash" size={iconSize} />
      </ActionIcon>
    </Tooltip>
  );
}

export function EmptyHint({ title, action }: { title: ReactNode; action?: ReactNode }) {
  return (
    <Center>
      <Group gap="sm" c="dimmed">
        <Icon name="inbox" />
        <Text size="sm">{title}</Text>
        {action}
      </Group>
    </Center>
  );
}
