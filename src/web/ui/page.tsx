/** Page scaffolding: title row with actions, the "new" button with its shortcut, detail sections. */
import { Anchor, Box, Button, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ShortcutHint } from '../app/shortcuts.tsx';
import { LoadError, PageLoader } from './feedback.tsx';
import { Icon } from './icons.tsx';
import { EmptyHint } from './list.tsx';

export function PageHeader({ title, subtitle, actions, back, badges }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; back?: { to: string; label: string }; badges?: ReactNode }) {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  useDocumentTitle(typeof title === 'string' ? `${title} · Atiende` : 'Atiende');
  return (
    <Stack gap={4} mb="md">
      {back && (
        <Anchor component={Link} to={from && from.startsWith(back.to) ? from : back.to} size="sm" c="dimmed" data-print="hide">
          <Group gap={4}>
            <Icon name="arrowLeft" size={14} />
            {back.label}
          </Group>
        </Anchor>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Box>
          <Group gap="sm" align="center">
            {/* The page's one h1 (every screen has a PageHeader). */}
            <Title order={1} fz={22}>
              {title}
            </Title>
            {badges}
          </Group>
          {subtitle && (
            // gray.7, not dimmed: dimmed text on the page's gray background fails WCAG AA contrast.
            <Text c="gray.7" size="sm">
              {subtitle}
            </Text>
          )}
        </Box>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
    </Stack>
  );
}

/**
 * "Imprimir": prints the page as the print style sheet (global.css, `@media print`) lays it out —
 * the record or the list alone, full width, black on white.
 */
export function PrintButton() {
  const { t } = useTranslation();
  return (
    <Button variant="default" size="sm" leftSection={<Icon name="printer" size={16} />} onClick={() => window.print()} data-testid="print">
      {t('actions.print')}
    </Button>
  );
}

/** The module's "new" button; the tooltip shows the N shortcut. Give `to` or `onClick`. */
export function NewButton({ label, to, onClick }: { label: string; to?: string; onClick?: () => void }) {
  const { t } = useTranslation();
  const button = to ? (
    <Button component={Link} to={to} size="sm" leftSection={<Icon name="plus" size={16} />}>
      {label}
    </Button>
  ) : (
    <Button size="sm" onClick={onClick} leftSection={<Icon name="plus" size={16} />}>
      {label}
    </Button>
  );
  return <Tooltip label={<ShortcutHint label={t('shortcuts.new')} keys="N" />}>{button}</Tooltip>;
}

export function Section({ title, actions, children, id }: { title: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <Card withBorder radius="md" padding="md" id={id} component="section" aria-labelledby={id ? `${id}-title` : undefined}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md" id={id ? `${id}-title` : undefined}>
          {title}
        </Title>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {children}
    </Card>
  );
}

/** A section's "add" button (the section's `actions`): adds a record to what the section lists. */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="xs" variant="light" leftSection={<Icon name="plus" size={14} />} onClick={onClick}>
      {label}
    </Button>
  );
}

/**
 * The rows a section lists from one query: a loader while it loads, the error with "retry", `empty`
 * when there are none, else `children(rows)`.
 */
export function QueryRows<T>({ query, empty, children }: { query: UseQueryResult<T[]>; empty: ReactNode; children: (rows: T[]) => ReactNode }) {
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return query.data.length ? children(query.data) : <EmptyHint title={empty} />;
}

/** Label/value pairs of a detail page. */
export function Fields({ items, cols = 2 }: { items: Array<{ label: string; value: ReactNode }>; cols?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: cols }} spacing="sm" verticalSpacing="xs" component="dl" m={0}>
      {items.map((it) => (
        <Box key={it.label}>
          <Text component="dt" size="xs" c="dimmed" fw={500}>
            {it.label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {it.value === null || it.value === undefined || it.value === '' ? '—' : it.value}
          </Text>
        </Box>
      ))}
    </SimpleGrid>
  );
}
